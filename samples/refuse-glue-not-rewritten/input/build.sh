#!/bin/sh
set -e

docker build -f Dockerfile.build -t myapp-builder .
id=$(docker create myapp-builder)
docker cp "$id:/go/bin/myapp" ./myapp
docker rm "$id"
docker build -t myapp:latest .
rm ./myapp
