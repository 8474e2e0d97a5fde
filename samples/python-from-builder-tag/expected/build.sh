#!/bin/sh
set -e
docker build -t reportgen:1.2.0 .
