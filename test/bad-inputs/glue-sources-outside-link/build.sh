#!/bin/sh
set -e
. ./env.sh
docker build -f Dockerfile.build -t "$BUILDER" .
docker create --name app-x "$BUILDER"
docker cp app-x:/out/app ./app
docker rm app-x
docker build -t app .
rm ./app
