#!/usr/bin/env bash
# Makes sure a Docker engine answers, for the tests that build real images.
# Starts one (as root only) when none answers; installs nothing: CI installs docker.io itself.
set -euo pipefail

# The system client: the first `docker` on PATH may be a newer one without buildx.
DOCKER="${MULTISTAGE_MIGRATE_DOCKER:-/usr/bin/docker}"
LOG=/tmp/multistage-migrate-dockerd.log
WAIT_SECONDS=60

answers() { "$DOCKER" info >/dev/null 2>&1; }

answers && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "docker-up: no Docker engine answers to $DOCKER, and only root can start one" >&2
  exit 1
fi

DOCKERD="$(command -v dockerd || true)"
if [ -z "$DOCKERD" ]; then
  echo "docker-up: no Docker engine answers, and dockerd is not installed" >&2
  exit 1
fi

# vfs works on any file system (overlay does not nest in every container); without
# iptables the engine needs no firewall rights. umask 022: the files and directories that
# `docker create` adds are then 0755, the mode image-snapshot.ts recognises them by.
umask 022
echo "docker-up: starting $DOCKERD, log in $LOG" >&2
nohup "$DOCKERD" --storage-driver=vfs --iptables=false >>"$LOG" 2>&1 </dev/null &
pid=$!

for _ in $(seq "$WAIT_SECONDS"); do
  answers && exit 0
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done

if kill -0 "$pid" 2>/dev/null; then
  echo "docker-up: dockerd (pid $pid) did not answer within ${WAIT_SECONDS}s; end of $LOG:" >&2
else
  echo "docker-up: dockerd exited; end of $LOG:" >&2
fi
tail -n 40 "$LOG" >&2
exit 1
