#!/bin/sh
# Two builders (Go API, web front end), one runtime image.
set -e

docker build -f backend/Dockerfile.build -t shop-api-builder backend
docker build -f docker/web-builder.Dockerfile -t shop-web-builder frontend

rm -rf build
mkdir -p build

api=$(docker create shop-api-builder)
docker cp "$api":/out/shop-api build/shop-api
docker rm "$api"

web=$(docker create shop-web-builder)
docker cp "$web":/web/dist build/public
docker rm "$web"

docker build -t shop:latest .
