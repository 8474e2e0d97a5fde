/** Running the compiled CLI (npm test builds dist/ first) on temporary copies of samples. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES_DIR } from './samples';

export const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = process.cwd(), input?: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A private copy of a sample's input (outside any git work tree). */
export function sampleCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mm-${name}-`));
  cpSync(join(SAMPLES_DIR, name, 'input'), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}
