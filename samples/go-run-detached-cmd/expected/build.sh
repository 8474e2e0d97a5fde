#!/bin/sh
#
# builds diskwatch in a Go container, then ships it in a small busybox image
#

docker build -t "diskwatch" -f Dockerfile .
if [ $? != 0 ]
then
  echo "could not build the diskwatch image" >&2
  exit 1
fi
