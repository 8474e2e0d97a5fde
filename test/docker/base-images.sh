#!/usr/bin/env bash
# test/docker/base-images.sh
#
# Creates the local base images that the legacy samples (samples/*/input) build on,
# without any registry: every image is a `docker import` of a small root file system
# made of busybox-static plus *fake toolchains* (POSIX sh scripts) that behave enough
# like go, npm, mvn, gcc, make, pip... for builder Dockerfiles to look and run like
# real ones. Outputs depend on the sources, so two builds of different code differ.
#
# Idempotent and fast: each image carries the label org.multistage-migrate.base-image
# (a hash of its root file system and config); an image whose tags already carry the
# same hash is left alone.
#
# Images (tags) and what they hold besides busybox (applets symlinked in /bin):
#   alpine:3.19 alpine:latest            apk (fake), adduser/addgroup, /etc/apk/world
#   debian:bookworm-slim (+bookworm, 12-slim), ubuntu:22.04 (+jammy)
#                                        apt-get/apt (fake), useradd/groupadd/adduser, /bin/bash (= ash)
#   busybox:1.36 busybox:latest          busybox only
#   gcr.io/distroless/static-debian12:latest, :nonroot (USER 65532)
#                                        no shell at all: passwd/group, CA bundle, tzdata
#   golang:1.22 (+1.22-bookworm)         debian + go, gofmt, gcc/cc, make, git   GOPATH=/go, WORKDIR /go
#   golang:1.22-alpine, golang:1.21-alpine  alpine + go
#   node:20 (+20-bookworm), node:20-alpine  node, npm, npx, yarn, ENTRYPOINT docker-entrypoint.sh, /home/node 1000:1000
#   maven:3.9-eclipse-temurin-17 (+3.9.6-...)  ubuntu + mvn, java, javac, jar, ENTRYPOINT mvn-entrypoint.sh
#   eclipse-temurin:17-jre (+17-jre-jammy)  ubuntu + java
#   gcc:13                               debian + gcc/cc/g++, make, git
#   python:3.12-slim (+3.12-slim-bookworm)  debian + python3, pip
#   nginx:1.25-alpine (+alpine)          alpine + nginx (serves with busybox httpd), /docker-entrypoint.sh
#
# Fake tools (all in /usr/local/lib/fake-toolchain, linked where the real ones live):
#   go build/install  sh "executable" embedding the sha256 of every .go file, go.mod, go.sum,
#                     -ldflags (version from -X main.version=), GOOS/GOARCH/CGO_ENABLED; needs go.mod;
#                     go mod download fills /go/pkg/mod; go test/vet print results
#   gcc/cc            -c writes FAKE-OBJ text, linking writes a sh executable from the inputs'
#                     sha256 (checks #include "x.h" and main()); version from -DVERSION=
#   make              a GNU make subset in awk (variables, ?= := +=, functions, pattern and built-in
#                     rules, .PHONY, conditionals, @ - + prefixes, up-to-date checks)
#   npm ci/install    node_modules from package.json (ci needs package-lock.json); bundler packages get
#                     a fake bin; npm run X runs the script (pre/post too) with node_modules/.bin on PATH
#   vite/webpack/react-scripts/esbuild/parcel/rollup/ng build
#                     <out>/index.html, assets/app.js (+ .map), assets/app.css, public/ copied
#                     (out: dist, or build for react-scripts, or --outDir/--output-path/-o)
#   tsc               one commented .js per .ts into compilerOptions.outDir
#   mvn               reads pom.xml; package -> target/classes/**.class + target/<finalName>.<packaging>
#                     (a text "jar" with Main-Class), install -> ~/.m2; dependency:go-offline fills ~/.m2
#   java -jar X       checks the jar's Main-Class and prints what it would run
#   python/pip        pip install/wheel/download (offline: every requirement "exists", except with
#                     --no-index where --find-links must hold the wheel), python -m venv/pip/build
#   apk/apt-get       record packages; make, gcc, build-base, build-essential, git, tzdata, bash
#                     "install" the matching fake tools
#
# Environment: DOCKER (default $MULTISTAGE_MIGRATE_DOCKER, then /usr/bin/docker),
# BUSYBOX (default /bin/busybox).
# Needs GNU tar and sha256sum on the host.
set -euo pipefail

DOCKER=${DOCKER:-${MULTISTAGE_MIGRATE_DOCKER:-/usr/bin/docker}}
BUSYBOX=${BUSYBOX:-/bin/busybox}
LABEL_KEY=org.multistage-migrate.base-image
FAKE=/usr/local/lib/fake-toolchain          # where the fake tools live inside the images
STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

command -v "$DOCKER" >/dev/null || { echo "base-images: no docker client at $DOCKER" >&2; exit 1; }
[ -x "$BUSYBOX" ] || { echo "base-images: no busybox at $BUSYBOX (install busybox-static)" >&2; exit 1; }
"$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1 || { echo "base-images: the docker daemon does not answer" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mm-base-images.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
LIB=$WORK/lib
mkdir -p "$LIB"

stage() { cat > "$LIB/$1"; chmod 0755 "$LIB/$1"; }

###############################################################################
# Fake toolchains (installed in $FAKE inside every toolchain-capable image)
###############################################################################

stage go <<'EOF_GO'
#!/bin/sh
# Fake `go` of the multistage-migrate test images. NOT the Go toolchain.
# go build|install write small sh "executables" whose content depends on every .go
# file of the module, go.mod, go.sum, -ldflags, -tags, GOOS/GOARCH/CGO_ENABLED.
set -e
GOVER="go${GOLANG_VERSION:-1.22.5}"
G_OS=${GOOS:-linux}; G_ARCH=${GOARCH:-amd64}
G_PATH=${GOPATH:-${HOME:-/root}/go}
LDFLAGS=; TAGS=; MODROOT=; MODPATH=
die() { echo "$*" >&2; exit 1; }

find_modroot() {
  d=$PWD
  while :; do
    if [ -f "$d/go.mod" ]; then echo "$d"; return 0; fi
    [ "$d" = / ] && return 1
    d=$(dirname "$d")
  done
}
need_mod() {
  MODROOT=$(find_modroot) || die "go: go.mod file not found in current directory or any parent directory; see 'go help modules'"
  MODPATH=$(sed -n 's/^module[[:space:]]\{1,\}//p' "$MODROOT/go.mod" | tr -d '\r"' | head -n 1)
  [ -n "$MODPATH" ] || die "go: error reading $MODROOT/go.mod: missing module declaration"
}
src_sum() {
  ( cd "$MODROOT"
    find . -name '*.go' -type f | LC_ALL=C sort | while IFS= read -r f; do
      printf '%s %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$f"
    done
    cat go.mod
    if [ -f go.sum ]; then cat go.sum; fi
    printf '%s|%s|%s|%s|%s\n' "$LDFLAGS" "$TAGS" "$G_OS" "$G_ARCH" "${CGO_ENABLED:-1}"
  ) | sha256sum | cut -c1-64
}
mod_download() {
  need_mod
  awk '/^require[ \t]*\(/ { inb = 1; next }
       inb && /^[ \t]*\)/ { inb = 0; next }
       inb && NF >= 2 && $1 !~ /^\/\// { print $1, $2; next }
       /^require[ \t]+[^( \t]/ { print $2, $3 }' "$MODROOT/go.mod" |
  while read -r m v; do
    mkdir -p "$G_PATH/pkg/mod/cache/download/$m/@v" "$G_PATH/pkg/mod/$m@$v"
    printf '{"Version":"%s","Time":"2024-01-01T00:00:00Z"}\n' "$v" > "$G_PATH/pkg/mod/cache/download/$m/@v/$v.info"
    printf 'module %s\n' "$m" > "$G_PATH/pkg/mod/$m@$v/go.mod"
  done
}
# pattern... -> package directories, one per line
pkg_dirs() {
  for p in "$@"; do
    case $p in
      "$MODPATH") base=$MODROOT ;;
      "$MODPATH"/*) base=$MODROOT/${p#"$MODPATH"/} ;;
      .|./*|..|../*|/*) base=$p ;;
      *) die "package $p is not in std (/usr/local/go/src/$p)" ;;
    esac
    case $base in
      ...|*/...)
        b=${base%...}; b=${b%/}; [ -n "$b" ] || b=.
        found=$(find "$b" \( -name testdata -o -name vendor -o \( -name '.?*' ! -name . ! -name .. \) \) -prune \
                  -o -name '*.go' ! -name '*_test.go' -type f -print | sed 's#/[^/]*$##' | LC_ALL=C sort -u)
        [ -n "$found" ] || echo "go: warning: \"$p\" matched no packages" >&2
        for f in $found; do echo "$f"; done ;;
      *)
        [ -d "$base" ] || die "stat $base: directory not found"
        ls "$base"/*.go >/dev/null 2>&1 || die "no Go files in $(cd "$base" && pwd)"
        echo "$base" ;;
    esac
  done
}
is_main() { grep -l '^package main' "$1"/*.go 2>/dev/null | grep -qv '_test\.go$'; }
prog_name() {
  abs=$(cd "$1" && pwd)
  if [ "$abs" = "$MODROOT" ]; then
    n=${MODPATH##*/}
    case $n in v[0-9]*) p=${MODPATH%/*}; n=${p##*/} ;; esac
  else
    n=${abs##*/}
  fi
  echo "$n"
}
umask_mode() { m=$(umask); printf '%o' $(( 0777 & ~0$m )); }
write_bin() { # out name pkgdir
  out=$1; name=$2; pkg=$3
  ver=$(printf '%s\n' "$LDFLAGS" | sed -n 's/.*-X[ =]*main\.[Vv]ersion=\([^ ]*\).*/\1/p' | tr -d "'\"")
  [ -n "$ver" ] || ver="(devel)"
  mkdir -p "$(dirname "$out")"
  tmp="$out.fake-go.$$"
  cat > "$tmp" <<EOF
#!/bin/sh
# Fake Go executable written by the fake go toolchain of the multistage-migrate test images.
# program: $name
# package: $MODPATH${pkg#.}
# toolchain: $GOVER $G_OS/$G_ARCH CGO_ENABLED=${CGO_ENABLED:-1}
# ldflags: $LDFLAGS
# tags: $TAGS
# sources-sha256: $SUM
case "\${1:-}" in
  -version|--version|version) echo "$name $ver"; exit 0 ;;
esac
echo "$name $ver: fake Go program (sources sha256:$SUM)"
EOF
  chmod "$(umask_mode)" "$tmp"
  mv -f "$tmp" "$out"
}
cmd_build() {
  mode=$1; shift
  OUT=; pats=
  while [ $# -gt 0 ]; do
    case $1 in
      -o) OUT=$2; shift ;;
      -o=*) OUT=${1#-o=} ;;
      -ldflags) LDFLAGS=$2; shift ;;
      -ldflags=*) LDFLAGS=${1#-ldflags=} ;;
      -tags) TAGS=$2; shift ;;
      -tags=*) TAGS=${1#-tags=} ;;
      -C) cd "$2"; shift ;;
      -gcflags|-asmflags|-mod|-p|-buildmode|-pkgdir|-modfile|-installsuffix|-compiler|-gccgoflags|-overlay|-pgo) shift ;;
      --) shift; pats="$pats $*"; break ;;
      -*) ;;
      *) pats="$pats $1" ;;
    esac
    shift
  done
  need_mod
  [ -n "$pats" ] || pats=.
  SUM=$(src_sum)
  mkdir -p "${GOCACHE:-${HOME:-/root}/.cache/go-build}" 2>/dev/null && echo "$SUM" > "${GOCACHE:-${HOME:-/root}/.cache/go-build}/$(echo "$SUM" | cut -c1-2)-fake" 2>/dev/null || true
  set -- $pats
  case $1 in
    *.go)  # file list: one package named after the first file
      for f; do [ -f "$f" ] || die "stat $f: no such file or directory"; done
      dirs=$(dirname "$1"); first=$(basename "$1" .go) ;;
    *) dirs=$(pkg_dirs "$@"); first= ;;
  esac
  ndirs=$(echo $dirs | wc -w)
  mains=
  for d in $dirs; do if is_main "$d"; then mains="$mains $d"; fi; done
  if [ "$mode" = install ]; then
    [ -z "$OUT" ] || die "flag provided but not defined: -o"
    bindir=${GOBIN:-$G_PATH/bin}
    if [ -z "${GOBIN:-}" ] && [ "$G_OS/$G_ARCH" != linux/amd64 ]; then bindir=$G_PATH/bin/${G_OS}_$G_ARCH; fi
    for d in $mains; do write_bin "$bindir/$(prog_name "$d")" "$(prog_name "$d")" "$d"; done
    return 0
  fi
  if [ -n "$OUT" ]; then
    isdir=0; [ -d "$OUT" ] && isdir=1
    case $OUT in */) isdir=1 ;; esac
    if [ $isdir = 1 ]; then
      for d in $mains; do n=${first:-$(prog_name "$d")}; write_bin "${OUT%/}/$n" "$n" "$d"; done
    else
      [ "$ndirs" -eq 1 ] || die "go: -o flag: cannot write multiple packages to non-directory $OUT"
      [ -n "$mains" ] || return 0
      write_bin "$OUT" "$(basename "$OUT")" "$dirs"
    fi
  elif [ "$ndirs" -eq 1 ] && [ -n "$mains" ]; then
    n=${first:-$(prog_name "$dirs")}
    write_bin "./$n" "$n" "$dirs"
  fi
}
cmd_test() {
  need_mod
  pats=; for a; do case $a in -*) ;; *) pats="$pats $a" ;; esac; done
  [ -n "$pats" ] || pats=.
  for d in $(pkg_dirs $pats); do
    rel=$(cd "$d" && pwd); rel=${rel#"$MODROOT"}
    if ls "$d"/*_test.go >/dev/null 2>&1; then printf 'ok  \t%s%s\t0.012s\n' "$MODPATH" "$rel"
    else printf '?   \t%s%s\t[no test files]\n' "$MODPATH" "$rel"; fi
  done
}
cmd=${1:-help}; [ $# -gt 0 ] && shift
case $cmd in
  version) echo "go version $GOVER $G_OS/$G_ARCH" ;;
  env)
    if [ $# -gt 0 ]; then
      for v; do case $v in
        GOPATH) echo "$G_PATH" ;; GOOS) echo "$G_OS" ;; GOARCH) echo "$G_ARCH" ;; GOROOT) echo /usr/local/go ;;
        GOVERSION) echo "$GOVER" ;; CGO_ENABLED) echo "${CGO_ENABLED:-1}" ;; GOMODCACHE) echo "$G_PATH/pkg/mod" ;;
        GOCACHE) echo "${GOCACHE:-${HOME:-/root}/.cache/go-build}" ;; GOBIN) echo "${GOBIN:-}" ;; *) echo ;;
      esac; done
    else
      printf 'GOARCH=%s\nGOOS=%s\nGOPATH=%s\nGOROOT=/usr/local/go\nGOVERSION=%s\nCGO_ENABLED=%s\n' "$G_ARCH" "$G_OS" "$G_PATH" "$GOVER" "${CGO_ENABLED:-1}"
    fi ;;
  mod)
    sub=${1:-}; [ $# -gt 0 ] && shift
    case $sub in
      download|tidy|verify|vendor|graph|why) mod_download; [ "$sub" = verify ] && echo "all modules verified"; true ;;
      init) [ ! -f go.mod ] || die "go: $PWD/go.mod already exists"; printf 'module %s\n\ngo %s\n' "${1:-example.com/m}" "$(echo "${GOLANG_VERSION:-1.22.5}" | cut -d. -f1,2)" > go.mod ;;
      *) die "go mod $sub: unknown command" ;;
    esac ;;
  build) cmd_build build "$@" ;;
  install) cmd_build install "$@" ;;
  test) cmd_test "$@" ;;
  vet|fmt|generate|clean|get|list|work|fix) need_mod ;;
  help|-h|--help) echo "Go is a tool for managing Go source code (fake: build install test mod env version)." ;;
  *) echo "go $cmd: unknown command" >&2; echo "Run 'go help' for usage." >&2; exit 2 ;;
esac
EOF_GO

stage gofmt <<'EOF_GOFMT'
#!/bin/sh
# Fake gofmt: accepts everything as formatted.
exit 0
EOF_GOFMT

stage gcc <<'EOF_GCC'
#!/bin/sh
# Fake gcc/cc/g++ of the multistage-migrate test images. NOT a compiler.
# -c writes FAKE-OBJ text files; linking writes a sh "executable" whose content
# depends on the inputs (sha256 of every source and object) and the -D flags.
set -e
me=${0##*/}
out=; conly=0; shared=0; inputs=; incs=; flags=
while [ $# -gt 0 ]; do
  case $1 in
    --version) echo "$me (GCC) ${GCC_VERSION:-13.2.0} (fake)"; exit 0 ;;
    -dumpversion) echo "${GCC_VERSION:-13.2.0}" | cut -d. -f1; exit 0 ;;
    -dumpmachine) echo x86_64-linux-gnu; exit 0 ;;
    -o) out=$2; shift ;;
    -o*) out=${1#-o} ;;
    -c|-S|-E) conly=1 ;;
    -shared) shared=1; flags="$flags $1" ;;
    -I) incs="$incs $2"; shift ;;
    -I*) incs="$incs ${1#-I}" ;;
    -L|-l|-x|-include|-MF|-MT|-MQ|-isystem|-Xlinker|-u) shift ;;
    -*) flags="$flags $1" ;;
    *) inputs="$inputs $1" ;;
  esac
  shift
