#!/bin/sh
# usage: ./build.sh [-t TAG] [-r] [-s]
#   -t TAG  image tag (default: dev)
#   -r      release build: strip symbols and DWARF
#   -s      slim image (distroless) instead of Alpine
set -e

TAG=dev
LDFLAGS=
RUNTIME=Dockerfile
while getopts "t:rs" opt; do
	case "$opt" in
	t) TAG=$OPTARG ;;
	r) LDFLAGS="-s -w" ;;
	s) RUNTIME=Dockerfile.slim ;;
	*) echo "usage: $0 [-t TAG] [-r] [-s]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

docker build --build-arg LDFLAGS="$LDFLAGS" -f Dockerfile.build -t imgsync-builder .
id=$(docker create imgsync-builder)
docker cp "$id:/go/bin/imgsync" ./imgsync
docker rm "$id"

docker build -f "$RUNTIME" -t "imgsync:$TAG" .
rm -f imgsync
