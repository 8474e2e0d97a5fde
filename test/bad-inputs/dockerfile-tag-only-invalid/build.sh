#!/bin/sh
set -e
docker build -f Dockerfile.build -t app-base .
docker build -t app .