done
[ -n "$inputs" ] || { echo "$me: fatal error: no input files" >&2; echo "compilation terminated." >&2; exit 1; }
for f in $inputs; do [ -f "$f" ] || { echo "$me: error: $f: No such file or directory" >&2; exit 1; }; done
check_includes() {
  d=$(dirname "$1")
  sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$1" | while IFS= read -r h; do
    ok=0; for dir in "$d" $incs .; do [ -f "$dir/$h" ] && ok=1; done
    [ $ok = 1 ] || { echo "$1: fatal error: $h: No such file or directory" >&2; echo "compilation terminated." >&2; exit 1; }
  done
}
obj_of() {
  case $1 in
    *.o|*.a) cat "$1" ;;
    *)
      check_includes "$1"
      s=$(sha256sum < "$1" | cut -c1-64); m=no
      grep -q 'int[[:space:]]\{1,\}main[[:space:]]*(' "$1" && m=yes
      printf 'FAKE-OBJ source=%s sha256=%s main=%s flags=%s\n' "$1" "$s" "$m" "$(echo $flags)" ;;
  esac
}
if [ $conly = 1 ]; then
  set -- $inputs
  if [ -n "$out" ] && [ $# -gt 1 ]; then echo "$me: fatal error: cannot specify '-o' with '-c', '-S' or '-E' with multiple files" >&2; exit 1; fi
  for f; do o=${out:-$(basename "${f%.*}").o}; obj_of "$f" > "$o.tmp$$"; mv -f "$o.tmp$$" "$o"; done
  exit 0
fi
objs=$(for f in $inputs; do obj_of "$f"; done)
if [ $shared = 0 ] && ! printf '%s\n' "$objs" | grep -q 'main=yes'; then
  echo "/usr/bin/ld: /usr/lib/x86_64-linux-gnu/crt1.o: in function \`_start':" >&2
  echo "(.text+0x17): undefined reference to \`main'" >&2
  echo "collect2: error: ld returned 1 exit status" >&2
  exit 1
fi
out=${out:-a.out}
sum=$(printf '%s\n%s\n' "$objs" "$flags" | sha256sum | cut -c1-64)
prog=$(basename "$out")
ver=$(printf '%s\n' "$objs" | sed -n 's/.*-DVERSION=\([^ ]*\).*/\1/p' | head -n 1 | tr -d "'\"\\\\")
[ -n "$ver" ] || ver=unknown
tmp="$out.fake-gcc.$$"
cat > "$tmp" <<EOF
#!/bin/sh
# Fake executable written by the fake gcc of the multistage-migrate test images.
# program: $prog
# compiler: gcc ${GCC_VERSION:-13.2.0} (fake) flags:$flags
# inputs-sha256: $sum
case "\${1:-}" in
  -v|--version|version) echo "$prog $ver"; exit 0 ;;
esac
echo "$prog $ver: fake C program (inputs sha256:$sum)"
EOF
m=$(umask); chmod "$(printf '%o' $(( 0777 & ~0$m )))" "$tmp"
mv -f "$tmp" "$out"
EOF_GCC

stage make <<'EOF_MAKE'
#!/bin/sh
# Fake GNU make of the multistage-migrate test images: a small subset of make
# written in awk (see make.awk next to this file).
makefile=; dir=; targets=; vars=; silent=0; dry=0; printdir=0
while [ $# -gt 0 ]; do
  case $1 in
    -f|--file|--makefile) makefile=$2; shift ;;
    -f*) makefile=${1#-f} ;;
    -C|--directory) dir=$2; shift ;;
    -C*) dir=${1#-C} ;;
    -j|-l) case ${2:-} in [0-9]*) shift ;; esac ;;
    -s|--silent|--quiet) silent=1 ;;
    -n|--dry-run|--just-print|--recon) dry=1 ;;
    -w|--print-directory) printdir=1 ;;
    -v|--version) echo "GNU Make 4.3 (fake, multistage-migrate test images)"; exit 0 ;;
    -*) ;;
    *=*) vars="$vars$1
" ;;
    *) targets="$targets $1" ;;
  esac
  shift
done
if [ -n "$dir" ]; then cd "$dir" || exit 2; echo "make: Entering directory '$PWD'"; fi
if [ -z "$makefile" ]; then
  for m in GNUmakefile makefile Makefile; do if [ -f "$m" ]; then makefile=$m; break; fi; done
fi
if [ -z "$makefile" ]; then
  if [ -z "$targets" ]; then echo "make: *** No targets specified and no makefile found.  Stop." >&2; exit 2; fi
  makefile=/dev/null
fi
[ -r "$makefile" ] || { echo "make: $makefile: No such file or directory" >&2; echo "make: *** No rule to make target '$makefile'.  Stop." >&2; exit 2; }
awk -v TARGETS="$targets" -v CMDVARS="$vars" -v SILENT="$silent" -v DRY="$dry" -v CURDIR="$PWD" \
    -f /usr/local/lib/fake-toolchain/make.awk "$makefile"
rc=$?
if [ -n "$dir" ]; then echo "make: Leaving directory '$PWD'"; fi
exit $rc
EOF_MAKE

