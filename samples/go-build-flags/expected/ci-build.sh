#!/bin/sh
# CI entry point: always a clean, offline build.
set -eu

SOURCE=https://git.example.com/platform/probe

docker image build --no-cache --network=none \
    --label org.opencontainers.image.source="$SOURCE" \
    --label org.opencontainers.image.vendor=Example \
    --tag probe:ci \
    .
