#!/bin/sh
# Flattens the tool image into a scratch image: the whole container file system is copied out.
set -e
docker build -f Dockerfile.build -t jqlite-rootfs .
docker create --name jqlite-rootfs-c jqlite-rootfs
rm -rf rootfs
docker cp jqlite-rootfs-c:/ ./rootfs
docker rm jqlite-rootfs-c
docker build -t jqlite:flat .
rm -rf rootfs
