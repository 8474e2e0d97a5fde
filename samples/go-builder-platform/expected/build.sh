#!/bin/sh
# The release binary is always built for linux/amd64 (the fleet's platform), whatever the
# laptop runs; the small runtime image is built for the engine's own platform.
set -e

docker build -t pinger:dev --no-cache .
