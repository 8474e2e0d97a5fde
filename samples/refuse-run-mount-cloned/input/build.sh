#!/bin/sh

docker build -t zlogd-builder -f Dockerfile.build .

docker run --rm -v "$PWD/zlogd:/src/zlogd" zlogd-builder /compile.sh

docker build -t zlogd -f Dockerfile.run .
