import os
import socket
import time

import psutil
import requests


def sample() -> dict:
    return {
        "host": socket.gethostname(),
        "cpu": psutil.cpu_percent(interval=1),
        "mem": psutil.virtual_memory().percent,
        "ts": int(time.time()),
    }


def main() -> None:
    url = os.environ["COLLECTOR_URL"]
    every = int(os.environ.get("INTERVAL", "15"))
    while True:
        requests.post(url, json=sample(), timeout=5)
        time.sleep(every)
