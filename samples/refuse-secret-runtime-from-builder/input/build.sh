#!/bin/sh
set -e
# GITHUB_TOKEN reads the private acme-charts dependency from GitHub.
docker build --build-arg GITHUB_TOKEN -t reportgen-builder -f Dockerfile.build .
docker build -t reportgen:1.2.0 .
