#!/bin/sh
set -e

docker build -f Dockerfile.build -t release-notes-builder .

rm -rf dist
mkdir dist
docker create --name release-notes-out release-notes-builder
docker cp release-notes-out:/app/dist dist
docker rm release-notes-out

docker build -t release-notes .
