#!/bin/sh
set -e
docker build -f Dockerfile.build -t pricing-builder .
docker create --name pricing-builder-c pricing-builder
docker cp pricing-builder-c:/out/server server
docker rm pricing-builder-c
docker build -t pricing .
