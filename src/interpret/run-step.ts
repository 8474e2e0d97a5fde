/**
 * A foreground `docker run` → a RunStep: its mounts (`-v`, `--mount`), working directory,
 * environment and user, resolved as far as the glue allows. Bind mounts of repository
 * directories are how builds at run time hand their output to the host.
 */
import { DockerInvocation, optionValues } from './docker-cli';
import type { RunMount, RunStep } from './events';
import { displayPath, hostPath } from './host-path';
import type { Frame } from './shell';
import { Value, asLiteral, concat, literal, resolve } from './value';

export type RunStepResult = { ok: true; step: Omit<RunStep, 'origin' | 'stdout'> } | { ok: false; problem: string; code: 'GLUE_UNRESOLVED_VALUE' | 'DOCKER_UNSUPPORTED_FORM' };

export function runStep(inv: DockerInvocation, image: Value, command: Value[], frame: Frame): RunStepResult {
  const mounts: RunMount[] = [];
  for (const v of optionValues(inv, 'volume')) {
    const text = resolve(v)?.text ?? homeText(v);
    if (text === undefined) return { ok: false, code: 'GLUE_UNRESOLVED_VALUE', problem: `the volume \`${asLiteral(v) ?? '…'}\` is only known when the glue runs` };
    const m = volumeMount(text, frame.cwd);
    if (!m) return { ok: false, code: 'DOCKER_UNSUPPORTED_FORM', problem: `the volume \`${text}\` is not in a form this tool reads` };
    mounts.push(m);
  }
  for (const v of optionValues(inv, 'mount')) {
    const text = resolve(v)?.text;
    const m = text === undefined ? null : mountOption(text, frame.cwd);
    if (!m) return { ok: false, code: 'DOCKER_UNSUPPORTED_FORM', problem: `--mount ${text ?? '…'} is not in a form this tool reads` };
    mounts.push(m);
  }
  for (const t of optionValues(inv, 'tmpfs')) {
    const target = asLiteral(t)?.split(':')[0];
    if (target) mounts.push({ kind: 'tmpfs', target, written: `--tmpfs ${asLiteral(t)}` });
  }
  if (optionValues(inv, 'volumes-from').length > 0 || optionValues(inv, 'env-file').length > 0) {
    return { ok: false, code: 'DOCKER_UNSUPPORTED_FORM', problem: '--volumes-from and --env-file are not migrated by this version' };
  }
  const workdirValue = optionValues(inv, 'workdir')[0];
  const workdir = workdirValue ? (resolve(workdirValue)?.text ?? null) : null;
  if (workdirValue && workdir === null) return { ok: false, code: 'GLUE_UNRESOLVED_VALUE', problem: 'the -w directory is only known when the glue runs' };
  const env: RunStep['env'] = optionValues(inv, 'env').map((v) => {
    const text = asLiteral({ parts: v.parts.slice(0, 1), glob: false }) ?? '';
    const eq = text.indexOf('=');
    if (eq < 0) return { name: text, value: frame.vars.get(text) ?? null };
    return { name: text.slice(0, eq), value: concat([literal(text.slice(eq + 1)), { parts: v.parts.slice(1), glob: false }]) };
  });
  const userValue = optionValues(inv, 'user')[0];
  return {
    ok: true,
    step: {
      kind: 'run',
      image,
      command,
      mounts,
      workdir,
      env,
      user: userValue ? (resolve(userValue)?.text ?? null) : null,
      entrypoint: optionValues(inv, 'entrypoint')[0] ?? null,
      invocation: inv,
    },
  };
}

/**
 * `-v "$HOME/.m2:/root/.m2"`: the home directory is never the repository, so the mount's
 * source is known to lie outside it even though its path is not; written as `~`.
 */
function homeText(v: Value): string | undefined {
  const [first, ...rest] = v.parts;
  if (!first || !('sym' in first) || first.sym !== 'env:HOME') return undefined;
  const tail = asLiteral({ parts: rest, glob: false });
  return tail !== null && /^\/[^:]*:\//.test(tail) ? `~${tail}` : undefined;
}

/** `-v SRC:DST[:opts]`: a bind when SRC is a path, a named volume otherwise. */
function volumeMount(text: string, cwd: string | null): RunMount | null {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3) return null;
  const [src, target, opts = ''] = parts;
  if (!target.startsWith('/')) return null;
  const readOnly = opts.split(',').includes('ro');
  if (src.includes('/') || src.startsWith('.') || src.startsWith('~')) {
    const p = hostPath(src, cwd);
    return { kind: 'bind', host: p.ok ? p.path : null, target, readOnly, written: `-v ${displayPath(text)}` };
  }
  return { kind: 'volume', name: src, target, written: `-v ${text}` };
}

/** `--mount type=bind,source=…,target=…[,readonly]`. */
function mountOption(text: string, cwd: string | null): RunMount | null {
  const fields = new Map<string, string>();
  for (const kv of text.split(',')) {
    const eq = kv.indexOf('=');
    fields.set(eq < 0 ? kv : kv.slice(0, eq), eq < 0 ? 'true' : kv.slice(eq + 1));
  }
  const type = fields.get('type') ?? 'volume';
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  if (!target) return null;
  const readOnly = ['readonly', 'ro'].some((k) => fields.has(k) && fields.get(k) !== 'false');
  if (type === 'tmpfs') return { kind: 'tmpfs', target, written: `--mount ${text}` };
  const source = fields.get('source') ?? fields.get('src');
  if (type === 'bind') {
    if (!source) return null;
    const p = hostPath(source, cwd);
    return { kind: 'bind', host: p.ok ? p.path : null, target, readOnly, written: `--mount ${displayPath(text)}`, mustExist: true };
  }
  if (type === 'volume') return { kind: 'volume', name: source ?? '', target, written: `--mount ${text}` };
  return null;
}
