#!/bin/sh

# Remove old releases
rm -rf _build/rel/*

# Build the image
docker build --rm -t tally-build -f Dockerfile.build .

# Run the container: the release lands in _build/rel, for the deploy job
mkdir -p _build/rel
docker run -t --rm --name tally-build -v $(pwd)/_build/rel:/opt/app/_build/rel tally-build
