#!/bin/sh
# Dockerfile compiles, Dockerfile.run is what we ship.
set -e

docker build -t notifier-build .
docker create --name notifier-tmp notifier-build
docker cp notifier-tmp:/go/bin/server ./app-bin
docker rm -f notifier-tmp

docker build -f Dockerfile.run -t notifier .
rm -f app-bin
