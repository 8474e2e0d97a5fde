#!/bin/sh
# Builds the documentation site in Docker and leaves it in ./site for the upload job.
set -e

docker build -t handbook-site .

rm -rf ./site
cid=$(docker create handbook-site)
docker cp "$cid":/app/dist ./site
docker rm "$cid" >/dev/null

echo "site/ is ready to upload"
