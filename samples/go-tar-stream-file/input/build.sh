#!/bin/sh
# Build the pinger image: compile in golang:alpine, ship the binaries in plain alpine.
set -e

docker build -t pinger-build -f Dockerfile.build .

# the builder streams /out as a gzipped tar on stdout
docker run --rm pinger-build tar -cz -C /out . > bin.tar.gz

rm -rf dist
mkdir dist
tar -xzf bin.tar.gz -C dist

docker build -t pinger:latest .

rm -rf bin.tar.gz dist
