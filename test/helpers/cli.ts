/** Running the compiled CLI (npm test builds dist/ first) on temporary copies of samples. */
import { spawn, spawnSync } from 'node:child_process';
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

/** runCli without blocking this process: for runs that overlap, or that take minutes. */
export function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A private copy of a sample's input (outside any git work tree). */
export function sampleCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mm-${name}-`));
  cpSync(join(SAMPLES_DIR, name, 'input'), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}
