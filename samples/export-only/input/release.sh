#!/bin/sh
# Cross-compiles jsonfmt in Docker and collects the binaries in release/,
# ready to be attached to the GitHub release. No image is published.
set -e

VERSION=${VERSION:-1.3.0}

docker build --build-arg VERSION="$VERSION" -t jsonfmt-release .

rm -rf release
mkdir release
docker create --name jsonfmt-release-c jsonfmt-release
docker cp jsonfmt-release-c:/release/. release/
docker rm jsonfmt-release-c
docker rmi jsonfmt-release

echo "attach release/* to the v$VERSION release"
