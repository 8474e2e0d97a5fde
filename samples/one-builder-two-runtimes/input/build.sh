#!/bin/sh
# One builder, two images: orders-api and orders-worker.
set -e

TAG=${TAG:-latest}

docker build -f Dockerfile.build -t orders-builder .

rm -rf build && mkdir -p build
docker create --name orders-artifacts orders-builder
docker cp orders-artifacts:/out/orders-api build/
docker cp orders-artifacts:/out/orders-worker build/
docker rm orders-artifacts

docker build -f Dockerfile.api -t orders-api:$TAG .
docker build -f Dockerfile.worker -t orders-worker:$TAG .
