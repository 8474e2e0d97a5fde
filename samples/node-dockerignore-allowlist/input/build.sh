#!/bin/sh
set -e

docker build -f Dockerfile.build -t docs-portal-build web

rm -rf dist
docker create --name docs-portal-dist docs-portal-build
docker cp docs-portal-dist:/app/dist ./dist
docker rm docs-portal-dist

docker build -t docs-portal .
