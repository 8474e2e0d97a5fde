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
#     "volumes": ["app-gomod"],          named volumes the glue creates (removed afterwards; optional)
#     "checks": [{"image": "app", "path": "/usr/local/bin/app", "type": "file",
#                 "mode": "0755", "owner": "0:0", "contains": "text", "target": "x"},
#                {"image": "app", "label": "org.opencontainers.image.version", "value": "1.2"},
#                {"image": "app", "inspect": "{{json .Config.Cmd}}", "value": "[\"app\"]"}],
#     "smoke":  [{"image": "app", "args": ["--version"], "expect": "text"}]
#   }
#
# check types: file, dir, symlink, absent. mode is octal with the setuid/setgid/
# sticky digit (e.g. "4755"). Samples without a "legacy" block are skipped, and so are
# samples whose legacy pipeline cannot run here: "legacy": {"skip": "why"}.
# Exit status: 0 when every sample passed.
#
# One sample, or a few: test/docker/legacy-samples.sh go-create-cp node-tar-pipe
#
# Test shims on PATH while a glue runs: `docker` (the client above), `sudo` (when missing:
# runs the command unchanged) and `ci-steps FILE [JOB...]`, which prints the shell commands
# of a CI file (.gitlab-ci.yml, .github/workflows/*.yml, .travis.yml, Jenkinsfile) as one
# bash script, for samples whose glue lives only there: "run": "ci-steps .travis.yml | bash".
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
cat > "$SHIM/ci-steps" <<'EOF_CI_STEPS'
#!/usr/bin/env node
// ci-steps FILE [JOB...]: test shim of test/docker/legacy-samples.sh. Prints, as one bash
// script, the shell commands a CI file runs, so that a sample whose glue lives only in CI
// configuration can be run locally (`ci-steps .gitlab-ci.yml build | bash`). It knows only
// what the samples use:
//   .gitlab-ci.yml           global/job `variables:`, default/job `before_script:`, `script:`;
//                            jobs in `stages:` order (or the JOBs given)
//   .github/workflows/*.yml  workflow/job/step `env:`, each `run:` step (`uses:` steps are
//                            skipped), `working-directory:`, `${{ github.x }}` / `${{ env.X }}`
//   .travis.yml              `env:` (list or `global:`), before_install, install,
//                            before_script, script
//   Jenkinsfile              `environment { K = 'v' }`, sh '…', sh "…", sh '''…''', sh """…""";
//                            JOBs are stage names ("post": the post blocks)
// Each job or step runs in its own subshell with `set -e` (plus `-o pipefail` where the CI's
// shell has it); the first failure stops the whole script. YAML: block mappings and
// sequences, plain/quoted scalars, `|` and `>` block scalars, one-line flow sequences.
'use strict';
const fs = require('fs');
const path = require('path');

const [file, ...onlyJobs] = process.argv.slice(2);
if (!file) { process.stderr.write('usage: ci-steps FILE [JOB...]\n'); process.exit(2); }
const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
const die = (m) => { process.stderr.write(`ci-steps: ${file}: ${m}\n`); process.exit(2); };

