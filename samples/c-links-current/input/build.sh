#!/bin/sh
# Packs the current greeter release into the runtime image.
set -e

docker build -f Dockerfile.build -t greeter-builder .

rm -rf app release current
docker create --name greeter-x greeter-builder
# -L: the release the link points to, not the link.
docker cp -L greeter-x:/opt/greeter/current ./app
# "latest/." is followed even without -L: the release's contents.
docker cp greeter-x:/opt/greeter/latest/. ./release
# The link itself, kept for the bundle.
docker cp greeter-x:/opt/greeter/current ./current
docker rm greeter-x

docker build -t greeter:2.1 .
rm -rf app release current
