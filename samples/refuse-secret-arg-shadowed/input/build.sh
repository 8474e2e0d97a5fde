#!/bin/sh
# The builder installs private packages with the CI token; the runtime image
# installs its own plugin with the deploy token, under the same name.
set -eu

docker build --build-arg NPM_TOKEN="$CI_NPM_TOKEN" -t board-builder -f Dockerfile.build .
docker create --name board-dist board-builder
docker cp board-dist:/app/dist ./dist
docker rm board-dist

docker build --build-arg NPM_TOKEN="$DEPLOY_NPM_TOKEN" -t board .
