#!/bin/sh
# Builds the myapp image in two steps: compile in a Go builder image,
# then copy the binary into a small Alpine image.
set -e

echo "==> Building the runtime image"
docker build -t myapp:latest .
