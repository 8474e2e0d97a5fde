#!/bin/sh
# Builds inventory-service: the jar is compiled in a Maven image and
# streamed out of it with `cat`, then packaged into a JRE image.
set -e

IMAGE=inventory-service

docker build -t $IMAGE .
