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

echo "==> building ${BUILDER_IMAGE}"
sudo docker build \
    --file Dockerfile.build \
    --tag "${BUILDER_IMAGE}" \
    .
if [ $? -ne 0 ]; then
    echo "failed to build ${BUILDER_IMAGE}" >&2
    exit 1
fi

id=$(sudo docker create "${BUILDER_IMAGE}")
sudo docker cp "${id}:/src/bin/api-server" "./api-server"
if [ $? -ne 0 ]; then
    echo "could not copy api-server out of ${id}" >&2
    sudo docker rm -v "${id}" || true
    exit 1
fi
sudo docker rm -v $id || true

echo "==> building ${NAME}:${TAG}"
sudo docker build -t "${NAME}:${TAG}" -t "${NAME}:latest" .
if [ $? -ne 0 ]; then
    echo "failed to build ${NAME}:${TAG}" >&2
    exit 1
fi

rm -f ./api-server
echo "==> done: ${NAME}:${TAG}"