stage make.awk <<'EOF_MAKEAWK'
# make.awk: a small subset of GNU make for the fake toolchains of the
# multistage-migrate test images.
# Variables: = := ::= ?= += != (command line wins, environment is the fallback),
# $(VAR) ${VAR} $(VAR:a=b), automatic $@ $< $^ $+ $? $*; functions wildcard shell
# patsubst subst notdir dir basename suffix addprefix addsuffix filter filter-out
# sort strip firstword lastword words word if; rules, pattern rules, the built-in
# %.o: %.c and x: x.c rules, .PHONY, export, ifdef/ifndef/ifeq/ifneq/else/endif,
# recipe prefixes @ - +. Recipes run one line per `sh -c`, like GNU make.
function sq(s) { gsub(/'/, "'\\''", s); return "'" s "'" }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function squeeze(s) { gsub(/[ \t\n]+/, " ", s); return trim(s) }
function err(m) { fflush(); print m > "/dev/stderr"; fflush() }
function fexists(f) { return system("[ -e " sq(f) " ]") == 0 }
function newer(a, b) { return system("[ " sq(a) " -nt " sq(b) " ]") == 0 }
function die(msg) { fflush(); err("make: *** " msg ".  Stop."); exit_code = 2; exit 2 }
function shellout(cmd,    line, r) {
  r = ""
  while ((cmd | getline line) > 0) r = r (r == "" ? "" : " ") line
  close(cmd)
  return r
}
function wildcard(pats) {
  return shellout("for p in " pats "; do if [ -e \"$p\" ]; then printf '%s\\n' \"$p\"; fi; done")
}
function patsubst1(pat, rep, w,    p, pre, suf, stem) {
  p = index(pat, "%")
  if (!p) return (w == pat) ? rep : w
  pre = substr(pat, 1, p - 1); suf = substr(pat, p + 1)
  if (length(w) < length(pre) + length(suf)) return w
  if (substr(w, 1, length(pre)) != pre) return w
  if (suf != "" && substr(w, length(w) - length(suf) + 1) != suf) return w
  stem = substr(w, length(pre) + 1, length(w) - length(pre) - length(suf))
  p = index(rep, "%")
  if (!p) return rep
  return substr(rep, 1, p - 1) stem substr(rep, p + 1)
}
function patsubst_words(pat, rep, text,    n, w, i, r) {
  n = split(squeeze(text), w, " "); r = ""
  for (i = 1; i <= n; i++) r = r (i > 1 ? " " : "") patsubst1(pat, rep, w[i])
  return r
}
function pmatch(pat, w,    p, pre, suf) {
  p = index(pat, "%"); pre = substr(pat, 1, p - 1); suf = substr(pat, p + 1)
  if (length(w) <= length(pre) + length(suf)) return 0
  if (substr(w, 1, length(pre)) != pre) return 0
  if (suf != "" && substr(w, length(w) - length(suf) + 1) != suf) return 0
  STEM = substr(w, length(pre) + 1, length(w) - length(pre) - length(suf))
  return 1
}
function pctsub(s, stem) { gsub(/%/, stem, s); return s }
function splitargs(s, arr, max,    n, i, c, lvl, cur) {
  n = 1; lvl = 0; cur = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "(" || c == "{") lvl++
    else if (c == ")" || c == "}") lvl--
    if (c == "," && lvl == 0 && (max == 0 || n < max)) { arr[n++] = cur; cur = ""; continue }
    cur = cur c
  }
  arr[n] = cur
  return n
}
function literal_subst(from, to, text,    p, r) {
  if (from == "") return text
  r = ""
  while ((p = index(text, from)) > 0) { r = r substr(text, 1, p - 1) to; text = substr(text, p + length(from)) }
  return r text
}
function callfn(fn, argstr, depth,    a, n, i, w, nw, r, x, y, t, j, keep, ok) {
  if (fn == "if") {
    n = splitargs(argstr, a, 3)
    if (trim(expand(a[1], depth + 1)) != "") return expand(a[2], depth + 1)
    return (n >= 3) ? expand(a[3], depth + 1) : ""
  }
  if (fn in ONEARG) { n = 1; a[1] = argstr } else n = splitargs(argstr, a, (fn in THREEARG) ? 3 : 2)
  for (i = 1; i <= n; i++) a[i] = expand(a[i], depth + 1)
  if (fn == "wildcard") return wildcard(a[1])
  if (fn == "shell") return shellout(a[1])
  if (fn == "strip") return squeeze(a[1])
  if (fn == "patsubst") return patsubst_words(trim(a[1]), trim(a[2]), a[3])
  if (fn == "subst") return literal_subst(a[1], a[2], a[3])
  if (fn == "addprefix" || fn == "addsuffix" || fn == "filter" || fn == "filter-out" || fn == "word") { x = a[1]; t = a[2] }
  else t = a[1]
  nw = split(squeeze(t), w, " "); r = ""
  if (fn == "words") return nw
  if (fn == "firstword") return (nw > 0) ? w[1] : ""
  if (fn == "lastword") return (nw > 0) ? w[nw] : ""
  if (fn == "word") { x = trim(x) + 0; return (x >= 1 && x <= nw) ? w[x] : "" }
  if (fn == "sort") {
    for (i = 2; i <= nw; i++) { y = w[i]; for (j = i - 1; j >= 1 && w[j] > y; j--) w[j + 1] = w[j]; w[j + 1] = y }
    for (i = 1; i <= nw; i++) if (i == 1 || w[i] != w[i - 1]) r = r (r == "" ? "" : " ") w[i]
    return r
  }
  for (i = 1; i <= nw; i++) {
    y = w[i]
    if (fn == "notdir") sub(/.*\//, "", y)
    else if (fn == "dir") { if (y ~ /\//) sub(/[^\/]*$/, "", y); else y = "./" }
    else if (fn == "basename") { if (y ~ /\.[^.\/]*$/) sub(/\.[^.\/]*$/, "", y) }
    else if (fn == "suffix") { if (match(y, /\.[^.\/]*$/)) y = substr(y, RSTART); else y = "" }
    else if (fn == "addprefix") y = trim(x) y
    else if (fn == "addsuffix") y = y trim(x)
    else if (fn == "filter" || fn == "filter-out") {
      split(squeeze(x), keep, " "); ok = 0
      for (j in keep) if (index(keep[j], "%") ? pmatch(keep[j], y) : (keep[j] == y)) ok = 1
      if ((fn == "filter") != ok) y = ""
    }
    if (y != "") r = r (r == "" ? "" : " ") y
  }
  return r
}
function getvar(name, depth) {
  if (name in AUTO) return AUTO[name]
  if (!(name in val)) return ""
  if (recur[name]) return expand(val[name], depth + 1)
  return val[name]
}
function evalref(inner, depth,    fn, p, q, e, name, a, b) {
  if (match(inner, /^[a-z-]+[ \t]/)) {
    fn = substr(inner, 1, RLENGTH - 1)
    if (fn in FUNCS) return callfn(fn, substr(inner, RLENGTH + 1), depth)
  }
  p = index(inner, ":")
  if (p > 0 && index(substr(inner, p), "=") > 0) {
    name = expand(substr(inner, 1, p - 1), depth + 1); q = substr(inner, p + 1); e = index(q, "=")
    a = expand(substr(q, 1, e - 1), depth + 1); b = expand(substr(q, e + 1), depth + 1)
    if (index(a, "%")) return patsubst_words(a, b, getvar(name, depth))
    return patsubst_words("%" a, "%" b, getvar(name, depth))
  }
  return getvar(expand(inner, depth + 1), depth)
}
function expand(s, depth,    out, i, n, c, j, lvl, d, closec, inner) {
  if (depth > 60) return s
  out = ""; n = length(s); i = 1
  while (i <= n) {
    c = substr(s, i, 1)
    if (c != "$") {
      j = index(substr(s, i), "$")
      if (j == 0) { out = out substr(s, i); break }
      out = out substr(s, i, j - 1); i += j - 1; continue
    }
    c = substr(s, i + 1, 1)
    if (c == "$") { out = out "$"; i += 2; continue }
    if (c == "(" || c == "{") {
      closec = (c == "(") ? ")" : "}"
      lvl = 1; j = i + 2
      while (j <= n && lvl > 0) { d = substr(s, j, 1); if (d == c) lvl++; else if (d == closec) lvl--; j++ }
      inner = substr(s, i + 2, j - i - 3)
      out = out evalref(inner, depth); i = j; continue
    }
    if (c == "") { i++; continue }
    out = out getvar(c, depth); i += 2
  }
  return out
}
function setvar(k, op, rhs, isexport) {
  if (isexport && k ~ /^[A-Za-z_][A-Za-z0-9_]*$/) exported[k] = 1
  if (origin[k] == "cmd") return
  rhs = trim(rhs)
  if (op == "?=") { if (k in val) return; val[k] = rhs; recur[k] = 1; origin[k] = "file"; return }
  if (op == ":=" || op == "::=") { val[k] = expand(rhs, 0); recur[k] = 0 }
  else if (op == "!=") { val[k] = shellout(expand(rhs, 0)); recur[k] = 0 }
  else if (op == "+=" && (k in val)) { if (recur[k]) val[k] = val[k] " " rhs; else val[k] = val[k] " " expand(rhs, 0) }
  else { val[k] = rhs; recur[k] = 1 }
  if (origin[k] == "env" && k ~ /^[A-Za-z_][A-Za-z0-9_]*$/) exported[k] = 1
  origin[k] = "file"
}
function exports(    k, s) {
  s = ""
  for (k in exported) if (k in val) s = s "export " k "=" sq(getvar(k, 0)) "; "
  return s
}
function active(    i) { for (i = 1; i <= ncond; i++) if (!cst[i]) return 0; return 1 }
function cond_eval(w,    kw, rest, n, arr, a, b, eq) {
  kw = w; sub(/[ \t(].*/, "", kw); rest = trim(substr(w, length(kw) + 1))
  if (kw == "ifdef") return trim(getvar(trim(expand(rest, 0)), 0)) != ""
  if (kw == "ifndef") return trim(getvar(trim(expand(rest, 0)), 0)) == ""
  if (substr(rest, 1, 1) == "(") {
    rest = substr(rest, 2); sub(/\)[ \t]*$/, "", rest)
    n = splitargs(rest, arr, 2); a = trim(expand(arr[1], 0)); b = trim(expand(arr[2], 0))
  } else {
    match(rest, /^("[^"]*"|'[^']*')/); a = substr(rest, 2, RLENGTH - 2); rest = trim(substr(rest, RLENGTH + 1))
    match(rest, /^("[^"]*"|'[^']*')/); b = substr(rest, 2, RLENGTH - 2)
    a = expand(a, 0); b = expand(b, 0)
  }
  eq = (a == b)
  return (kw == "ifeq") ? eq : !eq
}
BEGIN {
  split("wildcard shell patsubst subst notdir dir basename suffix addprefix addsuffix filter filter-out sort strip firstword lastword words word if", fl, " ")
  for (i in fl) FUNCS[fl[i]] = 1
  split("wildcard shell strip notdir dir basename suffix sort firstword lastword words", fl, " ")
  for (i in fl) ONEARG[fl[i]] = 1
  THREEARG["patsubst"] = 1; THREEARG["subst"] = 1
  for (k in ENVIRON) if (k ~ /^[A-Za-z_][A-Za-z0-9_]*$/ && k != "MAKEFLAGS" && k != "SHELL") { val[k] = ENVIRON[k]; recur[k] = 0; origin[k] = "env" }
  split("CC=cc|CXX=g++|CPP=$(CC) -E|AR=ar|ARFLAGS=rv|RM=rm -f|MAKE=make|SHELL=/bin/sh", fl, "|")
  for (i in fl) { p = index(fl[i], "="); k = substr(fl[i], 1, p - 1); if (!(k in val)) { val[k] = substr(fl[i], p + 1); recur[k] = 1; origin[k] = "default" } }
  val["CURDIR"] = CURDIR; recur["CURDIR"] = 0; origin["CURDIR"] = "file"
  n = split(CMDVARS, cv, "\n")
  for (i = 1; i <= n; i++) if (cv[i] != "") {
    p = index(cv[i], "="); k = substr(cv[i], 1, p - 1); v = substr(cv[i], p + 1)
    if (substr(k, length(k)) == ":") k = substr(k, 1, length(k) - 1)
    val[k] = v; recur[k] = 0; origin[k] = "cmd"
    if (k ~ /^[A-Za-z_][A-Za-z0-9_]*$/) exported[k] = 1
  }
  ncond = 0; ntgt = 0; npat = 0; DEFAULT = ""; indefine = 0
}
{
  line = $0; lineno = FNR
  sub(/\r$/, "", line)
  if (indefine) { if (line ~ /^[ \t]*endef/) indefine = 0; next }
  isrecipe = (line ~ /^\t/ && ntgt > 0)
  while (line ~ /\\$/) {
    if ((getline nxt) <= 0) break
    sub(/\r$/, "", nxt); sub(/\\$/, "", line)
    if (isrecipe) { sub(/^\t/, "", nxt); line = line "\\\n" nxt }
    else { sub(/^[ \t]+/, "", nxt); line = line " " nxt }
  }
  if (isrecipe) {
    if (!active()) next
    cmd = substr(line, 2)
    if (cmd ~ /^[ \t]*#/) next
    for (i = 1; i <= ntgt; i++) { t = tgt[i]; nrec[t]++; rec[t, nrec[t]] = cmd; recline[t, nrec[t]] = lineno }
    next
  }
  p = index(line, "#"); if (p) line = substr(line, 1, p - 1)
  if (line ~ /^[ \t]*$/) next
  w = trim(line)
  if (w ~ /^(ifdef|ifndef|ifeq|ifneq)[ \t(]/) {
    ncond++
    if (!active_before()) { cst[ncond] = 0; ctk[ncond] = 1 } else { r = cond_eval(w); cst[ncond] = r; ctk[ncond] = r }
    next
  }
  if (w ~ /^else([ \t]|$)/) {
    if (ncond == 0) die("extraneous 'else'")
    rest = trim(substr(w, 5))
    if (ctk[ncond]) cst[ncond] = 0
    else if (rest != "") { r = cond_eval(rest); cst[ncond] = r; ctk[ncond] = r }
    else { cst[ncond] = 1; ctk[ncond] = 1 }
    next
  }
  if (w ~ /^endif([ \t]|$)/) { if (ncond == 0) die("extraneous 'endif'"); ncond--; next }
  if (!active()) next
  if (w ~ /^define[ \t]/) { indefine = 1; next }
  if (w ~ /^(-include|sinclude|include|vpath|unexport)([ \t]|$)/) next
  isexport = 0
  if (w ~ /^override[ \t]/) w = trim(substr(w, 9))
  if (w ~ /^export([ \t]|$)/) {
    w = trim(substr(w, 7)); isexport = 1
    if (w !~ /=/) { n = split(expand(w, 0), ex, " "); for (i = 1; i <= n; i++) exported[ex[i]] = 1; next }
  }
  if (match(w, /^[A-Za-z0-9_.\/-]+[ \t]*(::=|:=|\?=|\+=|!=|=)/)) {
    head = substr(w, 1, RLENGTH); rhs = substr(w, RLENGTH + 1)
    match(head, /(::=|:=|\?=|\+=|!=|=)$/); op = substr(head, RSTART); k = trim(substr(head, 1, RSTART - 1))
    setvar(k, op, rhs, isexport)
    ntgt = 0
    next
  }
  ex = expand(w, 0)
  p = index(ex, ":")
  if (!p) die("missing separator (line " lineno ")")
  tpart = substr(ex, 1, p - 1); rest = substr(ex, p + 1)
  if (substr(rest, 1, 1) == ":") rest = substr(rest, 2)
  inl = ""; s = index(rest, ";"); if (s) { inl = substr(rest, s + 1); rest = substr(rest, 1, s - 1) }
  gsub(/\|/, " ", rest)
  if (trim(rest) ~ /^[A-Za-z0-9_.-]+[ \t]*(:=|\?=|\+=|=)/) { ntgt = 0; next }
  ntgt = split(squeeze(tpart), tgt, " ")
  for (i = 1; i <= ntgt; i++) {
    t = tgt[i]
    if (t == ".PHONY") { n = split(squeeze(rest), ph, " "); for (j = 1; j <= n; j++) phony[ph[j]] = 1; continue }
    if (index(t, "%")) { npat++; patT[npat] = t; patP[npat] = rest; tgt[i] = "%" npat; continue }
    rule[t] = 1; deps[t] = deps[t] " " rest
    if (DEFAULT == "" && t !~ /^\./) DEFAULT = t
  }
  if (inl != "") for (i = 1; i <= ntgt; i++) { t = tgt[i]; nrec[t]++; rec[t, nrec[t]] = inl; recline[t, nrec[t]] = lineno }
  next
}
function active_before(    i) { for (i = 1; i < ncond; i++) if (!cst[i]) return 0; return 1 }
function allok(list,    n, a, i) {
  n = split(squeeze(list), a, " ")
  for (i = 1; i <= n; i++) if (!fexists(a[i]) && !(a[i] in rule)) return 0
  return 1
}
function build(t, parent,    key, plist, pi, stem, pp, n, pr, i, need, r, k, nr, line, cmd, silent_, ign, plus, rc, allp, seen, firstp, ranhere, c, x) {
  if (t in done) return done[t]
  if (t in inprog) { err("make: Circular " parent " <- " t " dependency dropped."); return 0 }
  inprog[t] = 1
  key = ""; plist = (t in deps) ? deps[t] : ""; stem = ""
  if ((t in nrec) && nrec[t] > 0) key = t
  else {
    for (pi = 1; pi <= npat && key == ""; pi++) {
      if (!pmatch(patT[pi], t)) continue
      stem = STEM; pp = pctsub(patP[pi], stem)
      if (allok(pp)) { plist = plist " " pp; key = "%" pi }
    }
    if (key == "" && t ~ /\.o$/ && fexists(substr(t, 1, length(t) - 2) ".c")) { stem = substr(t, 1, length(t) - 2); plist = plist " " stem ".c"; key = "%builtin-o" }
    else if (key == "" && t !~ /[.\/]/ && fexists(t ".c")) { stem = t; plist = plist " " t ".c"; key = "%builtin-link" }
  }
  if (key == "" && !(t in rule)) {
    if (fexists(t)) { done[t] = 0; delete inprog[t]; return 0 }
    if (parent != "") die("No rule to make target '" t "', needed by '" parent "'")
    die("No rule to make target '" t "'")
  }
  n = split(squeeze(plist), pr, " ")
  need = (t in phony) || !fexists(t)
  allp = ""; firstp = ""
  for (i = 1; i <= n; i++) {
    r = build(pr[i], t)
    if (r == 1 || (pr[i] in phony)) need = 1
    else if (!need && newer(pr[i], t)) need = 1
    if (!(pr[i] in seen)) { seen[pr[i]] = 1; allp = allp (allp == "" ? "" : " ") pr[i] }
    if (firstp == "") firstp = pr[i]
  }
  ranhere = 0
  if (need && key != "") {
    nr = (key ~ /^%builtin/) ? 1 : nrec[key]
    for (k = 1; k <= nr; k++) {
      AUTO["@"] = t; AUTO["<"] = firstp; AUTO["^"] = allp; AUTO["+"] = allp; AUTO["?"] = allp; AUTO["*"] = stem
      if (key == "%builtin-o") line = "$(CC) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<"
      else if (key == "%builtin-link") line = "$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@"
      else line = rec[key, k]
      cmd = expand(line, 0)
      for (x in AUTO) delete AUTO[x]
      silent_ = SILENT; ign = 0; plus = 0
      while (1) {
        c = substr(cmd, 1, 1)
        if (c == "@") silent_ = 1; else if (c == "-") ign = 1; else if (c == "+") plus = 1
        else if (c != " " && c != "\t") break
        cmd = substr(cmd, 2)
      }
      if (cmd == "") continue
      if (!silent_ || DRY) print cmd
      ranhere = 1; nexec++
      if (DRY && !plus) continue
      fflush()
      rc = system(exports() cmd)
      if (rc != 0) {
        if (ign) err("make: [" FILENAME ":" recline[key, k] ": " t "] Error " rc " (ignored)")
        else { err("make: *** [" FILENAME ":" ((key ~ /^%builtin/) ? "builtin" : recline[key, k]) ": " t "] Error " rc); exit_code = 2; exit 2 }
      }
    }
  }
  done[t] = (ranhere || need) ? 1 : 0
  delete inprog[t]
  return done[t]
}
END {
  if (exit_code) exit exit_code
  if (ncond > 0) die("missing 'endif'")
  goals = squeeze(TARGETS)
  if (goals == "") goals = ("\.DEFAULT_GOAL" in val) ? trim(getvar(".DEFAULT_GOAL", 0)) : DEFAULT
  if (goals == "") die("No targets")
  ng = split(goals, gl, " ")
  for (gi = 1; gi <= ng; gi++) {
    before = nexec
    build(gl[gi], "")
    if (nexec == before) {
      if ((gl[gi] in nrec) || (gl[gi] in phony) == 0 && fexists(gl[gi])) print "make: '" gl[gi] "' is up to date."
      else print "make: Nothing to be done for '" gl[gi] "'."
    }
  }
}
EOF_MAKEAWK

stage json.awk <<'EOF_JSON'
# json.awk: prints every scalar of a JSON document as "path<TAB>value"
# (object members as a.b, array items as a.0). Enough for package.json & co.
BEGIN { RS = "\001" }
{ doc = doc $0 }
function ws(    c) { while (pos <= n) { c = substr(s, pos, 1); if (c == " " || c == "\t" || c == "\n" || c == "\r") pos++; else break } }
function str(    out, c) {
  pos++; out = ""
  while (pos <= n) {
    c = substr(s, pos, 1)
    if (c == "\\") {
      pos++; c = substr(s, pos, 1)
      if (c == "n") c = "\n"; else if (c == "t") c = "\t"; else if (c == "u") { c = "\\u" substr(s, pos + 1, 4); pos += 4 }
      out = out c; pos++; continue
    }
    if (c == "\"") { pos++; return out }
    out = out c; pos++
  }
  return out
}
function emit(p, v) { gsub(/\n/, "\\n", v); gsub(/\t/, " ", v); print p "\t" v }
function value(path,    c, start, k, i) {
  ws(); c = substr(s, pos, 1)
  if (c == "{") {
    pos++; ws(); if (substr(s, pos, 1) == "}") { pos++; return }
    while (pos <= n) {
      ws(); k = str(); ws(); pos++
      value(path == "" ? k : path "." k)
      ws(); c = substr(s, pos, 1); pos++
      if (c != ",") return
    }
    return
  }
  if (c == "[") {
    pos++; ws(); if (substr(s, pos, 1) == "]") { pos++; return }
    i = 0
    while (pos <= n) { value(path "." i); i++; ws(); c = substr(s, pos, 1); pos++; if (c != ",") return }
    return
  }
  if (c == "\"") { emit(path, str()); return }
  start = pos
  while (pos <= n && index(",}] \t\r\n", substr(s, pos, 1)) == 0) pos++
  emit(path, substr(s, start, pos - start))
}
END { s = doc; n = length(s); pos = 1; value("") }
EOF_JSON

stage xml.awk <<'EOF_XML'
# xml.awk: prints "/path/to/element<TAB>text" for every element that holds only
# text (enough for pom.xml). Comments and declarations are skipped.
BEGIN { RS = "<"; depth = 0; path = "" }
NR == 1 { next }
{
  rec = $0; p = index(rec, ">"); if (!p) next
  tag = substr(rec, 1, p - 1); text = substr(rec, p + 1)
  if (tag ~ /^[?!]/) next
  if (tag ~ /^\//) {
    if (depth > 0) {
      if (!haschild[depth]) { t = pend[depth]; gsub(/^[ \t\r\n]+|[ \t\r\n]+$/, "", t); print path "\t" t }
      path = substr(path, 1, length(path) - length(stack[depth]) - 1); depth--
    }
    next
  }
  if (depth > 0) haschild[depth] = 1
  if (tag ~ /\/$/) next
  name = tag; sub(/[ \t\r\n\/].*/, "", name)
  depth++; stack[depth] = name; path = path "/" name; pend[depth] = text; haschild[depth] = 0
}
EOF_XML

stage node <<'EOF_NODE'
#!/bin/sh
# Fake node of the multistage-migrate test images. Runs nothing.
case ${1:-} in
  -v|--version) echo "v${NODE_VERSION:-20.11.1}"; exit 0 ;;
  -e|--eval|-p|--print) exit 0 ;;
  "") echo "Welcome to Node.js v${NODE_VERSION:-20.11.1} (fake)."; exit 0 ;;
esac
while [ $# -gt 0 ]; do case $1 in -r|--require|--max-old-space-size) shift ;; -*) ;; *) break ;; esac; shift; done
f=${1:-}
if [ -n "$f" ] && [ ! -e "$f" ] && [ ! -e "$f.js" ] && [ ! -e "$f/index.js" ]; then
  echo "node:internal/modules/cjs/loader:1147" >&2
  echo "Error: Cannot find module '$PWD/$f'" >&2
  exit 1
fi
echo "fake node v${NODE_VERSION:-20.11.1}: would run $*"
EOF_NODE

stage npm <<'EOF_NPM'
#!/bin/sh
# Fake npm of the multistage-migrate test images (offline).
# ci / install create node_modules from package.json (bundler packages such as vite,
# webpack-cli, react-scripts, typescript get a fake bin in node_modules/.bin);
# run <script> runs the package.json script with node_modules/.bin on PATH.
set -e
LIB=/usr/local/lib/fake-toolchain
NPMV=10.2.4
json() { awk -f "$LIB/json.awk" "$1"; }
need_pkg() {
  [ -f package.json ] && return 0
  echo "npm ERR! code ENOENT" >&2
  echo "npm ERR! enoent Could not read package.json: Error: ENOENT: no such file or directory, open '$PWD/package.json'" >&2
  exit 254
}
field() { json package.json | awk -F '\t' -v k="$1" '$1 == k { print $2; exit }'; }
deps() { json package.json | awk -F '\t' -v o="$1" 'index($1, o ".") == 1 { print substr($1, length(o) + 2) "\t" $2 }'; }
install_one() {
  name=$1; ver=$(echo "$2" | sed 's/^[^0-9]*//'); [ -n "$ver" ] || ver=1.0.0
  d=node_modules/$name; mkdir -p "$d"
  printf '{\n  "name": "%s",\n  "version": "%s",\n  "main": "index.js"\n}\n' "$name" "$ver" > "$d/package.json"
  printf 'module.exports = { name: "%s", version: "%s" };\n' "$name" "$ver" > "$d/index.js"
  case $name in
    vite) bin=vite ;; webpack-cli) bin=webpack ;; react-scripts) bin=react-scripts ;; typescript) bin=tsc ;;
    @angular/cli) bin=ng ;; parcel) bin=parcel ;; esbuild) bin=esbuild ;; rollup) bin=rollup ;; *) bin= ;;
  esac
  if [ -n "$bin" ]; then
    mkdir -p "$d/bin" node_modules/.bin
    cp "$LIB/bundler" "$d/bin/$bin.js"; chmod 0755 "$d/bin/$bin.js"
    ln -sf "../$name/bin/$bin.js" "node_modules/.bin/$bin"
  fi
}
install_all() { # omit_dev
  { deps dependencies; [ "$1" = 1 ] || deps devDependencies; } > /tmp/.fake-npm-deps.$$
  while IFS="$(printf '\t')" read -r n v; do [ -n "$n" ] && install_one "$n" "$v"; done < /tmp/.fake-npm-deps.$$
  cnt=$(grep -c . /tmp/.fake-npm-deps.$$ || true); rm -f /tmp/.fake-npm-deps.$$
  mkdir -p node_modules
  printf '{\n  "name": "%s",\n  "version": "%s",\n  "lockfileVersion": 3\n}\n' "$(field name)" "$(field version)" > node_modules/.package-lock.json
  echo ""; echo "added $cnt packages, and audited $((cnt + 1)) packages in 1s (fake)"; echo ""; echo "found 0 vulnerabilities"
}
omit_dev=0; [ "${NODE_ENV:-}" = production ] && omit_dev=1
cmd=${1:-}; [ $# -gt 0 ] && shift
args=
for a; do
  case $a in
    --omit=dev|--only=prod|--only=production|--production|--prod) omit_dev=1 ;;
    -*) ;;
    *) args="$args $a" ;;
  esac
