/**
 * The docker command line: which subcommands and flags exist, which flags take a value, and
 * how an argument vector splits into options and positionals. Flags follow the docker CLI
 * 20.10–27 reference; anything else is reported, never skipped silently.
 */
import { Value, asLiteral, concat, literal } from './value';

interface FlagSpec {
  /** Canonical long names of flags that take a value. */
  values: string[];
  /** Canonical long names of boolean flags. */
  bools: string[];
  /** Short aliases → long name. */
  short: Record<string, string>;
  /** Long aliases → canonical long name. */
  aliases?: Record<string, string>;
}

const BUILD: FlagSpec = {
  values: [
    'add-host', 'build-arg', 'cache-from', 'cache-to', 'cgroup-parent', 'cpu-period', 'cpu-quota', 'cpu-shares',
    'cpuset-cpus', 'cpuset-mems', 'file', 'iidfile', 'isolation', 'label', 'memory', 'memory-swap', 'network',
    'output', 'platform', 'progress', 'secret', 'security-opt', 'shm-size', 'ssh', 'tag', 'target', 'ulimit',
    'build-context', 'allow', 'attest', 'builder', 'metadata-file', 'provenance', 'sbom', 'annotation', 'call',
  ],
  bools: ['compress', 'disable-content-trust', 'force-rm', 'no-cache', 'pull', 'quiet', 'rm', 'squash', 'stream', 'load', 'push', 'check'],
  short: { f: 'file', t: 'tag', q: 'quiet', m: 'memory', c: 'cpu-shares', o: 'output' },
};

const CONTAINER_VALUES = [
  'add-host', 'annotation', 'attach', 'blkio-weight', 'blkio-weight-device', 'cap-add', 'cap-drop', 'cgroup-parent', 'cgroupns',
  'cidfile', 'cpu-count', 'cpu-percent', 'cpu-period', 'cpu-quota', 'cpu-rt-period', 'cpu-rt-runtime', 'cpu-shares', 'cpus',
  'cpuset-cpus', 'cpuset-mems', 'detach-keys', 'device', 'device-cgroup-rule', 'device-read-bps', 'device-read-iops',
  'device-write-bps', 'device-write-iops', 'dns', 'dns-option', 'dns-search', 'domainname', 'entrypoint', 'env', 'env-file',
  'expose', 'gpus', 'group-add', 'health-cmd', 'health-interval', 'health-retries', 'health-start-period',
  'health-start-interval', 'health-timeout', 'hostname', 'ip', 'ip6', 'ipc', 'isolation', 'kernel-memory', 'label',
  'label-file', 'link', 'link-local-ip', 'log-driver', 'log-opt', 'mac-address', 'memory', 'memory-reservation',
  'memory-swap', 'memory-swappiness', 'mount', 'name', 'network', 'network-alias', 'oom-score-adj', 'pid', 'pids-limit',
  'platform', 'publish', 'pull', 'restart', 'runtime', 'security-opt', 'shm-size', 'stop-signal', 'stop-timeout',
  'storage-opt', 'sysctl', 'tmpfs', 'ulimit', 'user', 'userns', 'uts', 'volume', 'volume-driver', 'volumes-from', 'workdir',
];
const CONTAINER_BOOLS = [
  'disable-content-trust', 'init', 'interactive', 'no-healthcheck', 'oom-kill-disable', 'privileged', 'publish-all',
  'quiet', 'read-only', 'rm', 'sig-proxy', 'tty', 'use-api-socket',
];
const CONTAINER_SHORT = {
  a: 'attach', c: 'cpu-shares', e: 'env', h: 'hostname', i: 'interactive', l: 'label', m: 'memory', p: 'publish',
  P: 'publish-all', q: 'quiet', t: 'tty', u: 'user', v: 'volume', w: 'workdir',
};
const CONTAINER_ALIASES = { net: 'network', 'net-alias': 'network-alias' };

