/**
 * Runs a repository's glue the way its user would, with `docker` and `sudo` replaced by
 * wrapper scripts that keep the run harmless and record what it made: verify must find the
 * image to compare and leave the engine as it found it.
 */
import { optionValues, parseDockerArgs, type DockerInvocation } from '../interpret/docker-cli';
import { asLiteral, literal, type Value } from '../interpret/value';
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, fstatSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { shellQuoted } from '../core/quote';
import { glueKind } from '../parse/glue-kind';

/** What the docker wrapper recorded a call as. Other commands run unrecorded. */
export type DockerCallKind = 'build' | 'tag' | 'container' | 'rmi';

/** One docker command the glue ran through the wrapper. */
export interface DockerCall {
  /** Position in the run, 1 for the first recorded call. */
  seq: number;
  kind: DockerCallKind;
  /** The arguments as the glue gave them, without what the wrapper added. */
  args: string[];
  /** Exit code of a build or container call; null for tag and rmi calls and for calls that never finished. */
  code: number | null;
  /** Image id a build wrote (--iidfile) or container id a create/run wrote (--cidfile); null when none was written. */
  id: string | null;
  /** What a build wrote to stdout (the classic builder names every step's image there); empty for other kinds. */
  output: string;
}

/** What one glue run made on the engine, for the clean-up. */
export interface RunEffects {
  /** Tags written by builds (`-t`) and by `docker tag`, as the glue spelled them. */
  tags: string[];
  /** References the glue passed to `docker rmi` (tags or ids). */
  removedRefs: string[];
  /** Ids of the containers created or run. */
  containers: string[];
  /** Ids (full or 12-digit) of the images the builds made, each build's steps first, in the order they were made. */
  images: string[];
}

/** A build of the run: the tags it was asked to write and the image it made (null when it failed). */
export interface BuildRecord {
  tags: string[];
  imageId: string | null;
}

/** How to start the glue: the program and arguments, and the directory (repository-relative) to start them in. */
export interface GlueInvocation {
  argv: string[];
  cwd: string;
}

/** How a glue run ended. */
export interface GlueRunResult {
  /** Exit code; null when the run was killed. */
  code: number | null;
  timedOut: boolean;
  /** Stopped because the caller aborted (SIGINT/SIGTERM). */
  interrupted: boolean;
  /** The last lines of the run's output (stdout and stderr interleaved). */
  tail: string;
}

/** Options of runGlue. */
export interface GlueRunOptions {
  /** Absolute directory the glue runs in (the repository copy joined with GlueInvocation.cwd). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** File that receives all the output. */
  logFile: string;
  /** Aborting it stops the run. */
  signal?: AbortSignal;
}

/** How long a killed run gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 5_000;
/** How much of a run's output its tail shows. */
const TAIL_LINES = 40;
const TAIL_BYTES = 64 * 1024;

/**
 * The command a user would type for `glue` (repository-relative), given its text:
 * a Makefile runs as `make -f NAME` in its own directory; a script runs as `./PATH` from the
 * repository root, through the interpreter its `#!` line names (as the kernel would, so the
 * execute bit does not matter), or `sh` when it has none.
 */
export function glueInvocation(glue: string, text: string): GlueInvocation {
  if (glueKind(glue, text) === 'make') {
    const dir = dirname(glue);
    return { argv: ['make', '-f', basename(glue)], cwd: dir === '.' ? '' : dir };
  }
  const self = `./${glue}`;
  const shebang = /^#!\s*(\S+)(?:[ \t]+(.*?))?[ \t]*$/m.exec(text.split('\n', 1)[0]);
  if (!shebang) return { argv: ['sh', self], cwd: '' };
  // The kernel passes everything after the interpreter as one argument.
  return { argv: shebang[2] ? [shebang[1], shebang[2], self] : [shebang[1], self], cwd: '' };
}

/**
 * Writes the `docker` and `sudo` wrappers into `binDir`, to be put first on the glue's PATH.
 * The docker wrapper runs `realDocker` and records calls in `callsDir` (one numbered directory
 * per call, read back by readDockerCalls):
 * - `docker build` (also `image build`, `builder build`) gets `--no-cache` (BuildKit's cache
 *   ignores file ownership, CACHE-1, so a cached step could hide a difference), `--force-rm`
 *   (a failed classic build would leave its step container behind) and `--iidfile`; its
 *   stdout is kept for the step image ids of the classic builder.
 * - `docker create`/`run` (also `container …`) get `--cidfile`. When the glue passes its own
 *   `--iidfile`/`--cidfile`, that file is read instead.
 * - `docker tag` and `docker rmi` are recorded; `push`, `login`, `logout` and every `prune`
 *   are skipped with a message (no registry is involved, and a prune would delete the user's
 *   objects); everything else runs unchanged.
 * The sudo wrapper skips sudo's options and runs the command: we are root already, and the
 * real sudo would reset PATH and lose the docker wrapper.
 */
