#!/bin/sh
# The binary is also picked up from /tmp by the packaging job, so it is
# extracted there first.
set -e

docker build -f Dockerfile.build -t backup-agent-builder .
cid=$(docker create backup-agent-builder)
docker cp "$cid":/out/backup-agent ../../tmp/backup-agent
docker rm "$cid"

cp ../../tmp/backup-agent ./backup-agent
docker build -t backup-agent .
rm -f ./backup-agent
