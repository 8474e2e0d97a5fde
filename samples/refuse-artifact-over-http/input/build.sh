#!/bin/sh
set -e

WHEEL=metrics_agent-1.0.4-py3-none-any.whl

docker build -f Dockerfile.build -t metrics-agent-wheel .
docker run -d --rm --name metrics-agent-dist -p 8000:8000 metrics-agent-wheel
sleep 2
curl -fsSL -o "$WHEEL" "http://localhost:8000/$WHEEL"
docker stop metrics-agent-dist

docker build -t metrics-agent .
rm -f "$WHEEL"