done
run_script() { # name extra...
  s=$1; shift
  body=$(field "scripts.$s")
  if [ -z "$body" ]; then
    case $s in start) if [ -f server.js ]; then body="node server.js"; fi ;; esac
  fi
  if [ -z "$body" ]; then echo "npm ERR! Missing script: \"$s\"" >&2; echo "npm ERR!" >&2; echo "npm ERR! To see a list of scripts, run:" >&2; echo "npm ERR!   npm run" >&2; exit 1; fi
  for phase in "pre$s" "$s" "post$s"; do
    b=$(field "scripts.$phase"); [ "$phase" = "$s" ] && b=$body
    [ -n "$b" ] || continue
    echo ""; echo "> $(field name)@$(field version) $phase"; echo "> $b"; echo ""
    PATH="$PWD/node_modules/.bin:$PATH" sh -c "$b" npm "$@"
  done
}
case $cmd in
  -v|--version|version) echo "$NPMV" ;;
  ci|clean-install|install-clean)
    need_pkg
    if [ ! -f package-lock.json ] && [ ! -f npm-shrinkwrap.json ]; then
      echo "npm ERR! code EUSAGE" >&2
      echo "npm ERR! The \`npm ci\` command can only install with an existing package-lock.json or" >&2
      echo "npm ERR! npm-shrinkwrap.json with lockfileVersion >= 1." >&2
      exit 1
    fi
    rm -rf node_modules
    install_all $omit_dev ;;
  install|i|add)
    need_pkg
    if [ -n "$args" ]; then for p in $args; do install_one "${p%@*}" "1.0.0"; done; echo "added $(echo $args | wc -w) packages (fake)"
    else
      install_all $omit_dev
      [ -f package-lock.json ] || printf '{\n  "name": "%s",\n  "version": "%s",\n  "lockfileVersion": 3,\n  "requires": true\n}\n' "$(field name)" "$(field version)" > package-lock.json
    fi ;;
  run|run-script)
    need_pkg
    s=${1:-}
    if [ -z "$s" ]; then json package.json | awk -F '\t' 'index($1, "scripts.") == 1 { print "  " substr($1, 9) "\n    " $2 }'; exit 0; fi
    shift
    [ "${1:-}" = "--" ] && shift
    run_script "$s" "$@" ;;
  test|t|start|stop|restart) need_pkg; [ "${1:-}" = "--" ] && shift; run_script "$cmd" "$@" ;;
  prune)
    need_pkg
    deps devDependencies | while IFS="$(printf '\t')" read -r n v; do rm -rf "node_modules/$n"; done
    echo "removed packages (fake)" ;;
  cache|config|set|get|audit|fund|ls|list|outdated|doctor) : ;;
  *) echo "npm: fake npm does not know \"$cmd\"" >&2; exit 1 ;;
esac
EOF_NPM

stage npx <<'EOF_NPX'
#!/bin/sh
# Fake npx: runs a tool from node_modules/.bin.
while [ $# -gt 0 ]; do case $1 in -y|--yes|--no|--no-install) shift ;; *) break ;; esac; done
t=${1:-}; [ -n "$t" ] || { echo "npx: missing command" >&2; exit 1; }
shift
if [ -x "node_modules/.bin/$t" ]; then exec "node_modules/.bin/$t" "$@"; fi
echo "npm ERR! could not determine executable to run ($t; offline fake npx)" >&2
exit 1
EOF_NPX

stage yarn <<'EOF_YARN'
#!/bin/sh
# Fake yarn (classic) on top of the fake npm.
set -e
cmd=${1:-install}; [ $# -gt 0 ] && shift
case $cmd in
  -v|--version) echo "${YARN_VERSION:-1.22.19}" ;;
  install)
    for a; do [ "$a" = --frozen-lockfile ] && { [ -f yarn.lock ] || { echo "error Your lockfile needs to be updated, but yarn was run with \`--frozen-lockfile\`." >&2; exit 1; }; }; done
    extra=; for a; do [ "$a" = --production ] && extra=--omit=dev; done
    exec npm install $extra ;;
  run) exec npm run "$@" ;;
  cache|config) : ;;
  *) exec npm run "$cmd" "$@" ;;
esac
EOF_YARN

stage bundler <<'EOF_BUNDLER'
#!/bin/sh
# Fake front-end build tool of the multistage-migrate test images, installed by the
# fake npm as node_modules/<pkg>/bin/<tool>.js for vite, webpack, react-scripts, tsc,
# ng, parcel, esbuild, rollup. Web tools write <out>/index.html, <out>/assets/app.js,
# <out>/assets/app.js.map, <out>/assets/app.css (content depends on the sources) and
# copy public/; tsc writes one .js per .ts.
set -e
LIB=/usr/local/lib/fake-toolchain
tool=$(basename "$0" .js)
json() { awk -f "$LIB/json.awk" "$1" 2>/dev/null || true; }
pkgname=$(json package.json | awk -F '\t' '$1 == "name" { print $2; exit }'); pkgname=${pkgname:-app}
pkgver=$(json package.json | awk -F '\t' '$1 == "version" { print $2; exit }'); pkgver=${pkgver:-0.0.0}
sub=${1:-}
case $tool in
  vite|react-scripts|ng|parcel) [ "$sub" = build ] || { echo "$tool $sub: only \"build\" is faked" >&2; exit 0; }; shift ;;
