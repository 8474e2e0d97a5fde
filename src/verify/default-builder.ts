/**
 * Which builder `verify` uses when not told: the one the user's `docker build` would use.
 * DOCKER_BUILDKIT decides when set (0 or false: classic); otherwise Docker 23 and later build
 * with BuildKit by default, older engines with the classic builder.
 */
import { execFileSync } from 'node:child_process';
import { findDockerClient } from './docker-client';

export type Builder = 'classic' | 'buildkit';

export function defaultBuilder(env: NodeJS.ProcessEnv, serverVersion: string | null): Builder {
  const set = env.DOCKER_BUILDKIT?.trim();
  if (set) return /^(0|false)$/i.test(set) ? 'classic' : 'buildkit';
  const major = Number(/^(\d+)\./.exec(serverVersion ?? '')?.[1] ?? NaN);
  return Number.isFinite(major) && major >= 23 ? 'buildkit' : 'classic';
}

/** The engine's version (`20.10.24`), or null when it does not answer (verify then says why). */
export function engineVersion(env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    return execFileSync(findDockerClient(env), ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 15000, stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}
