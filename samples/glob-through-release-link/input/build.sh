#!/bin/sh
set -e

docker build -f Dockerfile.build -t docs-builder .
docker create --name docs-export docs-builder
# current/. follows the link: the release's pages, not the link.
docker cp docs-export:/srv/docs/current/. ./public
docker rm docs-export
docker build -t docs .
rm -rf public