esac
out=
case $tool in react-scripts) out=build ;; ng) out=dist/$pkgname ;; *) out=dist ;; esac
if [ "$tool" = tsc ]; then
  o=$(json tsconfig.json | awk -F '\t' '$1 == "compilerOptions.outDir" { print $2; exit }'); [ -z "$o" ] || out=${o#./}
fi
while [ $# -gt 0 ]; do
  case $1 in
    --outDir|--out-dir|--output-path|--dist-dir|--outdir|-o) out=$2; shift ;;
    --outDir=*|--out-dir=*|--output-path=*|--dist-dir=*|--outdir=*) out=${1#*=} ;;
  esac
  shift
done
srcs=$(for d in src public index.html; do [ -e "$d" ] && find "$d" -type f; done | LC_ALL=C sort)
sum=$( (for f in $srcs; do printf '%s ' "$f"; sha256sum < "$f"; done; printf '%s@%s\n' "$pkgname" "$pkgver") | sha256sum | cut -c1-64)
if [ "$tool" = tsc ]; then
  for f in $(find src -name '*.ts' ! -name '*.d.ts' -type f 2>/dev/null | LC_ALL=C sort); do
    rel=${f#src/}; o="$out/${rel%.ts}.js"; mkdir -p "$(dirname "$o")"
    { echo "\"use strict\";"; echo "// fake tsc output of $f (sha256 $(sha256sum < "$f" | cut -c1-16)); the source follows as comments"; sed 's#^#// #' "$f"; } > "$o"
  done
  exit 0
fi
echo "$tool building $pkgname@$pkgver for production... (fake)"
rm -rf "$out"; mkdir -p "$out/assets"
if [ -d public ]; then
  cp -R public/. "$out/"
  [ "$tool" = react-scripts ] && rm -f "$out/index.html"
fi
nmod=$(echo $srcs | wc -w)
{ echo "/* $pkgname@$pkgver bundled by fake $tool: $nmod modules, sources sha256:$sum */"
  echo "(function(){\"use strict\";var app={name:\"$pkgname\",version:\"$pkgver\",build:\"$sum\"};document.title=app.name;console.log(app);})();"
  echo "//# sourceMappingURL=app.js.map"; } > "$out/assets/app.js"
{ printf '{"version":3,"file":"app.js","sources":['
  first=1; for f in $srcs; do [ $first = 1 ] || printf ','; first=0; printf '"../%s"' "$f"; done
  printf '],"names":[],"mappings":"AAAA;%s"}\n' "$(echo "$sum" | cut -c1-12)"; } > "$out/assets/app.js.map"
css=$(find src -name '*.css' -type f 2>/dev/null | LC_ALL=C sort)
if [ -n "$css" ]; then cat $css > "$out/assets/app.css"; else echo "/* $pkgname */ body{margin:0;font-family:sans-serif}" > "$out/assets/app.css"; fi
tpl=; [ -f index.html ] && tpl=index.html; [ "$tool" = react-scripts ] && [ -f public/index.html ] && tpl=public/index.html
inject='  <script type="module" crossorigin src="/assets/app.js"></script>\n    <link rel="stylesheet" href="/assets/app.css">\n  </head>'
if [ -n "$tpl" ]; then
  sed -e '/<script[^>]*src="\/src\//d' -e "s#</head>#$inject#" "$tpl" > "$out/index.html"
else
  printf '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8">\n    <title>%s</title>\n  %b\n  <body><div id="app"></div></body>\n</html>\n' "$pkgname" "$inject" > "$out/index.html"
fi
echo "$nmod modules transformed."
( cd "$out" && find . -type f | LC_ALL=C sort | while read -r f; do printf '%s/%-28s %6s B\n' "$out" "${f#./}" "$(wc -c < "$f" | tr -d ' ')"; done )
echo "built in 0.42s (fake)"
EOF_BUNDLER

stage node-entrypoint <<'EOF_NODEEP'
#!/bin/sh
set -e
# Like the node images' entrypoint: run node when the first argument is an option,
# is not a command, or is a non-executable file; otherwise run the command as given.
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF_NODEEP

stage mvn <<'EOF_MVN'
#!/bin/sh
# Fake Maven of the multistage-migrate test images (offline).
# Reads pom.xml (artifactId, version, packaging, build/finalName, mainClass,
# dependencies); package writes target/classes/**.class and target/<finalName>.jar
# (a text "jar" whose content depends on the sources); install copies it to ~/.m2.
set -e
LIB=/usr/local/lib/fake-toolchain
MV=${MAVEN_VERSION:-3.9.6}
quiet=0; skip=0; goals=; dir=.
while [ $# -gt 0 ]; do
  case $1 in
    -v|--version|-version)
      echo "Apache Maven $MV (fake)"; echo "Maven home: ${MAVEN_HOME:-/usr/share/maven}"
      echo "Java version: 17.0.10, vendor: Eclipse Adoptium, runtime: ${JAVA_HOME:-/opt/java/openjdk}"; exit 0 ;;
    -q|--quiet) quiet=1 ;;
    -f|--file) f=$2; shift; if [ -d "$f" ]; then dir=$f; else dir=$(dirname "$f"); fi ;;
    -DskipTests|-DskipTests=true|-Dmaven.test.skip|-Dmaven.test.skip=true) skip=1 ;;
    -s|--settings|-gs|--global-settings|-P|--activate-profiles|-pl|--projects|-T|--threads|-rf|--resume-from|-l|--log-file) shift ;;
    -*) ;;
    *) goals="$goals $1" ;;
  esac
  shift
done
log() { [ $quiet = 1 ] || echo "[INFO] $*"; }
[ -n "$goals" ] || { echo "[ERROR] No goals have been specified for this build. You must specify a valid lifecycle phase or a goal." >&2; exit 1; }
cd "$dir"
[ -f pom.xml ] || { echo "[ERROR] The goal you specified requires a project to execute but there is no POM in this directory ($PWD). Please verify you invoked Maven from the correct directory. -> [Help 1]" >&2; exit 1; }
POM=$(awk -f "$LIB/xml.awk" pom.xml)
pv() { printf '%s\n' "$POM" | awk -F '\t' -v k="$1" '$1 == k { print $2; exit }'; }
aid=$(pv /project/artifactId)
gid=$(pv /project/groupId); [ -n "$gid" ] || gid=$(pv /project/parent/groupId)
ver=$(pv /project/version); [ -n "$ver" ] || ver=$(pv /project/parent/version)
rev=$(pv /project/properties/revision); ver=$(echo "$ver" | sed "s/\${revision}/$rev/g")
packaging=$(pv /project/packaging); [ -n "$packaging" ] || packaging=jar
final=$(pv /project/build/finalName); [ -n "$final" ] || final='${project.artifactId}-${project.version}'
final=$(echo "$final" | sed -e "s/\${project.artifactId}/$aid/g" -e "s/\${project.version}/$ver/g" -e "s/\${artifactId}/$aid/g" -e "s/\${version}/$ver/g")
mainclass=$(printf '%s\n' "$POM" | awk -F '\t' '$1 ~ /\/mainClass$/ { print $2; exit }')
REPO=${MAVEN_CONFIG:-${HOME:-/root}/.m2}/repository
deplist() {
  printf '%s\n' "$POM" | awk -F '\t' '
    $1 == "/project/dependencies/dependency/groupId" { if (a != "") print g, a, v; g = $2; a = ""; v = "1.0.0" }
    $1 == "/project/dependencies/dependency/artifactId" { a = $2 }
    $1 == "/project/dependencies/dependency/version" { v = $2 }
    END { if (a != "") print g, a, v }'
}
resolve() {
  deplist | while read -r g a v; do
    d=$REPO/$(echo "$g" | tr . /)/$a/$v
    if [ ! -f "$d/$a-$v.jar" ]; then
      log "Downloading from central: https://repo.maven.apache.org/maven2/$(echo "$g" | tr . /)/$a/$v/$a-$v.jar (fake)"
      mkdir -p "$d"; printf 'FAKE-JAR %s:%s:%s\n' "$g" "$a" "$v" > "$d/$a-$v.jar"
    fi
  done
}
did_compile=0
phase_compile() {
  [ $did_compile = 0 ] || return 0; did_compile=1
  resolve
  mkdir -p target/classes
  n=0
  if [ -d src/main/java ]; then
    for f in $(cd src/main/java && find . -name '*.java' -type f | LC_ALL=C sort); do
      c=target/classes/${f#./}; c=${c%.java}.class; mkdir -p "$(dirname "$c")"
      printf 'FAKE-CLASS %s %s\n' "${f#./}" "$(sha256sum < "src/main/java/$f" | cut -c1-64)" > "$c"; n=$((n + 1))
    done
  fi
  [ -d src/main/resources ] && cp -R src/main/resources/. target/classes/
  log "Compiling $n source files with javac [debug release 17] to target/classes"
}
phase_test() {
  if [ $skip = 1 ]; then log "Tests are skipped."; return 0; fi
  t=0; [ -d src/test/java ] && t=$(find src/test/java -name '*Test.java' | wc -l)
  log "Tests run: $t, Failures: 0, Errors: 0, Skipped: 0"
}
phase_package() {
  phase_compile
  sum=$( (cd target/classes && find . -type f | LC_ALL=C sort | while read -r f; do printf '%s ' "$f"; sha256sum < "$f"; done; cat ../../pom.xml) | sha256sum | cut -c1-64)
  out=target/$final.$packaging
  { echo "FAKE-JAR written by the fake Maven of the multistage-migrate test images"
    echo "META-INF/MANIFEST.MF:"
    echo "  Manifest-Version: 1.0"
    echo "  Created-By: Maven JAR Plugin 3.3.0 (fake)"
    echo "  Build-Jdk-Spec: 17"
    echo "  Implementation-Title: $aid"
    echo "  Implementation-Version: $ver"
    [ -z "$mainclass" ] || echo "  Main-Class: $mainclass"
    echo "content-sha256: $sum"
    echo "entries:"
    (cd target/classes && find . -type f | LC_ALL=C sort | sed 's#^\./#  #')
  } > "$out"
  mkdir -p target/maven-archiver
  printf 'artifactId=%s\ngroupId=%s\nversion=%s\n' "$aid" "$gid" "$ver" > target/maven-archiver/pom.properties
  log "Building $packaging: $PWD/$out"
}
phase_install() {
  d=$REPO/$(echo "$gid" | tr . /)/$aid/$ver; mkdir -p "$d"
  cp "target/$final.$packaging" "$d/$aid-$ver.$packaging"; cp pom.xml "$d/$aid-$ver.pom"
  log "Installing $PWD/target/$final.$packaging to $d/$aid-$ver.$packaging"
}
upto() {
  for ph in validate compile test package verify install deploy; do
    case $ph in compile) phase_compile ;; test) phase_test ;; package) phase_package ;; install) phase_install ;; esac
    [ "$ph" = "$1" ] && return 0
  done
}
log "Scanning for projects..."
log "------------------------< $gid:$aid >------------------------"
log "Building $aid $ver"
for g in $goals; do
  case $g in
    clean) rm -rf target; log "Deleting $PWD/target" ;;
    validate|compile|test|package|verify|install|deploy) upto "$g" ;;
    dependency:go-offline|dependency:resolve|dependency:resolve-plugins|de.qaware.maven:go-offline-maven-plugin:resolve-dependencies) resolve ;;
    dependency:copy-dependencies)
      resolve; mkdir -p target/dependency
      deplist | while read -r gg a v; do cp "$REPO/$(echo "$gg" | tr . /)/$a/$v/$a-$v.jar" target/dependency/; done ;;
    *) log "(fake) skipping goal $g" ;;
  esac
done
log "------------------------------------------------------------------------"
log "BUILD SUCCESS"
log "------------------------------------------------------------------------"
EOF_MVN

stage mvn-entrypoint <<'EOF_MVNEP'
#!/bin/sh
# Entrypoint of the fake maven image: prepares ~/.m2 like the real one, then runs
# the command unchanged (prints nothing, so `docker run IMG cat x > y` is clean).
set -e
mkdir -p "${MAVEN_CONFIG:-/root/.m2}" 2>/dev/null || true
exec "$@"
EOF_MVNEP

stage java <<'EOF_JAVA'
#!/bin/sh
# Fake java launcher: checks the jar and its Main-Class, runs nothing.
case ${1:-} in
  -version|--version|-showversion)
    echo "openjdk version \"17.0.10\" 2024-01-16 (fake)" >&2
    echo "OpenJDK Runtime Environment Temurin-17.0.10+7 (build 17.0.10+7) (fake)" >&2; exit 0 ;;
esac
jar=; main=
while [ $# -gt 0 ]; do
  case $1 in
    -jar) jar=${2:-}; shift 2; break ;;
    -cp|-classpath|--class-path|--add-opens|--add-exports|-p|--module-path) shift ;;
    -*) ;;
    *) main=$1; shift; break ;;
  esac
  shift
done
if [ -n "$jar" ]; then
  [ -f "$jar" ] || { echo "Error: Unable to access jarfile $jar" >&2; exit 1; }
  m=$(sed -n 's/^ *Main-Class: *//p' "$jar" | head -n 1)
  [ -n "$m" ] || { echo "no main manifest attribute, in $jar" >&2; exit 1; }
  echo "fake JVM: would run $m from $jar $*"; exit 0
fi
[ -n "$main" ] || { echo "Usage: java [options] <mainclass> [args...]" >&2; exit 1; }
echo "fake JVM: would run $main $*"
EOF_JAVA

