#!/bin/sh
# A shell in the toolchain image.
cd "$(dirname "$0")/.."
docker build -f Dockerfile.build -t app-builder .
docker run --rm -it app-builder sh
