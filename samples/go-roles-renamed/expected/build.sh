#!/bin/sh
# Dockerfile compiles, Dockerfile.run is what we ship.
set -e

docker build -f Dockerfile.run -t notifier .
