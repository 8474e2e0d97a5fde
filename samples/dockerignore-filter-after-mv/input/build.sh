#!/bin/sh
# Builds the docs site image; the source maps stay out of it (.dockerignore).
set -e

docker build -t docsite-builder -f Dockerfile.build .

id=$(docker run -d docsite-builder sleep 300)
docker cp "$id":/out/dist ./site
docker rm -f "$id"
# the web server's image expects the folder under this name
mv site www-root

docker build -t docsite .
rm -rf www-root
