#!/bin/sh
set -e

docker build -f Dockerfile.build -t rot13-build .
# no command: the image's CMD compiles and streams the install tree
docker run --rm rot13-build > out.tar
docker build -t rot13 .
rm -f out.tar
