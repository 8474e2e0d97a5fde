#!/usr/bin/env bash
# Rootless build with podman: the builder writes the library archive to stdout.
set -euo pipefail
podman build -t libtiny-builder -f Containerfile.build .
podman run --rm libtiny-builder > libtiny.tar.gz
podman build -t libtiny:latest -f Containerfile .
