#!/bin/sh
set -e

docker build -f Dockerfile.build -t digestbot-deps .

# vendor/ ends up in the repository and reaches the image through COPY . /app
rm -rf vendor
docker create --name digestbot-deps-c digestbot-deps
docker cp digestbot-deps-c:/build/vendor ./vendor
docker rm digestbot-deps-c

docker build -t digestbot .
