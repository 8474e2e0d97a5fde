#!/bin/sh
set -e

docker build -t nettools-builder -f Dockerfile.build .

rm -rf tools
docker create --name nettools-x nettools-builder
docker cp nettools-x:/opt/tools ./tools
docker rm nettools-x
ls -l tools

docker build -t nettools .
rm -rf tools
