#!/bin/sh
# Wheels are built in a throw-away image and installed offline in the runtime.
set -e

docker build -f Dockerfile.build -t shortlink-wheels .

rm -rf wheels
docker create --name shortlink-wheels-c shortlink-wheels
docker cp shortlink-wheels-c:/wheels ./wheels
docker rm shortlink-wheels-c

docker build -t shortlink:0.3.0 .
