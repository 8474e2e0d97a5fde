#!/bin/sh
# Release build of snapd: the version comes from the VERSION file and reaches the
# Makefile through the builder's SNAP_VER build arg.
set -e

SNAP_VER=$(cat VERSION)

docker build -t snapd --build-arg BUILDER_SNAP_VER="$SNAP_VER" .
