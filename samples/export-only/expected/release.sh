#!/bin/sh
# Cross-compiles jsonfmt in Docker and collects the binaries in release/,
# ready to be attached to the GitHub release. No image is published.
set -e

VERSION=${VERSION:-1.3.0}

rm -rf release
mkdir release
DOCKER_BUILDKIT=1 docker build --build-arg VERSION="$VERSION" --target export --output type=local,dest=release .

echo "attach release/* to the v$VERSION release"
