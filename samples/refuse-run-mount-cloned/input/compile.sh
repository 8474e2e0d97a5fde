#!/bin/sh
cd /src/zlogd && make clean && make
