#!/bin/sh
# The release binary is always built for linux/amd64 (the fleet's platform), whatever the
# laptop runs; the small runtime image is built for the engine's own platform.
set -e

docker build --platform linux/amd64 --no-cache -f Dockerfile.build -t pinger-builder .
docker create --name pinger-build pinger-builder
docker cp pinger-build:/out/pinger ./pinger
docker rm pinger-build

docker build -t pinger:dev .
rm -f pinger
