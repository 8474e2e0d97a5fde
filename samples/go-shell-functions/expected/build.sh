#!/bin/sh
# Builds the relay image: compile in a Go image, copy the binaries out,
# package them in Alpine.
set -e

IMAGE=${IMAGE:-relay}
BUILDER="$IMAGE-builder"

log() {
  echo "==> $*"
}

build_runtime() {
  log "packaging"
  docker build -t "$IMAGE:latest" .
}

main() {
  cd "$(dirname "$0")"
  build_runtime
  if [ "${RUN_TESTS:-no}" = yes ]; then
    docker run --rm --entrypoint /usr/local/bin/relayctl "$IMAGE:latest"
  fi
}

main "$@"
