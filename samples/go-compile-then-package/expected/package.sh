#!/bin/sh
# prereq: run compile.sh first, so that dist/ticker exists
set -e
docker build -f Dockerfile.run -t ticker:latest . && echo "try: docker run --rm ticker:latest"
