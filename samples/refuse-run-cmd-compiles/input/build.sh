#!/bin/sh
set -e
docker build -f Dockerfile.build -t lintd-build .
cid=$(docker run -d lintd-build)
sleep 20
docker cp "$cid":/out/lintd ./lintd
docker rm -f "$cid"
docker build -t lintd .
