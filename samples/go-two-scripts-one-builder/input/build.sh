#!/bin/sh
set -e
. ./env.sh

./scripts/builder.sh
id=$(docker create "$BUILDER_IMAGE")
docker cp "$id:/go/bin/beacon" ./beacon
docker rm "$id"

docker build -t "$APP:latest" .
rm -f ./beacon
