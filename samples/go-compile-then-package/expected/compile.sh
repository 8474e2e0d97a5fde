#!/bin/sh
# Compiles ticker into dist/ with the toolchain image; run package.sh afterwards.
set -e
