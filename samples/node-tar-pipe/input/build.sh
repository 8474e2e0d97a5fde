#!/bin/sh
set -e

docker build -f Dockerfile.build -t status-page-build .

# stream the bundle straight out of the builder into ./web
rm -rf web && mkdir -p web
docker run --rm status-page-build tar -c -C /app dist | tar -x -C web

docker build -t status-page .
