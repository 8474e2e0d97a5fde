#!/bin/sh
set -e

docker build -t kiosk:2.0.1 .
