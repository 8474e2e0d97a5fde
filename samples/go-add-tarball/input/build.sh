#!/bin/sh
set -e
docker build -f Dockerfile.build -t importer-builder .
docker create --name importer-bundle importer-builder
docker cp importer-bundle:/opt/importer - | gzip > importer.tar.gz
docker rm importer-bundle
docker build -t importer .
rm -f importer.tar.gz
