#!/bin/sh
# No docker cp: the runtime Dockerfile copies straight out of the builder image.
set -e
docker build -t gateway .
