#!/bin/sh
set -e
# the integration tests keep their index in /dev/shm (64 MB by default)
docker build -t indexer --shm-size=1g .
