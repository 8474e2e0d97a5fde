#!/bin/sh
set -e
# the integration tests keep their index in /dev/shm (64 MB by default)
docker build --shm-size=1g -f Dockerfile.build -t indexer-builder .
docker create --name indexer-c indexer-builder
docker cp indexer-c:/build/target/indexer-0.4.1.jar ./indexer.jar
docker rm indexer-c
docker build -t indexer .
rm -f indexer.jar
