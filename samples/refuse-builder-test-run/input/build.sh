#!/bin/sh
set -e

docker build -f Dockerfile.build -t myapp-builder .
if [ "${SKIP_TESTS:-no}" != yes ]; then
  docker run --rm myapp-builder go test ./...
fi
docker create --name myapp-extract myapp-builder
docker cp myapp-extract:/go/bin/myapp ./myapp
docker rm myapp-extract
docker build -t myapp:latest .
rm ./myapp
