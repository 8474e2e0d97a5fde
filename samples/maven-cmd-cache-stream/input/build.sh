#!/bin/bash

docker build -t greeter-build -f Dockerfile.build .
# the host's Maven cache only saves downloads; the jar comes out on stdout
docker run --rm -v "$HOME/.m2":/root/.m2 greeter-build > app.tar.gz

docker build -t greeter -f Dockerfile.run .
