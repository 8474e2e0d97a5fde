#!/bin/sh
set -e

# production settings go in next to it
mkdir -p conf && cp config.prod.yml conf/config.yml

docker build -t gateway:latest .
rm -rf out conf
