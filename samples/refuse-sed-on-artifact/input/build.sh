#!/bin/sh
set -e

API_URL=${API_URL:-https://api.example.com}
ENVIRONMENT=${ENVIRONMENT:-production}

docker build -f Dockerfile.build -t admin-console-build .

rm -rf dist
docker create --name admin-console-dist admin-console-build
docker cp admin-console-dist:/app/dist ./dist
docker rm admin-console-dist

# point the bundle at the right backend
sed -i -e "s|__API_URL__|$API_URL|g" -e "s|__ENVIRONMENT__|$ENVIRONMENT|g" dist/config.js

docker build -t "admin-console:$ENVIRONMENT" .
