#!/bin/sh
set -e

docker build -f Dockerfile.build -t notary-builder .
id=$(docker create notary-builder)
docker cp "$id:/out/notary" ./notary
docker rm "$id"
docker build -t notary:latest .
rm ./notary
