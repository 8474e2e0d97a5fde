#!/bin/sh
# Build the pinger image: compile in golang:alpine, ship the binaries in plain alpine.
set -e

docker build -t pinger:latest .
