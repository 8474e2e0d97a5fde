#!/bin/sh
# A shell in the toolchain image, for debugging builds.
set -e
docker build -f Dockerfile.build -t myapp-builder .
docker run --rm -it myapp-builder bash
