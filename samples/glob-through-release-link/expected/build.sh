#!/bin/sh
set -e

# current/. follows the link: the release's pages, not the link.
docker build -t docs .
