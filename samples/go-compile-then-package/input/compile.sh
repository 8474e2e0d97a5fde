#!/bin/sh
# Compiles ticker into dist/ with the toolchain image; run package.sh afterwards.
set -e
mkdir -p dist
docker build -f Dockerfile.build -t ticker-build .
docker run --rm -v "$PWD/dist:/output" ticker-build
