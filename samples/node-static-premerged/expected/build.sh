#!/bin/sh
# static/ holds files that are deployed as they are (config.json, a default
# robots.txt); the built app is copied on top of them.
set -e

docker build -t fleet-map .
