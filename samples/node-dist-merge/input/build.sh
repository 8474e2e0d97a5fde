#!/bin/sh
set -e

docker build -f Dockerfile.build -t docs-portal-build .

# copy the *contents* of the builder's dist/ into our dist/
mkdir -p dist
docker create --name docs-portal-build-tmp docs-portal-build
docker cp docs-portal-build-tmp:/app/dist/. dist
docker rm docs-portal-build-tmp

docker build -t docs-portal:3.2.0 .
rm -rf dist
