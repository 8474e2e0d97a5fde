#!/bin/sh
# builder image, then the runtime image built from what the builder prints
docker build -t pingd-builder . && docker run --rm pingd-builder | docker build -t pingd -
