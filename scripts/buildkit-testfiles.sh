#!/bin/sh
# Extracts the Dockerfiles of BuildKit's parser tests (moby/buildkit,
# frontend/dockerfile/parser/testfiles*) into DEST, one file per test, for
# test/unit/parse/buildkit-testfiles.test.ts:
#
#   scripts/buildkit-testfiles.sh DEST [SOURCE]
#   BUILDKIT_TESTFILES=DEST npm test
#
# SOURCE is a clone of moby/buildkit (a work tree or a bare git directory); without it
# the script clones https://github.com/moby/buildkit (shallow) into a temporary folder.
# DEST must lie outside this project: the files are BuildKit's, not ours to commit.
set -eu
dest=${1:?usage: scripts/buildkit-testfiles.sh DEST [SOURCE]}
src=${2:-}
project=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
case "$dest/" in "$project"/*) echo "DEST must be outside $project" >&2; exit 2 ;; esac
tmp=
if [ -z "$src" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  git clone --quiet --depth 1 https://github.com/moby/buildkit "$tmp/buildkit"
  src=$tmp/buildkit
fi
gitdir=$(git -C "$src" rev-parse --git-dir)
case "$gitdir" in /*) ;; *) gitdir=$src/$gitdir ;; esac
prefix=frontend/dockerfile/parser
count=0
for f in $(git --git-dir="$gitdir" ls-tree -r --name-only HEAD "$prefix" | grep '^frontend/dockerfile/parser/testfile[^/]*/.*Dockerfile$'); do
  name=$(echo "$f" | sed "s|^$prefix/||; s|/Dockerfile\$||; s|/|__|g")
  git --git-dir="$gitdir" show "HEAD:$f" > "$dest/$name"
  count=$((count + 1))
done
echo "$count Dockerfiles in $dest (moby/buildkit $(git --git-dir="$gitdir" rev-parse --short HEAD))"
