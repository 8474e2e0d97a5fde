#!/bin/sh
set -e

docker build -t metrics-agent .
