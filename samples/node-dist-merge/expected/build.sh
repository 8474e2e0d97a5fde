#!/bin/sh
set -e

docker build -t docs-portal:3.2.0 .
