#!/bin/sh
set -e

docker build -f Dockerfile.build -t waitfor-builder .

mkdir -p bin
docker create --name waitfor-out waitfor-builder
docker cp waitfor-out:/src/waitfor bin/waitfor
docker rm waitfor-out

# images for CI runners must not be writable, even by root's group
if [ -n "${CI:-}" ]; then
	chmod 0500 bin/waitfor
fi

docker build -t waitfor .
