#!/bin/sh
# Produce release/echo2-linux-amd64.tar.gz for the download page.
set -e

docker build -f Dockerfile.build -t echo2-builder .

mkdir -p release
docker create --name echo2-release echo2-builder
docker cp echo2-release:/src/echo2 release/echo2
docker rm echo2-release

tar -C release -czf release/echo2-linux-amd64.tar.gz echo2
echo "release/echo2-linux-amd64.tar.gz is ready"
