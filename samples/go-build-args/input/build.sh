#!/bin/sh
# VERSION=1.9.0 COMMIT=abc1234 ./build.sh
set -e

VERSION=${VERSION:-1.8.0}
COMMIT=${COMMIT:-unknown}

# Go binaries carry a v-prefixed version, image tags do not.
docker build -f Dockerfile.build \
  --build-arg VERSION="v${VERSION}" \
  --build-arg COMMIT="${COMMIT}" \
  -t ledger-builder:"${VERSION}" .

cid=$(docker create ledger-builder:"${VERSION}")
docker cp "${cid}:/out/ledger" ledger
docker rm "${cid}"

docker build --build-arg VERSION="${VERSION}" -t ledger:"${VERSION}" .
rm -f ledger
