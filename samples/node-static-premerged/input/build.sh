#!/bin/sh
# static/ holds files that are deployed as they are (config.json, a default
# robots.txt); the built app is copied on top of them.
set -e

docker build -t fleet-map-builder -f Dockerfile.build .
docker create --name fleet-map-build fleet-map-builder
docker cp fleet-map-build:/app/dist/. static
docker rm fleet-map-build

docker build -t fleet-map .
