#!/bin/sh
set -e

docker build -f Dockerfile.build -t metrics-agent-builder .
docker create --name metrics-agent-builder-tmp metrics-agent-builder
docker cp metrics-agent-builder-tmp:/bin/metrics-agent ./metrics-agent
docker rm metrics-agent-builder-tmp
docker build -t metrics-agent .
rm metrics-agent
