#!/bin/sh
# Every docker command goes through dk, so DOCKER=podman ./build.sh works too.
set -e
DOCKER=${DOCKER:-docker}
dk() {
  "$DOCKER" "$@"
}

dk build -f Dockerfile.build -t ledger-builder .
dk create --name ledger-x ledger-builder
dk cp ledger-x:/out/ledger ./ledger
dk rm ledger-x
dk build -t ledger:latest .
