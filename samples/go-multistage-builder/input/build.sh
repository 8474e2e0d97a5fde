#!/bin/sh
set -e

# --target package: stop at the packaging stage (the test stage runs too)
docker build --target package -f Dockerfile.build -t relay-builder .

docker create --name relay-pkg relay-builder
docker cp relay-pkg:/package/relay ./relay
docker cp relay-pkg:/package/ca-certificates.crt ./ca-certificates.crt
docker rm relay-pkg

docker build -t relay .
rm -f relay ca-certificates.crt
