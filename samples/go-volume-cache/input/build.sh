#!/bin/sh
# Compiles with the stock golang image; the module cache lives in a named
# volume so that repeated builds do not download every dependency again.
set -e

GO_IMAGE=golang:1.22

docker run --rm \
  -v ledger-gomod:/go/pkg/mod \
  -v "$PWD":/src \
  -w /src \
  -e CGO_ENABLED=0 \
  "$GO_IMAGE" \
  sh -c 'go mod download && go build -trimpath -o bin/ledger-api ./cmd/ledger-api'

docker build -t ledger-api:latest .
