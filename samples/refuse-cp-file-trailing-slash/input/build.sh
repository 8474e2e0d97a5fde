#!/bin/sh
set -e
docker build -f Dockerfile.build -t webhookd-builder .
docker create --name webhookd-c webhookd-builder
docker cp webhookd-c:/app/server/ ./webhookd
docker rm webhookd-c
docker build -t webhookd .
