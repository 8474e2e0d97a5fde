#!/bin/sh
# Builds the handbook site and its API notes, then serves both with nginx.
set -e

docker build -f Dockerfile.build -t handbook-builder .

rm -rf public docs
mkdir -p docs
docker create --name handbook-x handbook-builder
docker cp "handbook-x:/app/site output/." public
docker cp "handbook-x:/app/api notes" docs/
docker rm handbook-x

docker build -t handbook:latest .
rm -rf public docs
