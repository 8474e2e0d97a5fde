#!/usr/bin/env bash
# test/docker/legacy-samples.sh [SAMPLE...]
#
# Proves that the legacy builder-pattern pipelines in samples/*/input really run on
# a Docker engine: each sample's input/ is copied to a temporary directory, its glue
# is run there (classic builder, /usr/bin/docker first on PATH), and the runtime
# image(s) are checked against sample.json's "legacy" block:
#
#   "legacy": {
#     "run":    "./build.sh",            glue command, run with sh -c from the repo root
#     "env":    {"TAG": "1.2"},          extra environment (optional)
#     "fails":  true,                    the legacy pipeline is expected to FAIL (optional)
#     "error":  "not a directory",       ... with this text in its output (optional)
#     "images": ["app-builder", "app"],  every tag the glue creates (removed afterwards)
#     "checks": [{"image": "app", "path": "/usr/local/bin/app", "type": "file",
#                 "mode": "0755", "owner": "0:0", "contains": "text", "target": "x"},
#                {"image": "app", "label": "org.opencontainers.image.version", "value": "1.2"},
#                {"image": "app", "inspect": "{{json .Config.Cmd}}", "value": "[\"app\"]"}],
#     "smoke":  [{"image": "app", "args": ["--version"], "expect": "text"}]
#   }
#
# check types: file, dir, symlink, absent. mode is octal with the setuid/setgid/
# sticky digit (e.g. "4755"). Samples without a "legacy" block are skipped.
# Exit status: 0 when every sample passed.
#
# Environment: DOCKER (default $MULTISTAGE_MIGRATE_DOCKER, then /usr/bin/docker),
# SKIP_BASE=1 to skip base-images.sh,
# KEEP=1 to keep the temporary copies and images of failed samples.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DOCKER=${DOCKER:-${MULTISTAGE_MIGRATE_DOCKER:-/usr/bin/docker}}
export DOCKER_BUILDKIT=0
command -v jq >/dev/null || { echo "legacy-samples: jq is required" >&2; exit 2; }

SHIM=$(mktemp -d "${TMPDIR:-/tmp}/mm-legacy-shim.XXXXXX")
trap 'rm -rf "$SHIM"' EXIT
ln -s "$DOCKER" "$SHIM/docker"
if ! command -v sudo >/dev/null 2>&1; then
  # glue that says `sudo docker …`: on a test machine we already may talk to the daemon
  printf '#!/bin/sh\n# test shim for `sudo`: runs the command unchanged\nexec "$@"\n' > "$SHIM/sudo"
  chmod +x "$SHIM/sudo"
fi
export PATH="$SHIM:/usr/bin:$PATH"

if [ -z "${SKIP_BASE:-}" ]; then
  "$ROOT/test/docker/base-images.sh" >/dev/null || { echo "legacy-samples: base-images.sh failed" >&2; exit 2; }
fi

# "-rwsr-xr-x" -> 4755
perm2oct() {
  local p=$1 s=0 u=0 g=0 o=0
  [ "${p:1:1}" = r ] && u=$((u + 4)); [ "${p:2:1}" = w ] && u=$((u + 2))
  case ${p:3:1} in x) u=$((u + 1)) ;; s) u=$((u + 1)); s=$((s + 4)) ;; S) s=$((s + 4)) ;; esac
  [ "${p:4:1}" = r ] && g=$((g + 4)); [ "${p:5:1}" = w ] && g=$((g + 2))
  case ${p:6:1} in x) g=$((g + 1)) ;; s) g=$((g + 1)); s=$((s + 2)) ;; S) s=$((s + 2)) ;; esac
  [ "${p:7:1}" = r ] && o=$((o + 4)); [ "${p:8:1}" = w ] && o=$((o + 2))
  case ${p:9:1} in x) o=$((o + 1)) ;; t) o=$((o + 1)); s=$((s + 1)) ;; T) s=$((s + 1)) ;; esac
  echo "$s$u$g$o"
}

# export IMAGE's file system to $2 (a tar file)
export_image() {
  local cid
  cid=$("$DOCKER" create "$1" /fs-export-placeholder 2>/dev/null) || return 1
  "$DOCKER" export "$cid" > "$2"; local rc=$?
  "$DOCKER" rm "$cid" >/dev/null
  return $rc
}

