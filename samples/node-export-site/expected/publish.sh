#!/bin/sh
# Builds the documentation site in Docker and leaves it in ./site for the upload job.
set -e

rm -rf ./site
DOCKER_BUILDKIT=1 docker build --target export --output type=local,dest=site .

echo "site/ is ready to upload"
