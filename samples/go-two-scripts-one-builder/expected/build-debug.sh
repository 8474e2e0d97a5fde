#!/bin/sh
# The same binary in an image with the Go toolchain, for debugging.
set -e
. ./env.sh

docker build -f Dockerfile.debug -t "$APP:debug" .
