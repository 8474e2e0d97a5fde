#!/bin/sh
set -e

docker build -t release-notes .