export function writeWrappers(binDir: string, realDocker: string, callsDir: string): void {
  // A bare name would find the wrapper itself on the glue's PATH.
  const real = resolveExecutable(realDocker);
  mkdirSync(binDir, { recursive: true });
  mkdirSync(callsDir, { recursive: true });
  writeScript(join(binDir, 'docker'), DOCKER_WRAPPER.replace('@REAL@', () => shellQuote(real)).replace('@CALLS@', () => shellQuote(callsDir)));
  writeScript(join(binDir, 'sudo'), SUDO_WRAPPER);
}

const DOCKER_WRAPPER = `#!/bin/sh
# docker, as multistage-migrate verify runs glue (written by src/verify/glue-runner.ts).
real=@REAL@
calls=@CALLS@

# The command word(s), after the client's global options (those named here take a value).
cmd= sub= skip= pos=0 at=0
for a in "$@"; do
  pos=$((pos + 1))
  if [ -n "$skip" ]; then skip=; continue; fi
  if [ -z "$cmd" ]; then
    case $a in
      -c|--context|--config|-H|--host|-l|--log-level|--tlscacert|--tlscert|--tlskey) skip=1 ;;
      -*) ;;
      *) cmd=$a; at=$pos ;;
    esac
  else
    sub=$a; break
  fi
done
case $cmd in
  image|container|builder|system|volume|network) action="$cmd $sub"; at=$((at + 1)) ;;
  *) action=$cmd ;;
esac

case $action in
  build|'image build'|'builder build') kind=build ;;
  tag|'image tag') kind=tag ;;
  create|run|'container create'|'container run') kind=container ;;
  rmi|'image rm'|'image remove') kind=rmi ;;
  push|'image push'|login|logout|*' prune')
    echo "multistage-migrate verify: skipped \\\`docker $action\\\` (verify never pushes, logs in or prunes)" >&2
    exit 0 ;;
  *) exec "$real" "$@" ;;
esac

[ -d "$calls" ] || { echo "multistage-migrate verify: $calls is gone" >&2; exit 125; }
n=1
while ! mkdir "$calls/$n" 2>/dev/null; do n=$((n + 1)); done
call=$calls/$n
printf '%s\\0' "$@" > "$call/argv"
echo "$kind" > "$call/kind"
case $kind in tag|rmi) exec "$real" "$@" ;; esac

# The glue's own --iidfile/--cidfile wins over an added one, so read that file instead.
case $kind in build) flag=--iidfile ;; *) flag=--cidfile ;; esac
own= prev= output=
for a in "$@"; do
  case $a in "$flag"=*) own=\${a#*=} ;; esac
  [ "$prev" = "$flag" ] && own=$a
  # A build with --output exports files and makes no image: there is no id to write.
  case $a in -o|--output|-o=*|--output=*) output=1 ;; esac
  prev=$a
done

i=0
for a in "$@"; do
  [ $i -eq 0 ] && set --
  i=$((i + 1))
  set -- "$@" "$a"
  if [ $i -eq $at ]; then
    [ $kind = build ] && set -- "$@" --no-cache --force-rm
    [ -n "$own" ] || [ -n "$output" ] || set -- "$@" "$flag" "$call/id"
  fi
done

if [ $kind = build ]; then
  { "$real" "$@"; echo $? > "$call/code"; } | tee "$call/out"
else
  "$real" "$@"; echo $? > "$call/code"
fi
[ -z "$own" ] || cp "$own" "$call/id" 2>/dev/null
code=$(cat "$call/code" 2>/dev/null)
exit "\${code:-1}"
`;

const SUDO_WRAPPER = `#!/bin/sh
# sudo, as multistage-migrate verify runs glue (written by src/verify/glue-runner.ts):
# we are root already, and the real sudo would reset PATH and lose the docker wrapper.
while [ $# -gt 0 ]; do
  case $1 in
    --) shift; break ;;
    -u|-g|-p|-C|-c|-D|-R|-r|-T|-t|-U|--user|--group|--prompt|--close-from|--login-class|--chdir|--chroot|--role|--type|--command-timeout|--other-user|--host) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
# env runs VAR=value words as sudo would: as variables for the command.
exec env "$@"
`;

