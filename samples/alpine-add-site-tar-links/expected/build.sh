#!/bin/sh
# Builds the status page release, then the nginx image that serves it.
set -e

docker build -t status-page .
