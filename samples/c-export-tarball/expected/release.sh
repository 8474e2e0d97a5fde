#!/bin/sh
# Produce release/echo2-linux-amd64.tar for the download page.
set -e

mkdir -p release
DOCKER_BUILDKIT=1 docker build -f Dockerfile.build --target export --output type=local,dest=release .

tar --mtime=@0 --owner=0 --group=0 --numeric-owner -C release -cf release/echo2-linux-amd64.tar echo2
echo "release/echo2-linux-amd64.tar is ready"
