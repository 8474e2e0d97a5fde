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

###############################################################################
# Fake toolchains: one file per tool in test/docker/fake-toolchain/ (installed in $FAKE inside
# every toolchain-capable image)
###############################################################################
for tool in "$(dirname "$0")"/fake-toolchain/*; do
  cp "$tool" "$LIB/${tool##*/}"
  chmod 0755 "$LIB/${tool##*/}"
done

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
