#!/bin/sh
set -e
. ./env.sh

docker build -t "$APP:latest" .
