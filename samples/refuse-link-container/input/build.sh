#!/bin/sh
set -e

docker build -f Dockerfile.build -t payments-builder .

# the tests, and so the release build, need a live database
docker run -d --name payments-test-db -e POSTGRES_PASSWORD=test postgres:16-alpine
sleep 5
mkdir -p out
docker run --rm --link payments-test-db:db \
    -e DATABASE_URL='postgres://postgres:test@db:5432/postgres?sslmode=disable' \
    -v "$PWD/out:/src/out" \
    payments-builder make test release
docker rm -f payments-test-db

docker build -t payments .
