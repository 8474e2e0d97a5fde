#!/bin/sh
set -e

docker build -t docs-portal .
