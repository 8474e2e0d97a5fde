#!/bin/sh
# The relay image is the builder image, trimmed. The version comes from VERSION.
set -e

APP_VERSION=$(cat VERSION)

docker build -t relay --build-arg BUILDER_APP_VERSION="$APP_VERSION" .
