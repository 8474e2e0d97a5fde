#!/bin/sh
set -e

docker build -f Dockerfile.build -t bookmarks-build .

rm -rf bin
mkdir -p bin
id=$(docker create bookmarks-build)
for bin in server cli migrate; do
	docker cp "$id:/out/$bin" "bin/$bin"
done
docker rm "$id"

docker build -t bookmarks .
