#!/bin/sh
# CI entry point: always a clean, offline build.
set -eu

SOURCE=https://git.example.com/platform/probe

docker image build --no-cache --force-rm --network=none \
    --file build/Dockerfile.build \
    --tag probe-builder:ci \
    .

docker container create --name probe-artifacts probe-builder:ci
docker container cp probe-artifacts:/go/bin/probe ./probe
docker container rm --volumes probe-artifacts

docker image build --no-cache --network=none \
    --label org.opencontainers.image.source="$SOURCE" \
    --label org.opencontainers.image.vendor=Example \
    --tag probe:ci \
    .
rm -f probe
