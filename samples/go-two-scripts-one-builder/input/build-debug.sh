#!/bin/sh
# The same binary in an image with the Go toolchain, for debugging.
set -e
. ./env.sh

sh scripts/builder.sh
docker create --name "$APP-debug-extract" "$BUILDER_IMAGE"
docker cp "$APP-debug-extract:/go/bin/beacon" ./beacon
docker rm "$APP-debug-extract"

docker build -f Dockerfile.debug -t "$APP:debug" .
rm -f ./beacon
