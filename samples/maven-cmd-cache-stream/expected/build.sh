#!/bin/bash

docker build -t greeter -f Dockerfile.run .
