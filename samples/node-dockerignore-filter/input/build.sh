#!/bin/sh
set -e
rm -rf dist
docker build -f Dockerfile.build -t billing-ui-builder .
docker create --name billing-ui-c billing-ui-builder
docker cp billing-ui-c:/app/dist ./dist
docker rm billing-ui-c
docker build -t billing-ui .
