#!/bin/bash
#
# Build the api image.
#
#   TAG=1.3 ./build.sh
#
# Needs root for docker on the build hosts, hence the sudo.

TAG=${TAG:-1.0}
NAME="api"
BUILDER_IMAGE="${NAME}-builder:${TAG}"

echo "==> building ${NAME}:${TAG}"
sudo docker build -t "${NAME}:${TAG}" -t "${NAME}:latest" .
if [ $? -ne 0 ]; then
    echo "failed to build ${NAME}:${TAG}" >&2
    exit 1
fi

echo "==> done: ${NAME}:${TAG}"
