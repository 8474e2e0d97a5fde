#!/bin/sh
# Packs the current greeter release into the runtime image.
set -e

docker build -t greeter:2.1 .