/** `name` as a path: unchanged when it holds a `/`, else its first executable match on `searchPath`. */
export function resolveExecutable(name: string, searchPath: string = process.env.PATH ?? ''): string {
  if (name.includes('/')) return name;
  for (const dir of searchPath.split(':').filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  throw new Error(`no ${name} found on PATH`);
}

function writeScript(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** `text` as one single-quoted shell word. */
export const shellQuote = shellQuoted;

/**
 * Runs the glue in its own process group with all output in `logFile`. Stops it (SIGTERM to the
 * group, SIGKILL after a grace period) on timeout or abort. Never rejects for the glue's exit code.
 */
export function runGlue(invocation: GlueInvocation, options: GlueRunOptions): Promise<GlueRunResult> {
  const fd = openSync(options.logFile, 'a');
  return new Promise<GlueRunResult>((resolve, reject) => {
    // Its own group (detached), so the whole tree can be stopped, and a terminal's SIGINT
    // reaches only us: we decide when the glue stops and clean up after it.
    const child = spawn(invocation.argv[0], invocation.argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    let timedOut = false;
    let interrupted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => signalGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      interrupted = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      closeSync(fd);
    };
    child.once('error', (err) => {
      finish();
      reject(new Error(`could not start ${invocation.argv.join(' ')}: ${err.message}`));
    });
    child.once('exit', (code) => {
      // Whatever the glue left running in its group (a background job) goes with it.
      signalGroup(child.pid, 'SIGKILL');
      finish();
      resolve({ code, timedOut, interrupted, tail: readTail(options.logFile) });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** The last TAIL_LINES lines of a file, read from at most its last TAIL_BYTES. */
export function readTail(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return tailLines(buffer.toString('utf8'), TAIL_LINES);
  } finally {
    closeSync(fd);
  }
}

/** The last `count` lines of `text`, without a trailing newline. */
export function tailLines(text: string, count: number): string {
  return text.replace(/\n+$/, '').split('\n').slice(-count).join('\n');
}

/** The calls the docker wrapper recorded in `callsDir`, in the order they were made. */
export function readDockerCalls(callsDir: string): DockerCall[] {
  if (!existsSync(callsDir)) return [];
  const read = (dir: string, name: string) => {
    const path = join(dir, name);
    return existsSync(path) ? readFileSync(path) : null;
  };
  return readdirSync(callsDir)
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b)
    .flatMap((seq) => {
      const dir = join(callsDir, String(seq));
      const kind = read(dir, 'kind')?.toString('utf8').trim();
      const argv = read(dir, 'argv');
      // A call stopped before it wrote its record ran nothing yet.
      if (!isKind(kind) || argv === null) return [];
      const code = read(dir, 'code')?.toString('utf8').trim();
      return [
        {
          seq,
          kind,
          args: splitNul(argv),
          code: code ? Number(code) : null,
          id: read(dir, 'id')?.toString('utf8').trim() || null,
          output: read(dir, 'out')?.toString('utf8') ?? '',
        },
      ];
    });
}

function isKind(kind: string | undefined): kind is DockerCallKind {
  return kind === 'build' || kind === 'tag' || kind === 'container' || kind === 'rmi';
}

/** Arguments written as `printf '%s\0'`: each one ends with a NUL. */
export function splitNul(bytes: Buffer): string[] {
  const parts = bytes.toString('utf8').split('\0');
  parts.pop();
  return parts;
}

/**
 * A recorded call read with the interpreter's docker command-line spec (interpret/docker-cli.ts),
 * so the glue is read the same way when it is planned and when its run is checked. Null when the
 * arguments name no subcommand.
 */
export function recordedInvocation(args: readonly string[]): DockerInvocation | null {
  return parseDockerArgs(args.map(literal));
}

/** The `-t`/`--tag` values of a recorded build, in order (`-t a`, `-ta`, `-t=a`, `--tag a`, `--tag=a`, `-qt a`). */
export function buildTags(args: readonly string[]): string[] {
  const inv = recordedInvocation(args);
  return inv === null ? [] : literals(optionValues(inv, 'tag'));
}

/** Operands that are not options: what `docker tag` and `docker rmi` act on. */
function positionals(args: readonly string[]): string[] {
  const inv = recordedInvocation(args);
  return inv === null ? [] : literals(inv.positionals.map((p) => p.value));
}

function literals(values: readonly Value[]): string[] {
  return values.map(asLiteral).filter((v): v is string => v !== null);
}

/** The image ids the classic builder prints for its steps (` ---> 0123456789ab`), in order. */
export function stepImageIds(output: string): string[] {
  return [...output.matchAll(/^ ---> ([0-9a-f]{12})\s*$/gm)].map((match) => match[1]);
}

/** The builds of a run, in order. */
export function buildRecords(calls: readonly DockerCall[]): BuildRecord[] {
  return calls
    .filter((call) => call.kind === 'build')
    .map((call) => ({ tags: buildTags(call.args), imageId: call.code === 0 ? call.id : null }));
}

/** What a run made and removed, from its recorded calls. */
export function runEffects(calls: readonly DockerCall[]): RunEffects {
  const effects: RunEffects = { tags: [], removedRefs: [], containers: [], images: [] };
  for (const call of calls) {
    switch (call.kind) {
      case 'build':
        effects.tags.push(...buildTags(call.args));
        effects.images.push(...stepImageIds(call.output));
        if (call.id) effects.images.push(call.id);
        break;
      case 'tag': {
        const target = positionals(call.args)[1];
        if (target) effects.tags.push(target);
        break;
      }
      case 'container':
        if (call.id) effects.containers.push(call.id);
        break;
      case 'rmi':
        effects.removedRefs.push(...positionals(call.args));
        break;
    }
  }
  return effects;
}
