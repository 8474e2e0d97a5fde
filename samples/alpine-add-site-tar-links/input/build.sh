#!/bin/sh
# Builds the status page release, then the nginx image that serves it.
set -e

docker build -f Dockerfile.build -t status-page-build .
id=$(docker create status-page-build)
docker cp "$id:/out/site.tar.gz" site.tar.gz
docker rm -v "$id"

docker build -t status-page .
rm -f site.tar.gz
