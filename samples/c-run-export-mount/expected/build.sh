#!/bin/sh

# Remove old releases
rm -rf _build/rel/*

# Run the container: the release lands in _build/rel, for the deploy job
mkdir -p _build/rel
DOCKER_BUILDKIT=1 docker build --rm -f Dockerfile.build --target export --output type=local,dest=_build/rel .
