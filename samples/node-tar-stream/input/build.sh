#!/bin/sh
set -e

docker build -t signup-form-builder -f Dockerfile.build .

rm -rf dist
id=$(docker create signup-form-builder)
# docker cp to "-" writes a tar stream; unpack it here
docker cp "$id":/app/dist - | tar -x
docker rm "$id"

docker build -t signup-form .
