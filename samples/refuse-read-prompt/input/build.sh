#!/bin/bash
# Interactive release helper: asks for the version, builds dice:<version>.
set -e

read -p "Version? " VERSION
[ -n "$VERSION" ] || { echo "a version is required" >&2; exit 1; }

docker build --build-arg VERSION="$VERSION" -t dice-builder -f Dockerfile.build .
docker create --name dice-dist dice-builder
docker cp "dice-dist:/dist/dice-$VERSION" .
docker rm dice-dist

docker build --build-arg VERSION="$VERSION" -t "dice:$VERSION" .
rm -f "dice-$VERSION"
