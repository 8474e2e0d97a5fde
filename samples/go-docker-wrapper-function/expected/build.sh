#!/bin/sh
# Every docker command goes through dk, so DOCKER=podman ./build.sh works too.
set -e
DOCKER=${DOCKER:-docker}
dk() {
  "$DOCKER" "$@"
}

dk build -t ledger:latest .
