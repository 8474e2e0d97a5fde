#!/bin/sh
set -e
docker build -f Dockerfile.build -t app-builder .
docker create --name app-x app-builder
docker cp app-x:/out/app ./app
docker rm app-x
docker build -t app .
rm ./app
