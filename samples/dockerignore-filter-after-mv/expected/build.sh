#!/bin/sh
# Builds the docs site image; the source maps stay out of it (.dockerignore).
set -e

docker build -t docsite .
