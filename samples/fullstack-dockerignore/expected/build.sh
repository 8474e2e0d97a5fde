#!/bin/sh
# Two builders (Go API, web front end), one runtime image.
set -e

docker build -t shop:latest .
