#!/bin/sh
# Package one of the fleet binaries.
#   ./build.sh /go/bin/ctl      (or /go/bin/agentd)
set -e

if [ $# -ne 1 ]; then
    echo "usage: $0 <path-of-the-binary-in-the-builder>" >&2
    exit 2
fi

docker build -f Dockerfile.build -t fleet-builder .
docker create --name fleet-extract fleet-builder
docker cp "fleet-extract:$1" ./tool
docker rm fleet-extract
docker build -t "fleet-$(basename "$1")" .
rm -f tool
