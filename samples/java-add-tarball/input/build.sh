#!/bin/sh
set -e

docker build -f Dockerfile.build -t report-service-build .

docker create --name report-service-dist report-service-build
docker cp report-service-dist:/app/dist - | gzip > dist.tar.gz
docker rm report-service-dist

docker build -t report-service:1.2.0 .
rm -f dist.tar.gz
