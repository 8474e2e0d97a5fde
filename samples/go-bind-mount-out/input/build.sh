#!/bin/sh
# The builder compiles during `docker build`; the container only copies the
# binary into ./out, which is bind-mounted from the host.
set -e

docker build -f Dockerfile.builder -t thumbnailer-builder .

mkdir -p out
docker run --rm -v "$PWD/out:/out" thumbnailer-builder sh -c 'cp /go/bin/thumbnailer /out/'

docker build -t thumbnailer .
