#!/bin/sh
set -e

VERSION=${VERSION:-0.9.2}

# 1. a toolchain image (no sources inside)
docker build -t weatherd-toolchain -f Dockerfile.build .

# 2. compile with the repository mounted at /src; the binary lands in ./bin
docker run --rm -v "$PWD":/src -w /src -e CGO_ENABLED=0 weatherd-toolchain \
    go build -ldflags "-s -w -X main.version=$VERSION" -o bin/weatherd ./cmd/weatherd

# 3. the runtime image
docker build -t "weatherd:$VERSION" .
