#!/bin/sh
set -e

docker build -f Dockerfile.build -t certcheck-build .
id=$(docker create certcheck-build)
docker cp "$id:/pkg/release.tar.gz" .
docker rm "$id"

docker build -t certcheck .
rm -f release.tar.gz
