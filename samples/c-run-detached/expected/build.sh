#!/bin/sh
# Build the cktool image. The builder container is kept running with
# `sleep` while the binary is copied out of it.
set -e

docker build -t cktool .