# check_entry TAR LISTING PATH TYPE MODE OWNER CONTAINS TARGET -> prints problems
check_entry() {
  local tarf=$1 listing=$2 path=${3#/} type=$4 mode=$5 owner=$6 contains=$7 target=$8
  local line perm own name link kind got
  line=$(awk -v p="$path" '{
      n = $0; for (k = 0; k < 5; k++) sub(/^[^ ]+ +/, "", n); sub(/ -> .*/, "", n); sub(/ link to .*/, "", n); sub(/\/$/, "", n); sub(/^\.\//, "", n)
      if (n == p) { print; exit } }' "$listing")
  if [ "$type" = absent ]; then
    [ -z "$line" ] || echo "/$path exists but should not"
    return
  fi
  [ -n "$line" ] || { echo "/$path missing"; return; }
  perm=${line%% *}
  own=$(awk '{print $2}' <<<"$line"); own=${own/\//:}
  case ${perm:0:1} in -|h) kind=file ;; d) kind=dir ;; l) kind=symlink ;; *) kind=other ;; esac
  [ -z "$type" ] || [ "$type" = "$kind" ] || echo "/$path is a $kind, expected $type"
  if [ -n "$mode" ]; then got=$(perm2oct "$perm"); [ "$got" = "$(printf '%04d' "$((10#$mode))")" ] || echo "/$path mode $got, expected $mode"; fi
  if [ -n "$owner" ] && [ "$own" != "$owner" ]; then echo "/$path owner $own, expected $owner"; fi
  if [ -n "$target" ]; then link=${line##* -> }; [ "$link" = "$target" ] || echo "/$path -> $link, expected -> $target"; fi
  if [ -n "$contains" ]; then
    tar -xOf "$tarf" "$path" 2>/dev/null | grep -qF -- "$contains" || \
      tar -xOf "$tarf" "./$path" 2>/dev/null | grep -qF -- "$contains" || echo "/$path does not contain '$contains'"
  fi
}

run_sample() {
  local dir=$1 name json run fails tmp log rc problems="" img imgs before after c n i
  name=$(basename "$dir"); json=$dir/sample.json
  run=$(jq -r '.legacy.run // empty' "$json")
  if [ -z "$run" ]; then printf 'SKIP  %-34s (no legacy block)\n' "$name"; SKIPPED=$((SKIPPED + 1)); return 0; fi
  fails=$(jq -r '.legacy.fails // false' "$json")
  mapfile -t imgs < <(jq -r '.legacy.images[]? // empty' "$json")
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-legacy-$name.XXXXXX")
  log=$tmp.log
  cp -a "$dir/input/." "$tmp/"
  before=$("$DOCKER" ps -aq --no-trunc | sort)
  # environment from the sample
  local envs=()
  while IFS= read -r kv; do [ -n "$kv" ] && envs+=("$kv"); done < <(jq -r '(.legacy.env // {}) | to_entries[] | "\(.key)=\(.value)"' "$json")
  local t0=$SECONDS
  (cd "$tmp" && env "${envs[@]}" timeout 900 sh -c "$run") > "$log" 2>&1
  rc=$?
  local secs=$((SECONDS - t0))
  if [ "$fails" = true ]; then
    [ $rc -ne 0 ] || problems+="glue exited 0 but the legacy pipeline is expected to fail"$'\n'
    local want_err
    want_err=$(jq -r '.legacy.error // empty' "$json")
    [ -z "$want_err" ] || grep -qF -- "$want_err" "$log" || problems+="glue output does not contain '$want_err'"$'\n'
  else
    [ $rc -eq 0 ] || problems+="glue exited $rc"$'\n'
  fi
  if [ $rc -eq 0 ] || [ "$fails" != true ]; then
    # file checks, one export per image
    local images_to_check
    # config checks: {"image": I, "label": K, "value": V} or {"image": I, "inspect": "{{json .Config.Cmd}}", "value": V}
    n=$(jq '[.legacy.checks[]? | select(.label or .inspect)] | length' "$json")
    for ((i = 0; i < n; i++)); do
      local l_img l_fmt l_want l_got
      l_img=$(jq -r "[.legacy.checks[] | select(.label or .inspect)][$i].image" "$json")
      l_fmt=$(jq -r "[.legacy.checks[] | select(.label or .inspect)][$i] | if .label then \"{{index .Config.Labels \\\"\\(.label)\\\"}}\" else .inspect end" "$json")
      l_want=$(jq -r "[.legacy.checks[] | select(.label or .inspect)][$i].value" "$json")
      l_got=$("$DOCKER" image inspect --format "$l_fmt" "$l_img" 2>&1)
      [ "$l_got" = "$l_want" ] || problems+="[$l_img] $l_fmt is '$l_got', expected '$l_want'"$'\n'
    done
    mapfile -t images_to_check < <(jq -r '[.legacy.checks[]? | select(.path) | .image] | unique | .[]' "$json")
    for img in "${images_to_check[@]}"; do
      local tarf=$tmp.export.tar listing=$tmp.listing
      if ! export_image "$img" "$tarf"; then problems+="cannot export image $img"$'\n'; continue; fi
      tar --numeric-owner -tvf "$tarf" > "$listing"
      n=$(jq --arg i "$img" '[.legacy.checks[] | select(.path and .image == $i)] | length' "$json")
      for ((i = 0; i < n; i++)); do
        local c_path c_type c_mode c_owner c_contains c_target out
        IFS=$'\x1f' read -r c_path c_type c_mode c_owner c_contains c_target < <(jq -r --arg i "$img" --argjson k "$i" \
          '[.legacy.checks[] | select(.path and .image == $i)][$k] | [.path, (.type // ""), (.mode // ""), (.owner // ""), (.contains // ""), (.target // "")] | join("\u001f")' "$json")
        out=$(check_entry "$tarf" "$listing" "$c_path" "$c_type" "$c_mode" "$c_owner" "$c_contains" "$c_target")
        [ -z "$out" ] || problems+="$(sed "s|^|[$img] |" <<<"$out")"$'\n'
      done
      rm -f "$tarf" "$listing"
    done
    # smoke runs
    n=$(jq '.legacy.smoke // [] | length' "$json")
    for ((i = 0; i < n; i++)); do
      local s_img s_expect s_out
      s_img=$(jq -r ".legacy.smoke[$i].image" "$json"); s_expect=$(jq -r ".legacy.smoke[$i].expect // empty" "$json")
      mapfile -t s_args < <(jq -r ".legacy.smoke[$i].args[]? // empty" "$json")
      s_out=$("$DOCKER" run --rm --network=none "$s_img" "${s_args[@]}" 2>&1) || problems+="[$s_img] docker run ${s_args[*]} failed: $s_out"$'\n'
      [ -z "$s_expect" ] || grep -qF -- "$s_expect" <<<"$s_out" || problems+="[$s_img] docker run ${s_args[*]} printed '$s_out', expected '$s_expect'"$'\n'
    done
  fi
  # containers the glue left behind (only those made from the sample's images)
  after=$("$DOCKER" ps -aq --no-trunc | sort)
  local leftovers=()
  for c in $(comm -13 <(echo "$before") <(echo "$after")); do
    img=$("$DOCKER" inspect -f '{{.Config.Image}}' "$c" 2>/dev/null) || continue
    for i in "${imgs[@]}"; do [ "$img" = "$i" ] || [ "$img" = "$i:latest" ] && leftovers+=("$c"); done
  done
  if [ ${#leftovers[@]} -gt 0 ] && [ "$fails" != true ]; then problems+="glue left ${#leftovers[@]} container(s) behind"$'\n'; fi
  if [ -z "$problems" ]; then
    printf 'PASS  %-34s %3ss%s\n' "$name" "$secs" "$([ "$fails" = true ] && echo "  (legacy pipeline fails as expected, rc=$rc)")"
    PASSED=$((PASSED + 1))
  else
    printf 'FAIL  %-34s %3ss\n' "$name" "$secs"
    printf '%s' "$problems" | sed 's/^/        /'
    echo "        --- last lines of the glue output ($log) ---"
    tail -n 15 "$log" | sed 's/^/        | /'
    FAILED=$((FAILED + 1)); FAILED_NAMES+=("$name")
  fi
  if [ -n "$problems" ] && [ -n "${KEEP:-}" ]; then
    echo "        kept $tmp and the images"
    return 0
  fi
  # clean up what the sample made
  [ ${#leftovers[@]} -eq 0 ] || "$DOCKER" rm -f "${leftovers[@]}" >/dev/null 2>&1
  for img in "${imgs[@]}"; do
    for c in $("$DOCKER" ps -aq --filter "ancestor=$img" 2>/dev/null); do "$DOCKER" rm -f "$c" >/dev/null 2>&1; done
  done
  [ ${#imgs[@]} -eq 0 ] || "$DOCKER" rmi -f "${imgs[@]}" >/dev/null 2>&1
  # untagged images of non-final stages (classic keeps them): ids printed by this
  # glue's own builds (" ---> <id>"), newest first; tagged images are never touched
  for c in $(grep -o ' ---> [0-9a-f]\{12\}$' "$log" | awk '{print $2}' | tac | awk '!seen[$0]++'); do
    [ "$("$DOCKER" image inspect -f '{{len .RepoTags}}' "$c" 2>/dev/null)" = 0 ] || continue
    "$DOCKER" rmi "$c" >/dev/null 2>&1 || true
  done
  [ -n "$problems" ] || rm -f "$log"
  rm -rf "$tmp"
}

PASSED=0; FAILED=0; SKIPPED=0; FAILED_NAMES=()
if [ $# -gt 0 ]; then
  dirs=(); for s; do dirs+=("$ROOT/samples/${s%/}"); done
else
  dirs=("$ROOT"/samples/*/)
fi
for d in "${dirs[@]}"; do
  d=${d%/}
  [ -f "$d/sample.json" ] || { echo "legacy-samples: $d has no sample.json" >&2; FAILED=$((FAILED + 1)); continue; }
  run_sample "$d"
done
echo "----"
echo "legacy samples: $PASSED passed, $FAILED failed, $SKIPPED skipped"
[ $FAILED -eq 0 ] || { echo "failed: ${FAILED_NAMES[*]}"; exit 1; }
