#!/bin/sh
set -e

docker build -t gateway-builder -f Dockerfile.build .

rm -rf out && mkdir out
id=$(docker create gateway-builder)
docker cp "$id:/out/server" out/server
docker rm "$id"

# the image wants the binary as "app", readable by root only (and its group)
mv out/server out/app && chmod 0750 out/app
# production settings go in next to it
mkdir -p conf && cp config.prod.yml conf/config.yml

docker build -t gateway:latest .
rm -rf out conf
