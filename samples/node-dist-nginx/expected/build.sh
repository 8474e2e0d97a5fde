#!/bin/sh
# Build the status board: the Vue app is built as the unprivileged `node` user
# in the builder image, dist/ is copied out and served by nginx.
set -eu

docker build -t status-board .