// ---------------------------------------------------------------- YAML subset
function parseYaml(src) {
  const lines = src.split('\n');
  let pos = 0;
  const ind = (s) => s.length - s.trimStart().length;
  const blank = (s) => /^\s*(#.*)?$/.test(s);
  const isItem = (t) => t === '-' || t.startsWith('- ');
  const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s'"#\-?:,[\]{}][^#]*?|-[^\s#][^#]*?)\s*:(?:\s+|$)/;
  const skip = () => { while (pos < lines.length && blank(lines[pos])) pos++; };
  const plainEnd = (s) => { const m = /(^|\s)#/.exec(s); return (m ? s.slice(0, m.index) : s).trim(); };
  function quoted(s, lineNo) {
    const q = s[0];
    let out = '', i = 1;
    for (; i < s.length; i++) {
      const c = s[i];
      if (q === "'" && c === "'") { if (s[i + 1] === "'") { out += "'"; i++; continue; } break; }
      if (q === '"' && c === '\\') {
        const e = s[++i];
        out += ({ n: '\n', t: '\t', '"': '"', '\\': '\\', '/': '/', 0: '\0', ' ': ' ' })[e] ?? ('\\' + e);
        continue;
      }
      if (q === '"' && c === '"') break;
      out += c;
    }
    if (i >= s.length) die(`line ${lineNo}: multi-line quoted scalars are not supported`);
    if (!blank(s.slice(i + 1))) die(`line ${lineNo}: text after a quoted scalar`);
    return out;
  }
  function flow(s, lineNo) {
    const inner = s.trim();
    if (!inner.endsWith(']')) die(`line ${lineNo}: multi-line flow sequences are not supported`);
    return inner.slice(1, -1).split(',').map((x) => x.trim()).filter((x) => x !== '').map((x) => (/^["']/.test(x) ? quoted(x, lineNo) : x));
  }
  function scalar(first, parentInd) {
    const lineNo = pos; // pos already points past the line
    if (first.startsWith('"') || first.startsWith("'")) return quoted(first, lineNo);
    if (first.startsWith('[')) return flow(plainEnd(first), lineNo);
    if (first.startsWith('{')) die(`line ${lineNo}: flow mappings are not supported`);
    let v = plainEnd(first);
    // multi-line plain scalar: more-indented lines fold into it
    while (pos < lines.length && !blank(lines[pos]) && ind(lines[pos]) > parentInd) { v += ' ' + plainEnd(lines[pos].trim()); pos++; }
    return v;
  }
  function block(header, parentInd) {
    const style = header[0];
    const chomp = /-/.test(header) ? 'strip' : /\+/.test(header) ? 'keep' : 'clip';
    const body = [];
    let cInd = -1;
    while (pos < lines.length) {
      const l = lines[pos];
      if (l.trim() === '') { body.push(''); pos++; continue; }
      const i = ind(l);
      if (cInd < 0) { if (i <= parentInd) break; cInd = i; }
      if (i < cInd) break;
      body.push(l.slice(cInd)); pos++;
    }
    // blank lines that follow the block belong to the document, not to it (for clip/strip)
    let s;
    if (style === '|') s = body.join('\n');
    else {
      s = '';
      for (let k = 0; k < body.length; k++) {
        const l = body[k];
        if (l === '') s += '\n';
        else if (k > 0 && body[k - 1] !== '' && !/^\s/.test(l) && !/^\s/.test(body[k - 1])) s += ' ' + l;
        else s += (k > 0 && body[k - 1] !== '' ? '\n' : '') + l;
      }
    }
    if (chomp === 'keep') return s + '\n';
    s = s.replace(/\n+$/, '');
    return chomp === 'strip' ? s : s + '\n';
  }
  function node(minInd) {
    skip();
    if (pos >= lines.length) return null;
    const i = ind(lines[pos]);
    if (i < minInd) return null;
    return isItem(lines[pos].slice(i)) ? seq(i) : map(i);
  }
  function value(rest, lineInd) {
    if (rest === '' || rest.startsWith('#')) {
      skip();
      if (pos >= lines.length) return null;
      const j = ind(lines[pos]);
      if (j > lineInd) return node(j);
      if (j === lineInd && isItem(lines[pos].slice(j))) return seq(j);
      return null;
    }
    if (/^[|>][-+0-9]*\s*(#.*)?$/.test(rest)) return block(rest, lineInd);
    return scalar(rest, lineInd);
  }
  function seq(i0) {
    const arr = [];
    for (;;) {
      skip();
      if (pos >= lines.length) break;
      const l = lines[pos], i = ind(l), t = l.slice(i);
      if (i !== i0 || !isItem(t)) break;
      const rest = t === '-' ? '' : t.slice(2);
      const col = i0 + 2 + ind(rest);
      const r = rest.trim();
      if (r !== '' && !r.startsWith('#') && KEY.test(r) && !/^[|>]/.test(r)) {
        lines[pos] = ' '.repeat(col) + r; // "- key: v" opens a mapping at the key's column
        arr.push(map(col));
        continue;
      }
      pos++;
      arr.push(value(r, i0));
    }
    return arr;
  }
  function map(i0) {
    const obj = {};
    for (;;) {
      skip();
      if (pos >= lines.length) break;
      const l = lines[pos], i = ind(l), t = l.slice(i);
      if (i < i0) break;
      if (i > i0) die(`line ${pos + 1}: unexpected indentation`);
      if (isItem(t)) break;
      const m = KEY.exec(t);
      if (!m) die(`line ${pos + 1}: expected "key: value"`);
      let key = m[1];
      if (/^["']/.test(key)) key = quoted(key, pos + 1);
      pos++;
      obj[key] = value(t.slice(m[0].length).trim(), i0);
    }
    return obj;
  }
  const doc = node(0);
  skip();
  if (pos < lines.length) die(`line ${pos + 1}: cannot parse`);
  return doc ?? {};
}

// ---------------------------------------------------------------- output helpers
const out = [];
const dq = (v) => '"' + String(v).replace(/[\\"`]/g, (c) => '\\' + c) + '"'; // keeps $VAR expansion, as CI runners do
const sq = (v) => "'" + String(v).replace(/'/g, "'\\''") + "'";
const list = (v) => (v == null ? [] : Array.isArray(v) ? v.flat(Infinity).filter((x) => x != null) : [v]).map(String);
function group(title, envLines, opts, commands) {
  out.push(`# ---- ${title}`);
  out.push('(');
  for (const e of envLines) out.push(e);
  out.push(opts);
  for (const c of commands) out.push(c.replace(/\n$/, ''));
  out.push(')');
  // not `( … ) || exit`: that would switch off set -e inside the subshell
  out.push('status=$?; [ "$status" -eq 0 ] || exit "$status"');
}

// ---------------------------------------------------------------- GitLab CI
function gitlab(doc) {
  const reserved = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache']);
  const jobs = Object.keys(doc).filter((k) => !reserved.has(k) && !k.startsWith('.') && doc[k] && typeof doc[k] === 'object' && 'script' in doc[k]);
  const stages = list(doc.stages).length ? list(doc.stages) : ['build', 'test', 'deploy'];
  const order = onlyJobs.length ? onlyJobs : jobs.map((j, n) => [stages.indexOf(doc[j].stage ?? 'test'), n, j]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
  const vars = (v) => Object.entries(v ?? {}).map(([k, x]) => `export ${k}=${dq(x && typeof x === 'object' ? x.value : x)}`);
  for (const j of order) {
    const job = doc[j];
    if (!job || !jobs.includes(j)) die(`no job "${j}"`);
    const before = job.before_script ?? doc.default?.before_script ?? doc.before_script;
    group(`job ${j} (stage ${job.stage ?? 'test'})`, [...vars(doc.variables), ...vars(job.variables)], 'set -eo pipefail', [...list(before), ...list(job.script)]);
  }
}

// ---------------------------------------------------------------- GitHub Actions
function github(doc) {
  const ghEnv = (name) => process.env[`GITHUB_${name.toUpperCase()}`] ?? '';
  const expand = (s, env) => String(s).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (all, e) => {
    let m;
    if ((m = /^github\.([a-z_]+)$/.exec(e))) return ghEnv(m[1]);
    if ((m = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(e))) return env[m[1]] ?? process.env[m[1]] ?? '';
    if ((m = /^(secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(e))) return process.env[m[2]] ?? '';
    die(`unsupported expression ${all}`);
    return '';
  });
  // `if:` with one comparison: <github.x | env.X> ==|!= 'literal' (or the same inside ${{ }})
  const condition = (cond, env) => {
    const m = /^(?:\$\{\{\s*)?(github\.[a-z_]+|env\.[A-Za-z_][A-Za-z0-9_]*)\s*(==|!=)\s*'([^']*)'(?:\s*\}\})?$/.exec(String(cond).trim());
    if (!m) die(`unsupported if: ${cond}`);
    const v = expand('${{ ' + m[1] + ' }}', env);
    return (v === m[3]) === (m[2] === '==');
  };
  const jobsDoc = doc.jobs ?? die('no jobs:');
  const order = onlyJobs.length ? onlyJobs : Object.keys(jobsDoc);
  for (const j of order) {
    const job = jobsDoc[j] ?? die(`no job "${j}"`);
    let n = 0;
    for (const step of list(job.steps).length ? job.steps : []) {
      n++;
      if (step.run == null) continue;
      const env = {};
      for (const scope of [doc.env, job.env, step.env]) for (const [k, v] of Object.entries(scope ?? {})) env[k] = expand(v, env);
      if (step.if != null && !condition(step.if, env)) { out.push(`# ---- job ${j}, step ${n}: skipped (if: ${step.if})`); continue; }
      const wd = step['working-directory'] ?? job.defaults?.run?.['working-directory'] ?? doc.defaults?.run?.['working-directory'];
      const shell = step.shell ?? job.defaults?.run?.shell ?? doc.defaults?.run?.shell ?? 'bash';
      if (shell !== 'bash' && shell !== 'sh') die(`step ${n} of ${j}: shell ${shell} is not supported`);
      group(`job ${j}, step ${n}${step.name ? `: ${step.name}` : ''}`,
        [...Object.entries(env).map(([k, v]) => `export ${k}=${sq(v)}`), ...(wd ? [`cd ${sq(expand(wd, env))}`] : [])],
        shell === 'bash' ? 'set -eo pipefail' : 'set -e', [expand(step.run, env)]);
    }
  }
}

// ---------------------------------------------------------------- Travis CI
function travis(doc) {
  let env = doc.env;
  if (env && !Array.isArray(env) && typeof env === 'object') env = env.global;
  const exports = list(env).slice(0, Array.isArray(doc.env) ? 1 : undefined).map((e) => `export ${e}`);
  const cmds = [];
  for (const phase of ['before_install', 'install', 'before_script', 'script']) {
    const v = doc[phase];
    if (v === 'skip' || v === true) continue;
    cmds.push(...list(v));
  }
  group('travis: before_install, install, before_script, script', exports, 'set -e', cmds);
}

// ---------------------------------------------------------------- Jenkinsfile
// A declarative pipeline: a scanner that skips comments and string literals, tracks the
// `{ }` blocks (labelled stage:<name>, post, steps, ...) and collects the sh steps. JOBs
// select stages by name ("post" selects the post blocks).
function jenkins(src) {
  const envLines = [];
  const envBlock = /environment\s*\{([^}]*)\}/g;
  let m;
  while ((m = envBlock.exec(src))) {
    for (const l of m[1].split('\n')) {
      const e = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:'([^']*)'|"([^"]*)")\s*$/.exec(l);
      if (e) envLines.push(`export ${e[1]}=${e[2] != null ? sq(e[2]) : dq(e[3].replace(/\$\{env\.([A-Za-z_]\w*)\}/g, '${$1}'))}`);
    }
  }
  const stack = [];
  const steps = [];
  let label = null;
  let i = 0;
  const endOf = (q, from) => {
    if (q.length === 3) { const e = src.indexOf(q, from); return e < 0 ? die(`unterminated ${q} string`) : e; }
    for (let k = from; k < src.length; k++) { if (src[k] === '\\') { k++; continue; } if (src[k] === q) return k; if (src[k] === '\n') break; }
    return die(`unterminated ${q} string at offset ${from}`);
  };
  while (i < src.length) {
    if (src.startsWith('//', i)) { const e = src.indexOf('\n', i); i = e < 0 ? src.length : e; continue; }
    if (src.startsWith('/*', i)) { const e = src.indexOf('*/', i); i = e < 0 ? src.length : e + 2; continue; }
    const q = ["'''", '"""', "'", '"'].find((t) => src.startsWith(t, i));
    if (q) {
      const end = endOf(q, i + q.length);
      let body = src.slice(i + q.length, end);
      const before = src.slice(Math.max(0, i - 40), i);
      if (/\bstage\s*\(\s*$/.test(before)) label = `stage:${body}`;
      else if (/(^|[^\w.])sh\s*\(?\s*(script\s*:\s*)?$/.test(before)) {
        if (q.length === 3) body = body.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '');
        if (q.startsWith('"')) body = body.replace(/\$\{env\.([A-Za-z_]\w*)\}/g, '${$1}').replace(/\\\$/g, '$');
        body = body.replace(/\\\\/g, '\\');
        steps.push({ line: src.slice(0, i).split('\n').length, body, labels: [...stack] });
      }
      i = end + q.length;
      continue;
    }
    const c = src[i];
    if (c === '{') {
      const word = /(\w+)\s*(\([^()]*\))?\s*$/.exec(src.slice(Math.max(0, i - 60), i));
      stack.push(label ?? (word ? word[1] : ''));
      label = null;
    } else if (c === '}') stack.pop();
    i++;
  }
  for (const s of steps) {
    if (onlyJobs.length && !s.labels.some((l) => onlyJobs.includes(l.replace(/^stage:/, '')))) continue;
    const where = s.labels.filter((l) => l.startsWith('stage:') || l === 'post').map((l) => l.replace(/^stage:/, '')).join(' > ');
    group(`Jenkinsfile:${s.line}${where ? ` (${where})` : ''}`, envLines, 'set -e', [s.body]);
  }
}

const base = path.basename(file);
if (base === 'Jenkinsfile' || base.endsWith('.groovy') || base.endsWith('.jenkinsfile')) jenkins(text);
else {
  const doc = parseYaml(text);
  if (/^\.gitlab-ci\.ya?ml$/.test(base) || /gitlab/.test(base)) gitlab(doc);
  else if (/^\.travis\.ya?ml$/.test(base)) travis(doc);
  else if (doc.jobs && (doc.on !== undefined || path.basename(path.dirname(file)) === 'workflows')) github(doc);
  else die('not a CI file this shim knows (GitLab CI, GitHub Actions, Travis CI, Jenkinsfile)');
}
process.stdout.write(out.join('\n') + '\n');
EOF_CI_STEPS
chmod +x "$SHIM/ci-steps"
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
  local skip
  skip=$(jq -r '.legacy.skip // empty' "$json")
  if [ -n "$skip" ]; then printf 'SKIP  %-34s (%s)\n' "$name" "$skip"; SKIPPED=$((SKIPPED + 1)); return 0; fi
  if [ -z "$run" ]; then printf 'SKIP  %-34s (no legacy block)\n' "$name"; SKIPPED=$((SKIPPED + 1)); return 0; fi
  fails=$(jq -r '.legacy.fails // false' "$json")
  mapfile -t imgs < <(jq -r '.legacy.images[]? // empty' "$json")
  local vols
  mapfile -t vols < <(jq -r '.legacy.volumes[]? // empty' "$json")
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-legacy-$name.XXXXXX")
  log=$tmp.log
  cp -a "$dir/input/." "$tmp/"
  # named volumes start empty, as on a fresh machine
  [ ${#vols[@]} -eq 0 ] || "$DOCKER" volume rm -f "${vols[@]}" >/dev/null 2>&1
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
  [ ${#vols[@]} -eq 0 ] || "$DOCKER" volume rm -f "${vols[@]}" >/dev/null 2>&1
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
