#!/bin/sh
set -e

docker build -t signup-form .
