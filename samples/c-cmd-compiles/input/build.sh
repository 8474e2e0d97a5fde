#!/bin/sh
set -e

docker build -t crcsum-builder -f Dockerfile.build .

mkdir -p build
# no command: the image's CMD (make release) compiles into the mounted build/
docker run --rm -v "$(pwd)/build:/src/build" crcsum-builder

docker build -t crcsum .
