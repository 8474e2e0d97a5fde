#!/bin/sh
# Builds the myapp image in two steps: compile in a Go builder image,
# then copy the binary into a small Alpine image.
set -e

echo "==> Building the builder image"
docker build -f Dockerfile.build -t myapp-builder .

echo "==> Extracting the binary"
docker create --name myapp-extract myapp-builder
docker cp myapp-extract:/go/bin/myapp ./myapp
docker rm myapp-extract

echo "==> Building the runtime image"
docker build -t myapp:latest .

rm ./myapp
