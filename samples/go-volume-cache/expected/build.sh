#!/bin/sh
# Compiles with the stock golang image; the module cache lives in a named
# volume so that repeated builds do not download every dependency again.
set -e

GO_IMAGE=golang:1.22

docker build -t ledger-api:latest .
