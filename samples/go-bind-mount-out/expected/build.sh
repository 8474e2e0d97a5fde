#!/bin/sh
# The builder compiles during `docker build`; the container only copies the
# binary into ./out, which is bind-mounted from the host.
set -e

docker build -t thumbnailer .
