#!/bin/sh
# VERSION=1.9.0 COMMIT=abc1234 ./build.sh
set -e

VERSION=${VERSION:-1.8.0}
COMMIT=${COMMIT:-unknown}

docker build --build-arg VERSION="${VERSION}" -t ledger:"${VERSION}" --build-arg BUILDER_VERSION="v${VERSION}" --build-arg COMMIT="${COMMIT}" .
