#!/bin/sh
set -e
docker build -t billing-ui .
