#!/bin/sh
set -e
# written for podman, whose docker alias accepts --layers
docker build --layers=false -f Dockerfile.build -t indexer-builder .
docker create --name indexer-c indexer-builder
docker cp indexer-c:/build/target/indexer-0.4.1.jar ./indexer.jar
docker rm indexer-c
docker build -t indexer .
rm -f indexer.jar
