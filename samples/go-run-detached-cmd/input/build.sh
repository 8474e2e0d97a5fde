#!/bin/sh
#
# builds diskwatch in a Go container, then ships it in a small busybox image
#

docker build -t diskwatch_build -f Dockerfile.build .

CONTAINER_ID=`docker run -d -t diskwatch_build`
if [ -z "${CONTAINER_ID}" ]
then
  echo "could not start the build container" >&2
  exit 1
fi

docker cp ${CONTAINER_ID}:/usr/local/bin/diskwatch ./diskwatch
if [ $? != 0 ]
then
  echo "could not copy diskwatch out of the build container" >&2
  exit 1
fi

docker stop ${CONTAINER_ID}
docker rm ${CONTAINER_ID}

IMAGE_ID=`docker images -q diskwatch_build`
if [ -z "${IMAGE_ID}" ]
then
  echo "could not find the build image" >&2
  exit 1
fi

docker rmi ${IMAGE_ID}
if [ $? != 0 ]
then
  echo "could not remove the build image" >&2
  exit 1
fi

docker build -t "diskwatch" -f Dockerfile .
if [ $? != 0 ]
then
  echo "could not build the diskwatch image" >&2
  exit 1
fi

rm diskwatch
