#!/bin/sh
# WITH_API_DOCS=yes ./build.sh   adds the generated API reference under /api
set -e

docker build -t handbook-builder -f Dockerfile.build .

rm -rf public
docker create --name handbook-out handbook-builder
docker cp handbook-out:/app/dist ./public
if [ "${WITH_API_DOCS:-no}" = "yes" ]; then
    docker cp handbook-out:/app/api-docs ./public/api
fi
docker rm handbook-out

docker build -t handbook .
