#!/bin/sh
# Build the status board: the Vue app is built as the unprivileged `node` user
# in the builder image, dist/ is copied out and served by nginx. Packages from
# the private @acme scope need NPM_TOKEN (taken from the environment).
set -eu

docker build -t status-board --build-arg NPM_TOKEN .
