#!/bin/sh
# Builds the toolchain image the build scripts copy the binary out of.
set -e