stage javac <<'EOF_JAVAC'
#!/bin/sh
# Fake javac: one FAKE-CLASS file per .java (-d DIR honoured).
set -e
d=.; files=
while [ $# -gt 0 ]; do case $1 in -d) d=$2; shift ;; -cp|-classpath|--release|-source|-target|-encoding) shift ;; -*) ;; *) files="$files $1" ;; esac; shift; done
[ -n "$files" ] || { echo "error: no source files" >&2; exit 2; }
for f in $files; do
  [ -f "$f" ] || { echo "error: file not found: $f" >&2; exit 2; }
  pkg=$(sed -n 's/^package[[:space:]]*\([^;]*\);.*/\1/p' "$f" | head -n 1 | tr . /)
  o=$d/${pkg:+$pkg/}$(basename "$f" .java).class; mkdir -p "$(dirname "$o")"
  printf 'FAKE-CLASS %s %s\n' "$f" "$(sha256sum < "$f" | cut -c1-64)" > "$o"
done
EOF_JAVAC

stage jar <<'EOF_JAR'
#!/bin/sh
# Fake jar tool: `jar cf|cfe|cvf OUT [MAIN] -C dir .` writes a text "jar".
set -e
op=${1:-}; shift || true
case $op in
  *c*f*e*|*c*e*f*) out=$1; main=$2; shift 2 ;;
  *c*f*) out=$1; main=; shift ;;
  *) echo "jar: fake jar only creates archives" >&2; exit 1 ;;
esac
files=$( while [ $# -gt 0 ]; do if [ "$1" = -C ]; then (cd "$2" && find "$3" -type f); shift 3; else find "$1" -type f; shift; fi; done | LC_ALL=C sort)
{ echo "FAKE-JAR written by the fake jar tool"; echo "META-INF/MANIFEST.MF:"; echo "  Manifest-Version: 1.0"
  [ -z "$main" ] || echo "  Main-Class: $main"; echo "entries:"; for f in $files; do echo "  $f"; done; } > "$out"
EOF_JAR

stage python <<'EOF_PY'
#!/bin/sh
# Fake python3 of the multistage-migrate test images.
# -m pip / -m venv / -m build are handled, scripts are "run" (checked, not executed).
LIB=/usr/local/lib/fake-toolchain
bindir=$(cd "$(dirname "$0")" && pwd)
PYV=${PYTHON_VERSION:-3.12.3}
case ${1:-} in
  -V|--version) echo "Python $PYV"; exit 0 ;;
  "") echo "Python $PYV (fake)"; exit 0 ;;
esac
while [ $# -gt 0 ]; do case $1 in -u|-B|-O|-OO|-s|-S|-E|-I) shift ;; *) break ;; esac; done
case ${1:-} in
  -c) exit 0 ;;
  -m)
    mod=${2:-}; shift 2
    case $mod in
      pip) FAKE_PIP_BINDIR=$bindir exec "$LIB/pip" "$@" ;;
      venv)
        while [ $# -gt 0 ]; do case $1 in -*) shift ;; *) break ;; esac; done
        d=${1:?usage: python -m venv DIR}
        mkdir -p "$d/bin" "$d/include" "$d/lib/python3.12/site-packages"
        printf 'home = %s\ninclude-system-site-packages = false\nversion = %s\n' "$bindir" "$PYV" > "$d/pyvenv.cfg"
        ln -sf "$bindir/python3" "$d/bin/python3"; ln -sf python3 "$d/bin/python"; ln -sf python3 "$d/bin/python3.12"
        cp "$LIB/pip" "$d/bin/pip"; chmod 0755 "$d/bin/pip"; ln -sf pip "$d/bin/pip3"
        a=$(cd "$d" && pwd)
        printf '# fake venv activate\nVIRTUAL_ENV=%s\nexport VIRTUAL_ENV\nPATH="$VIRTUAL_ENV/bin:$PATH"\nexport PATH\n' "$a" > "$d/bin/activate"
        exit 0 ;;
      build) FAKE_PIP_BINDIR=$bindir exec "$LIB/pip" wheel --no-deps -w dist . ;;
      compileall|ensurepip|unittest|pytest) exit 0 ;;
      *) echo "fake python: would run module $mod $*"; exit 0 ;;
    esac ;;
esac
f=$1
[ -f "$f" ] || { echo "python3: can't open file '$PWD/$f': [Errno 2] No such file or directory" >&2; exit 2; }
echo "fake python $PYV: would run $*"
EOF_PY

stage pip <<'EOF_PIP'
#!/bin/sh
# Fake pip of the multistage-migrate test images (offline: every requirement is
# "found"). install writes <site-packages>/<name>/__init__.py + <name>-<v>.dist-info;
# wheel/download write <name>-<version>-py3-none-any.whl text files; `.` means the
# project in the current directory (name/version from pyproject.toml or setup.py).
set -e
bindir=${FAKE_PIP_BINDIR:-$(cd "$(dirname "$0")" && pwd)}
if [ -f "$bindir/../pyvenv.cfg" ]; then prefix=$(cd "$bindir/.." && pwd); else prefix=/usr/local; fi
site() { echo "$1/lib/python3.12/site-packages"; }
norm() { echo "$1" | tr 'A-Z' 'a-z' | sed 's/[-_.]\{1,\}/_/g'; }
proj() { # prints "name version" of the project in $1
  n=; v=
  if [ -f "$1/pyproject.toml" ]; then
    n=$(sed -n 's/^name[[:space:]]*=[[:space:]]*["'\'']\([^"'\'']*\).*/\1/p' "$1/pyproject.toml" | head -n 1)
    v=$(sed -n 's/^version[[:space:]]*=[[:space:]]*["'\'']\([^"'\'']*\).*/\1/p' "$1/pyproject.toml" | head -n 1)
  fi
  if [ -z "$n" ] && [ -f "$1/setup.py" ]; then
    n=$(sed -n 's/.*name[[:space:]]*=[[:space:]]*["'\'']\([^"'\'']*\).*/\1/p' "$1/setup.py" | head -n 1)
    v=$(sed -n 's/.*version[[:space:]]*=[[:space:]]*["'\'']\([^"'\'']*\).*/\1/p' "$1/setup.py" | head -n 1)
  fi
  [ -n "$n" ] || { echo "ERROR: Directory '$1' is not installable. Neither 'setup.py' nor 'pyproject.toml' found." >&2; exit 1; }
  echo "$n ${v:-0.0.0}"
}
reqs() { sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$1" | grep -v '^$' | grep -v '^-' || true; }
cmd=${1:-}; [ $# -gt 0 ] && shift
target=; wdir=.; items=; noindex=0; links=; user=0; pfx=
while [ $# -gt 0 ]; do
  case $1 in
    -r|--requirement) for r in $(reqs "$2"); do items="$items $r"; done; shift ;;
    -t|--target) target=$2; shift ;;
    --prefix) pfx=$2; shift ;;
    --root) shift ;;
    -w|--wheel-dir|-d|--dest) wdir=$2; shift ;;
    -f|--find-links) links=$2; shift ;;
    --no-index) noindex=1 ;;
    --user) user=1 ;;
    -i|--index-url|--extra-index-url|-c|--constraint|--platform|--python-version|--implementation|--abi|--only-binary|--no-binary|--progress-bar|--cache-dir|--root-user-action) shift ;;
    -*) ;;
    *) items="$items $1" ;;
  esac
  shift
done
split_req() { # req -> NAME VER
  r=$1
  case $r in
    *.whl) b=$(basename "$r" .whl); NAME=$(echo "$b" | cut -d- -f1); VER=$(echo "$b" | cut -d- -f2); return ;;
    .|./*|/*) set -- $(proj "$r"); NAME=$1; VER=$2; return ;;
  esac
  NAME=$(echo "$r" | sed 's/[<>=!~;[ ].*//'); VER=$(echo "$r" | sed -n 's/.*==[[:space:]]*\([^;, ]*\).*/\1/p'); VER=${VER:-1.0.0}
}
find_local() { # NAME -> wheel path in --find-links
  [ -n "$links" ] || return 1
  ls "$links"/$(norm "$NAME")-*.whl 2>/dev/null | head -n 1
}
case $cmd in
  --version|-V) echo "pip 24.0 from $(site "$prefix")/pip (python 3.12) (fake)" ;;
  install)
    sp=$(site "$prefix"); [ -z "$pfx" ] || sp=$(site "$pfx"); [ $user = 0 ] || sp=$(site "${HOME:-/root}/.local"); [ -z "$target" ] || sp=$target
    mkdir -p "$sp"; done_list=
    for r in $items; do
      split_req "$r"
      case $r in
        *.whl) [ -f "$r" ] || { echo "ERROR: Could not install packages: file $r does not exist" >&2; exit 1; } ;;
        .|./*|/*) ;;
        *) if [ $noindex = 1 ]; then w=$(find_local) || true; [ -n "$w" ] || { echo "ERROR: Could not find a version that satisfies the requirement $r (from versions: none)" >&2; echo "ERROR: No matching distribution found for $NAME" >&2; exit 1; }; fi ;;
      esac
      pkg=$(norm "$NAME")
      mkdir -p "$sp/$pkg" "$sp/$pkg-$VER.dist-info"
      case $r in
        .|./*|/*) for d in "$r"/*/ "$r"/src/*/; do [ -f "$d/__init__.py" ] && cp -R "$d" "$sp/" || true; done ;;
      esac
      [ -f "$sp/$pkg/__init__.py" ] || printf '__version__ = "%s"\n' "$VER" > "$sp/$pkg/__init__.py"
      printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$NAME" "$VER" > "$sp/$pkg-$VER.dist-info/METADATA"
      echo "pip" > "$sp/$pkg-$VER.dist-info/INSTALLER"
      done_list="$done_list $NAME-$VER"
    done
    [ -z "$done_list" ] || echo "Successfully installed$done_list" ;;
  wheel|download)
    mkdir -p "$wdir"
    for r in $items; do
      split_req "$r"; pkg=$(norm "$NAME"); w=$wdir/$pkg-$VER-py3-none-any.whl
      case $r in
        .|./*|/*) sum=$( (cd "$r" && find . -name '*.py' -type f | LC_ALL=C sort | while read -r f; do printf '%s ' "$f"; sha256sum < "$f"; done) | sha256sum | cut -c1-64) ;;
        *) sum=$(printf '%s==%s\n' "$NAME" "$VER" | sha256sum | cut -c1-64) ;;
      esac
      printf 'FAKE-WHEEL written by the fake pip of the multistage-migrate test images\nName: %s\nVersion: %s\ncontent-sha256: %s\n' "$NAME" "$VER" "$sum" > "$w"
      echo "Saved $w"
    done ;;
  freeze|list) for d in "$(site "$prefix")"/*.dist-info; do [ -d "$d" ] && basename "$d" .dist-info | sed 's/-\([^-]*\)$/==\1/'; done; true ;;
  uninstall|cache|config|check|show) : ;;
  *) echo "ERROR: unknown command \"$cmd\" (fake pip)" >&2; exit 1 ;;
esac
EOF_PIP

stage nginx <<'EOF_NGINX'
#!/bin/sh
# Fake nginx: `nginx -g 'daemon off;'` serves the root of conf.d with busybox httpd.
case ${1:-} in
  -v|-V) echo "nginx version: nginx/${NGINX_VERSION:-1.25.4} (fake)" >&2; exit 0 ;;
  -t|-T) echo "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok" >&2
         echo "nginx: configuration file /etc/nginx/nginx.conf test is successful" >&2; exit 0 ;;
  -s) exit 0 ;;
esac
root=$(sed -n 's/^[[:space:]]*root[[:space:]]\{1,\}\([^;]*\);.*/\1/p' /etc/nginx/conf.d/*.conf 2>/dev/null | head -n 1)
exec httpd -f -p 80 -h "${root:-/usr/share/nginx/html}"
EOF_NGINX

