#!/bin/sh
set -e

docker build -t kiosk-builder -f Dockerfile.build .

rm -rf dist
id=$(docker create kiosk-builder)
docker cp $id:/app/build dist
docker rm $id

docker build -t kiosk:2.0.1 .
rm -rf dist
