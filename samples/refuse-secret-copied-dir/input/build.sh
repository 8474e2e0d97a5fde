#!/bin/sh
# Builds the API: dependencies and the TypeScript build run in the builder,
# then the whole /app folder is copied out and into a slim runtime image.
set -e

docker build --build-arg NPM_TOKEN="$NPM_TOKEN" -f Dockerfile.build -t orders-api-builder .
id=$(docker create orders-api-builder)
docker cp "$id":/app ./app
docker rm "$id"

docker build -t orders-api .
rm -rf ./app