stage nginx-entrypoint <<'EOF_NGINXEP'
#!/bin/sh
# Entrypoint of the fake nginx image: runs /docker-entrypoint.d/*.sh then the command.
set -e
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
  for f in /docker-entrypoint.d/*.sh; do [ -x "$f" ] && "$f"; done
fi
exec "$@"
EOF_NGINXEP

stage pkgs <<'EOF_PKGS'
#!/bin/sh
# Fake package contents for the fake apk/apt-get: the packages whose tools exist
# as fakes are "installed" (linked into /usr/bin); everything else is only recorded.
L=/usr/local/lib/fake-toolchain
for p; do
  n=${p%%[=<>~]*}
  case $n in
    make) ln -sf "$L/make" /usr/bin/make ;;
    gcc|g++|clang|build-base|build-essential|musl-dev|libc-dev|libc6-dev)
      for t in gcc cc g++ c++; do ln -sf "$L/gcc" "/usr/bin/$t"; done
      case $n in build-base|build-essential) ln -sf "$L/make" /usr/bin/make ;; esac ;;
    git) ln -sf "$L/git" /usr/bin/git ;;
    bash) [ -e /bin/bash ] || cp "$L/bash" /bin/bash ;;
    tzdata) mkdir -p /usr/share/zoneinfo; echo "TZif2 (fake)" > /usr/share/zoneinfo/UTC ;;
  esac
done
exit 0
EOF_PKGS

stage apk <<'EOF_APK'
#!/bin/sh
# Fake apk (offline). add/del record /etc/apk/world; known tools come from the fake stash.
cmd=; pkgs=
while [ $# -gt 0 ]; do
  case $1 in
    --virtual|-t|--repository|-X|--root|-p|--arch) shift ;;
    -V|--version) echo "apk-tools 2.14.0 (fake)"; exit 0 ;;
    -*) ;;
    *) if [ -z "$cmd" ]; then cmd=$1; else pkgs="$pkgs $1"; fi ;;
  esac
  shift
done
mkdir -p /etc/apk; touch /etc/apk/world
case $cmd in
  add)
    i=0; n=$(echo $pkgs | wc -w)
    for p in $pkgs; do i=$((i + 1)); echo "($i/$n) Installing $p (fake)"; grep -qx "$p" /etc/apk/world || echo "$p" >> /etc/apk/world; done
    /usr/local/lib/fake-toolchain/pkgs $pkgs
    echo "OK: fake, $(wc -l < /etc/apk/world) packages" ;;
  del) for p in $pkgs; do sed -i "/^$p\$/d" /etc/apk/world; done; echo "OK: fake" ;;
  update) echo "fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz (fake, offline)"; echo "OK: fake" ;;
  upgrade|cache|info|fix|version|search|policy|stats) echo "OK: fake" ;;
  "") echo "usage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...] (fake)" ;;
  *) echo "apk: unknown command '$cmd'" >&2; exit 1 ;;
esac
EOF_APK

stage apt-get <<'EOF_APT'
#!/bin/sh
# Fake apt-get / apt (offline). install records the packages; known tools come from the fake stash.
cmd=; pkgs=
while [ $# -gt 0 ]; do
  case $1 in
    -o|-t|-c) shift ;;
    -*) ;;
    *) if [ -z "$cmd" ]; then cmd=$1; else pkgs="$pkgs $1"; fi ;;
  esac
  shift
done
case $cmd in
  update)
    mkdir -p /var/lib/apt/lists/partial
    echo "fake" > /var/lib/apt/lists/deb.debian.org_debian_dists_stable_InRelease
    echo "Get:1 http://deb.debian.org/debian stable InRelease (fake, offline)"; echo "Reading package lists... Done" ;;
  install|reinstall)
    echo "Reading package lists... Done"; echo "Building dependency tree... Done"
    mkdir -p /var/lib/fake-apt
    for p in $pkgs; do echo "Setting up $p (fake) ..."; echo "$p" >> /var/lib/fake-apt/installed; done
    /usr/local/lib/fake-toolchain/pkgs $pkgs ;;
  remove|purge|autoremove|clean|autoclean|upgrade|dist-upgrade|full-upgrade|check|source|download) : ;;
  *) echo "E: Invalid operation $cmd" >&2; exit 100 ;;
esac
EOF_APT

stage update-ca-certificates <<'EOF_UCA'
#!/bin/sh
echo "Updating certificates in /etc/ssl/certs... 0 added, 0 removed; done. (fake)"
EOF_UCA

stage git <<'EOF_GIT'
#!/bin/sh
# Fake git (no repository inside images): fixed answers for the usual version probes.
case "${1:-} ${2:-}" in
  "rev-parse --short") echo 0000000 ;;
  "rev-parse HEAD"|"rev-parse --verify") echo 0000000000000000000000000000000000000000 ;;
  "describe "*) echo v0.0.0-fake ;;
  "config "*|"init "*|"--version ") [ "${1:-}" = --version ] && echo "git version 2.43.0 (fake)"; true ;;
  *) echo "fatal: not a git repository (or any of the parent directories): .git (fake git)" >&2; exit 128 ;;
esac
EOF_GIT

stage bash <<'EOF_BASH'
#!/bin/sh
# Fake bash of the multistage-migrate test images: busybox ash under the name bash.
exec /bin/sh "$@"
EOF_BASH

stage install <<'EOF_INSTALL'
#!/bin/sh
# Fake coreutils install: -d, -D, -m MODE, -o OWNER, -g GROUP, -t DIR.
mode=755; dir=0; mkp=0; owner=; group=; tdir=
while [ $# -gt 0 ]; do
  case $1 in
    -d|--directory) dir=1 ;;
    -D) mkp=1 ;;
    -m) mode=$2; shift ;; -m*) mode=${1#-m} ;; --mode=*) mode=${1#*=} ;;
    -o) owner=$2; shift ;; --owner=*) owner=${1#*=} ;;
    -g) group=$2; shift ;; --group=*) group=${1#*=} ;;
    -t) tdir=$2; shift ;; --target-directory=*) tdir=${1#*=} ;;
    -s|--strip|-v|--verbose|-c|-p|--preserve-timestamps|-C|--compare) ;;
    --) shift; break ;;
    -*) echo "install: unrecognized option '$1'" >&2; exit 1 ;;
    *) break ;;
  esac
  shift
done
fix() { chmod "$mode" "$1" && { [ -z "$owner$group" ] || chown "$owner${group:+:$group}" "$1"; }; }
put() { rm -f "$2" 2>/dev/null; cp "$1" "$2" && fix "$2"; }
if [ $dir = 1 ]; then for d; do mkdir -p "$d" && fix "$d" || exit 1; done; exit 0; fi
if [ -n "$tdir" ]; then [ $mkp = 0 ] || mkdir -p "$tdir"; for s; do put "$s" "$tdir/$(basename "$s")" || exit 1; done; exit 0; fi
[ $# -ge 2 ] || { echo "install: missing destination file operand after '${1:-}'" >&2; exit 1; }
eval "dest=\${$#}"
if [ $# -gt 2 ] || [ -d "$dest" ]; then
  n=$(($# - 1)); i=0
  for s; do i=$((i + 1)); [ $i -le $n ] || break; put "$s" "$dest/$(basename "$s")" || exit 1; done
else
  [ $mkp = 0 ] || mkdir -p "$(dirname "$dest")"
  put "$1" "$dest"
fi
EOF_INSTALL

stage users <<'EOF_USERS'
#!/bin/sh
# Fake user tools: adduser/addgroup (busybox-alpine and Debian option styles),
# useradd/groupadd. They edit /etc/passwd and /etc/group directly.
tool=${0##*/}
die() { echo "$tool: $*" >&2; exit 1; }
# shadow's useradd/groupadd: highest id in use + 1; busybox adduser/addgroup: the first free id
nextid() {
  if [ $down = 1 ]; then awk -F: -v lo="$2" -v hi="$3" '$3 >= lo && $3 < hi && $3 >= m { m = $3 + 1 } END { print (m ? m : lo) }' "$1"
  else awk -F: -v lo="$2" -v hi="$3" '{ used[$3] = 1 } END { for (i = lo; i < hi; i++) if (!(i in used)) { print i; exit } }' "$1"; fi
}
# shadow's useradd/groupadd -r take system ids from the top of the range down (999, 998, ...)
nextid_down() { awk -F: -v lo="$2" -v hi="$3" '{ used[$3] = 1 } END { for (i = hi - 1; i >= lo; i--) if (!(i in used)) { print i; exit } }' "$1"; }
down=0; case $tool in useradd|groupadd) down=1 ;; esac
gid_of() { awk -F: -v g="$1" '$1 == g || $3 == g { print $3; exit }' /etc/group; }
add_group() { # name gid system
  grep -q "^$1:" /etc/group && return 0
  g=$2; [ -n "$g" ] || { if [ "$3" = 1 ]; then if [ $down = 1 ]; then g=$(nextid_down /etc/group 100 1000); else g=$(nextid /etc/group 100 1000); fi; else g=$(nextid /etc/group 1000 60000); fi; }
  echo "$1:x:$g:" >> /etc/group
}
add_member() { sed -i "s/^\($2:[^:]*:[^:]*:\)\(.*\)$/\1\2,$1/; s/^\($2:[^:]*:[^:]*:\),/\1/" /etc/group; }
add_user() { # name uid group home shell system mkhome gecos
  grep -q "^$1:" /etc/passwd && die "user '$1' in use"
  u=$2; [ -n "$u" ] || { if [ "$6" = 1 ]; then if [ $down = 1 ]; then u=$(nextid_down /etc/passwd 100 1000); else u=$(nextid /etc/passwd 100 1000); fi; else u=$(nextid /etc/passwd 1000 60000); fi; }
  grp=$3
  if [ -z "$grp" ]; then
    # a new user's own group takes the same id when it is free (shadow and busybox both try that)
    if awk -F: -v g="$u" '$3 == g { f = 1 } END { exit !f }' /etc/group; then add_group "$1" "" "$6"; else add_group "$1" "$u" "$6"; fi
    grp=$1
  fi
  g=$(gid_of "$grp"); [ -n "$g" ] || die "group '$grp' does not exist"
  h=${4:-/home/$1}; s=${5:-/bin/sh}
  echo "$1:x:$u:$g:$8:$h:$s" >> /etc/passwd
  if [ "$7" = 1 ]; then mkdir -p "$h" && chown "$u:$g" "$h" && chmod 755 "$h"; fi
}
name=; uid=; grp=; home=; shell=; sys=0; mkhome=; gecos=; gid=; other=
case $tool in
  adduser)
    mkhome=1
    while [ $# -gt 0 ]; do
      case $1 in
        -D|--disabled-password|--disabled-login) ;;
        -S|--system) sys=1; [ -n "$shell" ] || shell=/sbin/nologin ;;
        -H|--no-create-home) mkhome=0 ;;
        -u|--uid) uid=$2; shift ;;
        -G|--ingroup|--gid) grp=$2; shift ;;
        --group) grp=__same__ ;;
        -h|--home) home=$2; shift ;;
        -s|--shell) shell=$2; shift ;;
        -g|--gecos) gecos=$2; shift ;;
        -k|--firstuid|--lastuid) shift ;;
        -*) ;;
        *) if [ -z "$name" ]; then name=$1; else other=$1; fi ;;
      esac
      shift
    done
    [ -n "$name" ] || die "usage: adduser [OPTIONS] USER [GROUP]"
    if [ -n "$other" ]; then add_member "$name" "$other"; exit 0; fi
    [ "$grp" = __same__ ] && { add_group "$name" "$uid" "$sys"; grp=$name; }
    [ $sys = 1 ] && [ -z "$home" ] && mkhome=${mkhome:-0}
    add_user "$name" "$uid" "$grp" "$home" "$shell" "$sys" "$mkhome" "$gecos" ;;
  useradd)
    mkhome=0; ugroup=1
    while [ $# -gt 0 ]; do
      case $1 in
        -u|--uid) uid=$2; shift ;;
        -g|--gid) grp=$2; ugroup=0; shift ;;
        -G|--groups|-c|--comment|-e|-f|-K|-p|--password) shift ;;
        -d|--home-dir) home=$2; shift ;;
        -s|--shell) shell=$2; shift ;;
        -m|--create-home) mkhome=1 ;;
        -M|--no-create-home) mkhome=0 ;;
        -r|--system) sys=1 ;;
        -N|--no-user-group) ugroup=0 ;;
        -U|--user-group) ugroup=1 ;;
        -*) ;;
        *) name=$1 ;;
      esac
      shift
    done
    [ -n "$name" ] || die "usage: useradd [options] LOGIN"
    if [ -z "$grp" ] && [ $ugroup = 0 ]; then grp=users; fi
    add_user "$name" "$uid" "$grp" "$home" "${shell:-/bin/sh}" "$sys" "$mkhome" "" ;;
  addgroup|groupadd)
    while [ $# -gt 0 ]; do
      case $1 in
        -g|--gid) gid=$2; shift ;;
        -S|-r|--system) sys=1 ;;
        -f|--force) ;;
        -*) ;;
        *) if [ -z "$name" ]; then name=$1; else other=$1; fi ;;
      esac
      shift
    done
    [ -n "$name" ] || die "usage: $tool [OPTIONS] GROUP"
    if [ -n "$other" ]; then add_member "$name" "$other"; exit 0; fi
    grep -q "^$name:" /etc/group && die "group '$name' already exists"
    add_group "$name" "$gid" "$sys" ;;
  *) die "unknown user tool" ;;
esac
EOF_USERS

###############################################################################
# Root file systems
###############################################################################

# Users and groups shared by the images (the brief: root, nobody, www-data, node...).
PASSWD_COMMON='root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin'
GROUP_COMMON='root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
mail:x:8:
wheel:x:10:
www-data:x:33:
staff:x:50:
users:x:100:
node:x:1000:
nogroup:x:65534:'

# owners to apply at tar time: lines "uid:gid relative-path" (per root)
declare -A OWNERS

