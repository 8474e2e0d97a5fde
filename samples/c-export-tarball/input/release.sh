#!/bin/sh
# Produce release/echo2-linux-amd64.tar for the download page.
set -e

docker build -f Dockerfile.build -t echo2-builder .

mkdir -p release
docker create --name echo2-release echo2-builder
docker cp echo2-release:/src/echo2 release/echo2
docker rm echo2-release

tar --mtime=@0 --owner=0 --group=0 --numeric-owner -C release -cf release/echo2-linux-amd64.tar echo2
echo "release/echo2-linux-amd64.tar is ready"
