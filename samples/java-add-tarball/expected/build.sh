#!/bin/sh
set -e

docker build -t report-service:1.2.0 .