core_root() { # dir flavour
  local r=$1 fl=$2 a
  mkdir -p "$r"/{bin,sbin,etc,home,root,tmp,dev,proc,sys,run,mnt,opt,srv,media} \
           "$r"/usr/{bin,sbin,lib,share,local/bin,local/sbin,local/lib,local/share} \
           "$r"/var/{lib,cache,log,tmp,spool,mail,www,opt}
  chmod 1777 "$r/tmp" "$r/var/tmp"; chmod 0700 "$r/root"
  cp "$BUSYBOX" "$r/bin/busybox"; chmod 0755 "$r/bin/busybox"
  for a in $("$BUSYBOX" --list); do
    [ "$a" = busybox ] && continue
    ln -s busybox "$r/bin/$a"
  done
  ln -s /bin/busybox "$r/usr/bin/env"
  printf '%s\n' "$PASSWD_COMMON" > "$r/etc/passwd"
  printf '%s\n' "$GROUP_COMMON" > "$r/etc/group"
  chmod 0644 "$r/etc/passwd" "$r/etc/group"
  printf 'hosts: files dns\n' > "$r/etc/nsswitch.conf"
  printf '/bin/sh\n/bin/ash\n' > "$r/etc/shells"
  [ "$fl" = busybox ] && return 0
  # flavour-independent fakes
  mkdir -p "$r$FAKE"
  cp -p "$LIB"/* "$r$FAKE/"
  chmod 0644 "$r$FAKE"/*.awk
  ln -s "$FAKE/install" "$r/usr/bin/install"
  mkdir -p "$r/etc/ssl/certs"
  printf '# fake CA bundle of the multistage-migrate test images\n-----BEGIN CERTIFICATE-----\nRkFLRQ==\n-----END CERTIFICATE-----\n' > "$r/etc/ssl/certs/ca-certificates.crt"
  ln -s "$FAKE/update-ca-certificates" "$r/usr/sbin/update-ca-certificates"
  case $fl in
    alpine)
      printf 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\nHOME_URL="https://alpinelinux.org/"\n' > "$r/etc/os-release"
      echo 3.19.1 > "$r/etc/alpine-release"
      mkdir -p "$r/etc/apk"; printf 'alpine-baselayout\nbusybox\nca-certificates-bundle\nmusl\n' > "$r/etc/apk/world"
      ln -s "$FAKE/apk" "$r/sbin/apk"
      for a in adduser addgroup; do ln -s "$FAKE/users" "$r/usr/sbin/$a"; done
      # alpine calls the 65534 group "nobody"
      sed -i 's/^nogroup:/nobody:/' "$r/etc/group" ;;
    debian|ubuntu)
      if [ "$fl" = debian ]; then
        printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n' > "$r/etc/os-release"
        echo 12.5 > "$r/etc/debian_version"
      else
        printf 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n' > "$r/etc/os-release"
        echo bookworm/sid > "$r/etc/debian_version"
      fi
      ln -s "$FAKE/apt-get" "$r/usr/bin/apt-get"; ln -s "$FAKE/apt-get" "$r/usr/bin/apt"
      mkdir -p "$r/var/lib/apt/lists/partial" "$r/var/cache/apt/archives" "$r/var/lib/dpkg"
      echo fake > "$r/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease"
      cp "$LIB/bash" "$r/bin/bash"
      for a in adduser addgroup useradd groupadd; do ln -s "$FAKE/users" "$r/usr/sbin/$a"; done
      # Debian's root uses bash
      sed -i 's#^root:x:0:0:root:/root:/bin/sh#root:x:0:0:root:/root:/bin/bash#' "$r/etc/passwd" ;;
  esac
}

distroless_root() { # dir
  local r=$1
  mkdir -p "$r"/{etc/ssl/certs,tmp,home/nonroot,root,var/lib,usr/share/zoneinfo,bin,sbin,usr/bin,usr/sbin}
  chmod 1777 "$r/tmp"; chmod 0700 "$r/root" "$r/home/nonroot"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$r/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n' > "$r/etc/group"
  printf 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n' > "$r/etc/os-release"
  printf '# fake CA bundle of the multistage-migrate test images\n-----BEGIN CERTIFICATE-----\nRkFLRQ==\n-----END CERTIFICATE-----\n' > "$r/etc/ssl/certs/ca-certificates.crt"
  echo "TZif2 (fake)" > "$r/usr/share/zoneinfo/UTC"
  OWNERS[$r]="65532:65532 home/nonroot"
}

tool_go() { # dir version
  local r=$1 v=$2
  mkdir -p "$r/usr/local/go/bin" "$r/go/src" "$r/go/bin"
  cp "$LIB/go" "$r/usr/local/go/bin/go"; cp "$LIB/gofmt" "$r/usr/local/go/bin/gofmt"
  printf 'go%s\ntime 2024-06-04T20:00:00Z\n' "$v" > "$r/usr/local/go/VERSION"
  chmod -R 1777 "$r/go"   # like the golang images: GOPATH is world-writable
}
tool_c() {
  local r=$1 t
  for t in gcc cc g++ c++; do ln -s "$FAKE/gcc" "$r/usr/local/bin/$t"; done
  ln -s "$FAKE/make" "$r/usr/bin/make"
  ln -s "$FAKE/git" "$r/usr/bin/git"
}
tool_node() {
  local r=$1
  mkdir -p "$r/usr/local/lib/node_modules/npm/bin" "$r/opt/yarn-v1.22.19/bin" "$r/home/node"
  cp "$LIB/node" "$r/usr/local/bin/node"
  cp "$LIB/npm" "$r/usr/local/lib/node_modules/npm/bin/npm-cli.js"
  cp "$LIB/npx" "$r/usr/local/lib/node_modules/npm/bin/npx-cli.js"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$r/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$r/usr/local/bin/npx"
  cp "$LIB/yarn" "$r/opt/yarn-v1.22.19/bin/yarn"
  ln -s /opt/yarn-v1.22.19/bin/yarn "$r/usr/local/bin/yarn"
  cp "$LIB/node-entrypoint" "$r/usr/local/bin/docker-entrypoint.sh"
  OWNERS[$r]="1000:1000 home/node"
}
tool_jre() {
  local r=$1
  mkdir -p "$r/opt/java/openjdk/bin"
  cp "$LIB/java" "$r/opt/java/openjdk/bin/java"
  printf 'JAVA_VERSION="17.0.10"\nIMPLEMENTOR="Eclipse Adoptium"\n' > "$r/opt/java/openjdk/release"
}
tool_jdk() {
  local r=$1
  tool_jre "$r"
  cp "$LIB/javac" "$r/opt/java/openjdk/bin/javac"; cp "$LIB/jar" "$r/opt/java/openjdk/bin/jar"
}
tool_maven() {
  local r=$1
  mkdir -p "$r/usr/share/maven/bin" "$r/usr/share/maven/ref" "$r/root/.m2"
  cp "$LIB/mvn" "$r/usr/share/maven/bin/mvn"
  ln -s /usr/share/maven/bin/mvn "$r/usr/bin/mvn"
  printf '<settings><localRepository>/root/.m2/repository</localRepository></settings>\n' > "$r/usr/share/maven/ref/settings-docker.xml"
  cp "$LIB/mvn-entrypoint" "$r/usr/local/bin/mvn-entrypoint.sh"
}
tool_python() {
  local r=$1
  mkdir -p "$r/usr/local/lib/python3.12/site-packages/pip"
  cp "$LIB/python" "$r/usr/local/bin/python3.12"
  ln -s python3.12 "$r/usr/local/bin/python3"; ln -s python3 "$r/usr/local/bin/python"
  cp "$LIB/pip" "$r/usr/local/bin/pip3.12"; ln -s pip3.12 "$r/usr/local/bin/pip3"; ln -s pip3 "$r/usr/local/bin/pip"
  echo '__version__ = "24.0"' > "$r/usr/local/lib/python3.12/site-packages/pip/__init__.py"
}
tool_nginx() {
  local r=$1
  cp "$LIB/nginx" "$r/usr/sbin/nginx"
  cp "$LIB/nginx-entrypoint" "$r/docker-entrypoint.sh"
  mkdir -p "$r/docker-entrypoint.d" "$r/etc/nginx/conf.d" "$r/usr/share/nginx/html" "$r/var/cache/nginx" "$r/var/log/nginx"
  printf 'user  nginx;\nworker_processes  auto;\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\nevents { worker_connections 1024; }\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n' > "$r/etc/nginx/nginx.conf"
  printf 'text/html html;\ntext/css css;\napplication/javascript js;\n' > "$r/etc/nginx/mime.types"
  printf 'server {\n    listen       80;\n    server_name  localhost;\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n    error_page   500 502 503 504  /50x.html;\n}\n' > "$r/etc/nginx/conf.d/default.conf"
  printf '<!DOCTYPE html>\n<html>\n<head><title>Welcome to nginx!</title></head>\n<body><h1>Welcome to nginx!</h1></body>\n</html>\n' > "$r/usr/share/nginx/html/index.html"
  printf '<!DOCTYPE html>\n<html>\n<head><title>Error</title></head>\n<body><h1>An error occurred.</h1></body>\n</html>\n' > "$r/usr/share/nginx/html/50x.html"
  echo 'nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin' >> "$r/etc/passwd"
  echo 'nginx:x:101:nginx' >> "$r/etc/group"
}

###############################################################################
# Image specs and import
###############################################################################

CREATED=()
make_tar() { # rootdir tarfile
  local r=$1 t=$2 excl=() own p
  if [ -n "${OWNERS[$r]:-}" ]; then
    read -r own p <<<"${OWNERS[$r]}"
    excl=(--exclude="./$p")
  fi
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu "${excl[@]}" -C "$r" -cf "$t" .
  if [ -n "${OWNERS[$r]:-}" ]; then
    tar --sort=name --mtime=@0 --owner="${own%%:*}" --group="${own##*:}" --numeric-owner --format=gnu -C "$r" -rf "$t" "./$p"
  fi
}

# image ID_NAME "tags" "flavour" "tools" change...
image() {
  local id=$1 tags=$2 flavour=$3 tools=$4; shift 4
  local r=$WORK/root-$id tarf=$WORK/$id.tar t hash have first old= new ch cur state args=()
  mkdir -p "$r"
  if [ "$flavour" = distroless ]; then distroless_root "$r"
  else
    # the core tree of a flavour is built once and copied
    [ -d "$WORK/core-$flavour" ] || core_root "$WORK/core-$flavour" "$flavour"
    rmdir "$r"; cp -a "$WORK/core-$flavour" "$r"
  fi
  for t in $tools; do
    case $t in
      go=*) tool_go "$r" "${t#go=}" ;;
      *) "tool_$t" "$r" ;;
    esac
  done
  make_tar "$r" "$tarf"
  hash=$( { sha256sum < "$tarf"; printf '%s\n' "$@"; } | sha256sum | cut -c1-24)
  for ch in "$@"; do args+=(--change "$ch"); done
  args+=(--change "LABEL $LABEL_KEY=$hash")
  set -- $tags; first=$1
  have=$("$DOCKER" image inspect --format "{{index .Config.Labels \"$LABEL_KEY\"}}" "$first" 2>/dev/null || true)
  if [ "$have" = "$hash" ]; then
    new=$("$DOCKER" image inspect --format '{{.Id}}' "$first")
    state=unchanged
  else
    old=$("$DOCKER" image inspect --format '{{.Id}}' "$first" 2>/dev/null || true)
    if [ -n "$old" ] && [ -z "$have" ]; then echo "base-images: replacing $first (it was not made by this script)" >&2; fi
    new=$("$DOCKER" import "${args[@]}" -m "multistage-migrate fake base image $id" "$tarf" "$first")
    state=created
  fi
  for t in "$@"; do
    [ "$t" = "$first" ] && continue
    cur=$("$DOCKER" image inspect --format '{{.Id}}' "$t" 2>/dev/null || true)
    if [ "$cur" != "$new" ]; then "$DOCKER" tag "$new" "$t"; [ "$state" = unchanged ] && state=retagged; fi
  done
  if [ -n "${old:-}" ] && [ "$old" != "$new" ]; then "$DOCKER" rmi "$old" >/dev/null 2>&1 || true; fi
  rm -rf "$r" "$tarf"
  for t in "$@"; do CREATED+=("$(printf '%-44s %-12s %-9s %s' "$t" "${new:7:12}" "$state" "${tools:-(none)}")"); done
}

GO_PATH_ENV="PATH=/go/bin:/usr/local/go/bin:$STD_PATH"
JAVA_PATH_ENV="PATH=/opt/java/openjdk/bin:$STD_PATH"

image alpine "alpine:3.19 alpine:latest" alpine "" \
  "ENV PATH=$STD_PATH" 'CMD ["/bin/sh"]'
image debian "debian:bookworm-slim debian:bookworm debian:12-slim" debian "" \
  "ENV PATH=$STD_PATH" 'CMD ["bash"]'
image ubuntu "ubuntu:22.04 ubuntu:jammy" ubuntu "" \
  "ENV PATH=$STD_PATH" 'CMD ["/bin/bash"]'
image busybox "busybox:1.36 busybox:latest" busybox "" \
  "ENV PATH=$STD_PATH" 'CMD ["sh"]'
image distroless "gcr.io/distroless/static-debian12:latest" distroless "" \
  "ENV PATH=$STD_PATH" "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt" 'WORKDIR /'
image distroless-nonroot "gcr.io/distroless/static-debian12:nonroot" distroless "" \
  "ENV PATH=$STD_PATH" "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt" 'USER 65532:65532' 'WORKDIR /home/nonroot'
image golang-1.22 "golang:1.22 golang:1.22-bookworm" debian "go=1.22.5 c" \
  "ENV $GO_PATH_ENV" "ENV GOLANG_VERSION=1.22.5" "ENV GOTOOLCHAIN=local" "ENV GOPATH=/go" 'WORKDIR /go' 'CMD ["bash"]'
image golang-1.22-alpine "golang:1.22-alpine" alpine "go=1.22.5" \
  "ENV $GO_PATH_ENV" "ENV GOLANG_VERSION=1.22.5" "ENV GOTOOLCHAIN=local" "ENV GOPATH=/go" 'WORKDIR /go' 'CMD ["/bin/sh"]'
image golang-1.21-alpine "golang:1.21-alpine" alpine "go=1.21.13" \
  "ENV $GO_PATH_ENV" "ENV GOLANG_VERSION=1.21.13" "ENV GOTOOLCHAIN=local" "ENV GOPATH=/go" 'WORKDIR /go' 'CMD ["/bin/sh"]'
image node-20 "node:20 node:20-bookworm" debian "node" \
  "ENV PATH=$STD_PATH" "ENV NODE_VERSION=20.11.1" "ENV YARN_VERSION=1.22.19" \
  'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["node"]'
image node-20-alpine "node:20-alpine" alpine "node" \
  "ENV PATH=$STD_PATH" "ENV NODE_VERSION=20.11.1" "ENV YARN_VERSION=1.22.19" \
  'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["node"]'
image maven "maven:3.9-eclipse-temurin-17 maven:3.9.6-eclipse-temurin-17" ubuntu "jdk maven" \
  "ENV JAVA_HOME=/opt/java/openjdk" "ENV $JAVA_PATH_ENV" "ENV JAVA_VERSION=jdk-17.0.10+7" "ENV LANG=en_US.UTF-8" \
  "ENV MAVEN_HOME=/usr/share/maven" "ENV MAVEN_CONFIG=/root/.m2" "ENV MAVEN_VERSION=3.9.6" \
  'ENTRYPOINT ["/usr/local/bin/mvn-entrypoint.sh"]' 'CMD ["mvn"]'
image temurin-17-jre "eclipse-temurin:17-jre eclipse-temurin:17-jre-jammy" ubuntu "jre" \
  "ENV JAVA_HOME=/opt/java/openjdk" "ENV $JAVA_PATH_ENV" "ENV JAVA_VERSION=jdk-17.0.10+7" "ENV LANG=en_US.UTF-8" \
  'CMD ["/bin/bash"]'
image gcc-13 "gcc:13" debian "c" \
  "ENV PATH=$STD_PATH" "ENV GCC_VERSION=13.2.0" 'CMD ["bash"]'
image python-3.12-slim "python:3.12-slim python:3.12-slim-bookworm" debian "python" \
  "ENV PATH=$STD_PATH" "ENV LANG=C.UTF-8" "ENV PYTHON_VERSION=3.12.3" 'CMD ["python3"]'
image nginx-1.25-alpine "nginx:1.25-alpine nginx:alpine" alpine "nginx" \
  "ENV PATH=$STD_PATH" "ENV NGINX_VERSION=1.25.4" 'ENTRYPOINT ["/docker-entrypoint.sh"]' 'EXPOSE 80' \
  'CMD ["nginx", "-g", "daemon off;"]'

printf '%-44s %-12s %-9s %s\n' IMAGE ID STATE TOOLCHAIN
printf '%s\n' "${CREATED[@]}"
