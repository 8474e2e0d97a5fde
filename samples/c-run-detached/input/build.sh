#!/bin/sh
# Build the cktool image. The builder container is kept running with
# `sleep` while the binary is copied out of it.
set -e

docker build -t cktool-build -f Dockerfile.build .

CID=`docker run -d cktool-build sleep 3600`
docker cp $CID:/usr/src/cktool/cktool ./cktool
docker stop $CID
docker rm $CID

docker build -t cktool .
