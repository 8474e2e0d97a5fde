#!/bin/sh
# Release build of snapd: the version comes from the VERSION file and reaches the
# Makefile through the builder's SNAP_VER build arg.
set -e

SNAP_VER=$(cat VERSION)

docker build -f Dockerfile.build --build-arg SNAP_VER="$SNAP_VER" -t snapd-builder .
docker create --name snapd-extract snapd-builder
docker cp snapd-extract:/out/snapd ./snapd
docker rm snapd-extract

docker build -t snapd .
rm -f snapd
