#!/bin/sh
set -e

docker build -t status-page .
