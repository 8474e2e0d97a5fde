#!/bin/sh
# One builder, two images: orders-api and orders-worker.
set -e

TAG=${TAG:-latest}

docker build -f Dockerfile.api -t orders-api:$TAG --target orders-api .
docker build -t orders-worker:$TAG -f Dockerfile.api --target orders-worker .
