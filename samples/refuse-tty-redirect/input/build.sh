#!/bin/sh
set -e

docker build -t healthcheck-builder -f Dockerfile.build .
docker run -it --rm healthcheck-builder cat /usr/local/bin/healthcheck > healthcheck
chmod +x healthcheck
docker build -t healthcheck .
rm -f healthcheck
