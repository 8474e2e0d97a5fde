#!/bin/sh
# The relay image is the builder image, trimmed. The version comes from VERSION.
set -e

APP_VERSION=$(cat VERSION)

docker build -f Dockerfile.build --build-arg APP_VERSION="$APP_VERSION" -t relay-builder .
docker build -t relay .