const SPECS: Record<string, FlagSpec> = {
  build: BUILD,
  create: { values: CONTAINER_VALUES, bools: CONTAINER_BOOLS, short: CONTAINER_SHORT, aliases: CONTAINER_ALIASES },
  run: { values: CONTAINER_VALUES, bools: [...CONTAINER_BOOLS, 'detach'], short: { ...CONTAINER_SHORT, d: 'detach' }, aliases: CONTAINER_ALIASES },
  cp: { values: [], bools: ['archive', 'follow-link', 'quiet'], short: { a: 'archive', L: 'follow-link', q: 'quiet' } },
  rm: { values: [], bools: ['force', 'link', 'volumes'], short: { f: 'force', l: 'link', v: 'volumes' } },
  stop: { values: ['time', 'signal'], bools: [], short: { t: 'time', s: 'signal' } },
  kill: { values: ['signal'], bools: [], short: { s: 'signal' } },
  rmi: { values: [], bools: ['force', 'no-prune'], short: { f: 'force' } },
  tag: { values: [], bools: [], short: {} },
  images: { values: ['filter', 'format'], bools: ['all', 'digests', 'no-trunc', 'quiet'], short: { a: 'all', f: 'filter', q: 'quiet' } },
  push: { values: ['platform'], bools: ['all-tags', 'disable-content-trust', 'quiet'], short: { a: 'all-tags', q: 'quiet' } },
  pull: { values: ['platform'], bools: ['all-tags', 'disable-content-trust', 'quiet'], short: { a: 'all-tags', q: 'quiet' } },
  start: { values: ['detach-keys', 'checkpoint', 'checkpoint-dir'], bools: ['attach', 'interactive'], short: { a: 'attach', i: 'interactive' } },
  wait: { values: [], bools: [], short: {} },
  export: { values: ['output'], bools: [], short: { o: 'output' } },
  login: { values: ['username', 'password'], bools: ['password-stdin'], short: { u: 'username', p: 'password' } },
  logout: { values: [], bools: [], short: {} },
};

const GLOBAL: FlagSpec = {
  values: ['config', 'context', 'host', 'log-level', 'tlscacert', 'tlscert', 'tlskey'],
  bools: ['debug', 'tls', 'tlsverify'],
  short: { c: 'context', H: 'host', l: 'log-level', D: 'debug' },
};

/** `docker image build` → `build`, `docker container cp` → `cp`, … */
const MANAGEMENT: Record<string, Record<string, string>> = {
  image: { build: 'build', rm: 'rmi', remove: 'rmi', tag: 'tag', push: 'push', pull: 'pull', ls: 'images', list: 'images', inspect: 'inspect', prune: 'prune' },
  container: { create: 'create', run: 'run', cp: 'cp', rm: 'rm', remove: 'rm', stop: 'stop', kill: 'kill', start: 'start', wait: 'wait', export: 'export', ls: 'ps', list: 'ps', inspect: 'inspect', logs: 'logs', exec: 'exec', prune: 'prune' },
  builder: { build: 'build', prune: 'prune' },
  buildx: { build: 'build' },
};

export interface DockerOption {
  name: string;
  /** Null for boolean flags. */
  value: Value | null;
  /** Indices into the original argument vector this option came from. */
  argIndices: number[];
}

export interface DockerInvocation {
  /** Canonical subcommand (`build`, `create`, `run`, `cp`, `rm`, `rmi`, `stop`, …). */
  subcommand: string;
  /** True for `docker buildx build` (always BuildKit). */
  buildx: boolean;
  options: DockerOption[];
  positionals: { value: Value; argIndex: number }[];
  /** Flags not in the tables above, as written. */
  unknownFlags: string[];
  /** Subcommand the tool has no table for (`exec`, `logs`, …): options were not parsed. */
  unmodelled: boolean;
}

/**
 * Splits `docker …` arguments (without the leading `docker`) into subcommand, options and
 * positionals. Null when there is no subcommand at all (`docker` alone, `docker --version`).
 */
