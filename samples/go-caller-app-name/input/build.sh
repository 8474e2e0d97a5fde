#!/bin/sh
# Builds one of the tools in cmd/ into a small image: APP=shout ./build.sh
set -e

APP=${APP:-greeter}

docker build -f Dockerfile.build --build-arg APP="$APP" -t "$APP-builder" .
docker create --name "$APP-extract" "$APP-builder"
docker cp "$APP-extract:/out/$APP" "./$APP"
docker rm "$APP-extract"

docker build --build-arg BIN="$APP" -t "$APP:dev" .
rm -f "./$APP"
