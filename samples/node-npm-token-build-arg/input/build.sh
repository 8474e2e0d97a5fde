#!/bin/sh
# Build the status board: the Vue app is built as the unprivileged `node` user
# in the builder image, dist/ is copied out and served by nginx. Packages from
# the private @acme scope need NPM_TOKEN (taken from the environment).
set -eu

rm -rf dist

docker build --build-arg NPM_TOKEN -t status-board-builder -f Dockerfile.build .
docker create --name status-board-dist status-board-builder
docker cp status-board-dist:/app/dist ./dist
docker rm status-board-dist

docker build -t status-board .
