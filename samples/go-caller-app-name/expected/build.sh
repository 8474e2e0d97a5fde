#!/bin/sh
# Builds one of the tools in cmd/ into a small image: APP=shout ./build.sh
set -e

APP=${APP:-greeter}

docker build --build-arg BIN="$APP" -t "$APP:dev" --build-arg APP="$APP" .
