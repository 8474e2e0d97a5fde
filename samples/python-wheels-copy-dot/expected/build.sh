#!/bin/sh
# Wheels are built in a throw-away image and installed offline in the runtime.
set -e

docker build -t shortlink:0.3.0 .
