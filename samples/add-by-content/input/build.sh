#!/bin/sh
set -e

docker build -f Dockerfile.build -t qrgen-builder .
docker create --name qrgen-out qrgen-builder
docker cp qrgen-out:/out/app.bundle ./bundle
docker cp qrgen-out:/out/notes.tar.gz ./notes.tar.gz
docker cp qrgen-out:/out/data.bin ./data.bin
docker cp qrgen-out:/out/changelog.gz ./changelog.gz
docker rm qrgen-out

docker build -t qrgen .
rm -f bundle notes.tar.gz data.bin changelog.gz