export function parseDockerArgs(args: readonly Value[]): DockerInvocation | null {
  let i = 0;
  const unknownFlags: string[] = [];
  // Global options come before the subcommand.
  while (i < args.length && startsWithDash(args[i])) {
    const step = readOption(args, i, GLOBAL, unknownFlags, () => undefined);
    if (step === 0) return null;
    i += step;
  }
  const first = i < args.length ? asLiteral(args[i]) : null;
  if (first === null) return null;
  i++;
  let subcommand = first;
  let buildx = false;
  if (MANAGEMENT[first]) {
    const second = i < args.length ? asLiteral(args[i]) : null;
    if (second === null) return null;
    i++;
    buildx = first === 'buildx';
    subcommand = MANAGEMENT[first][second] ?? `${first} ${second}`;
  }
  const spec = SPECS[subcommand];
  if (!spec) return { subcommand, buildx, options: [], positionals: args.slice(i).map((value, k) => ({ value, argIndex: i + k })), unknownFlags: [], unmodelled: true };
  const options: DockerOption[] = [];
  const positionals: { value: Value; argIndex: number }[] = [];
  // For run/create, everything after the image belongs to the container's command.
  const stopAtFirstPositional = subcommand === 'run' || subcommand === 'create';
  while (i < args.length) {
    const a = args[i];
    const lit = asLiteral(a);
    if (lit === '--') {
      positionals.push(...args.slice(i + 1).map((value, k) => ({ value, argIndex: i + 1 + k })));
      break;
    }
    if (startsWithDash(a) && lit !== '-') {
      const step = readOption(args, i, spec, unknownFlags, (o) => options.push(o));
      i += Math.max(step, 1);
      continue;
    }
    positionals.push({ value: a, argIndex: i });
    i++;
    if (stopAtFirstPositional) {
      positionals.push(...args.slice(i).map((value, k) => ({ value, argIndex: i + k })));
      break;
    }
  }
  return { subcommand, buildx, options, positionals, unknownFlags, unmodelled: false };
}

function startsWithDash(v: Value): boolean {
  const p = v.parts[0];
  return p !== undefined && 'lit' in p && p.lit.startsWith('-') && p.lit.length > 1;
}

/** Reads one option at `args[i]`; returns how many arguments it used (0 when it cannot tell). */
function readOption(args: readonly Value[], i: number, spec: FlagSpec, unknown: string[], emit: (o: DockerOption) => void): number {
  const first = args[i].parts[0] as { lit: string };
  const head = first.lit;
  if (head.startsWith('--')) {
    const eq = head.indexOf('=');
    const rawName = head.slice(2, eq < 0 ? undefined : eq);
    const name = spec.aliases?.[rawName] ?? rawName;
    if (spec.values.includes(name)) {
      if (eq >= 0) {
        emit({ name, value: concat([literal(head.slice(eq + 1)), { parts: args[i].parts.slice(1), glob: args[i].glob }]), argIndices: [i] });
        return 1;
      }
      if (i + 1 >= args.length) {
        unknown.push(`--${rawName} (missing value)`);
        return 1;
      }
      emit({ name, value: args[i + 1], argIndices: [i, i + 1] });
      return 2;
    }
    if (spec.bools.includes(name)) {
      // `--rm=false` style values are accepted by docker for booleans.
      const off = eq >= 0 && /^(false|0)$/i.test(head.slice(eq + 1));
      if (!off) emit({ name, value: null, argIndices: [i] });
      return 1;
    }
    unknown.push(`--${rawName}`);
    return 1;
  }
  // Short flags: `-it`, `-t name`, `-tname`, `-t=name`.
  const letters = head.slice(1);
  for (let k = 0; k < letters.length; k++) {
    const name = spec.short[letters[k]];
    if (!name) {
      unknown.push(`-${letters[k]}`);
      return 1;
    }
    if (spec.values.includes(name)) {
      const rest = letters.slice(k + 1).replace(/^=/, '');
      if (rest || args[i].parts.length > 1) {
        emit({ name, value: concat([literal(rest), { parts: args[i].parts.slice(1), glob: args[i].glob }]), argIndices: [i] });
        return 1;
      }
      if (i + 1 >= args.length) {
        unknown.push(`-${letters[k]} (missing value)`);
        return 1;
      }
      emit({ name, value: args[i + 1], argIndices: [i, i + 1] });
      return 2;
    }
    emit({ name, value: null, argIndices: [i] });
  }
  return 1;
}

export function optionValues(inv: DockerInvocation, name: string): Value[] {
  return inv.options.filter((o) => o.name === name && o.value !== null).map((o) => o.value as Value);
}

export function hasOption(inv: DockerInvocation, name: string): boolean {
  return inv.options.some((o) => o.name === name);
}
