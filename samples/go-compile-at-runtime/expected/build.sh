#!/bin/sh
set -e

VERSION=${VERSION:-0.9.2}

# 3. the runtime image
docker build -t "weatherd:$VERSION" --build-arg VERSION="$VERSION" .
