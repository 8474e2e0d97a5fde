#!/bin/sh
# Run once before build.sh: the sources are kept outside the image so they can be patched.
git clone https://example.invalid/zlogd.git
cd zlogd
git checkout v2.1.0
cd ..
