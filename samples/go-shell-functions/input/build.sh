#!/bin/sh
# Builds the relay image: compile in a Go image, copy the binaries out,
# package them in Alpine.
set -e

IMAGE=${IMAGE:-relay}
BUILDER="$IMAGE-builder"

log() {
  echo "==> $*"
}

build_builder() {
  log "compiling"
  docker build -f Dockerfile.build -t "$BUILDER" .
}

# extract IMAGE PATH DEST: copy one file out of an image
extract() {
  local cid
  cid=$(docker create "$1")
  docker cp "$cid:$2" "$3" || { docker rm "$cid" >/dev/null; return 1; }
  docker rm "$cid" >/dev/null
}

build_runtime() {
  if [ ! -f ./relay ] || [ ! -f ./relayctl ]; then
    echo "the binaries were not extracted" >&2
    exit 1
  fi
  log "packaging"
  docker build -t "$IMAGE:latest" .
  rm -f ./relay ./relayctl
}

main() {
  cd "$(dirname "$0")"
  build_builder
  extract "$BUILDER" /go/bin/relay ./relay
  extract "$BUILDER" /go/bin/relayctl ./relayctl
  build_runtime
  if [ "${RUN_TESTS:-no}" = yes ]; then
    docker run --rm --entrypoint /usr/local/bin/relayctl "$IMAGE:latest"
  fi
  docker rmi "$BUILDER" >/dev/null 2>&1 || true
}

main "$@"
