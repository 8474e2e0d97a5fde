#!/bin/sh
set -e
docker build -f Dockerfile.build -t libgreet-builder .
docker create --name libgreet-x libgreet-builder
# The development link only: it points at libgreet.so.1, which is not copied.
docker cp libgreet-x:/usr/local/lib/libgreet.so ./libgreet.so
# out/ is a link to dist/ in the repository.
docker cp libgreet-x:/usr/local/bin/greet-tool ./out/greet-tool
docker rm libgreet-x
docker build -t libgreet .
