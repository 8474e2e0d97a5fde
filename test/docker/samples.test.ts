/**
 * Every sample that migrates must build to the same image as its legacy pipeline, proven by
 * `verify` on the engine: both glues run, both runtime images are compared entry by entry.
 * Each verify runs as its own process (its own engine bookkeeping), a few at a time, so the
 * whole proof fits in CI's time.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { listSamples } from '../helpers/samples';
import { CLI } from '../helpers/cli';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function verify(dir: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'verify', '--format', 'json', ...args, dir], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('samples on the engine', function () {
  this.timeout(60 * 60_000);
  const only = process.env.SAMPLE?.split(',');
  const samples = listSamples().filter((s) => s.spec.expect === 'migrate' && (!only || only.includes(s.name)));
  const results = new Map<string, Promise<Outcome>>();

  before(() => {
    // A small pool: the engine (vfs storage) is the bottleneck, not the CPU.
    const width = Number(process.env.VERIFY_CONCURRENCY ?? Math.max(2, Math.min(3, cpus().length)));
    const queue = [...samples];
    let running: Promise<void>[] = [];
    const next = (): Promise<void> | undefined => {
      const s = queue.shift();
      if (!s) return undefined;
      const args = (s.spec.args ?? []).filter((a) => a === '--buildkit' || a === '--keep-legacy');
      const p = verify(join(s.dir, 'input'), args);
      results.set(s.name, p);
      return p.then(() => {
        const n = next();
        if (n) running.push(n);
      });
    };
    running = Array.from({ length: width }, next).filter((p): p is Promise<void> => p !== undefined);
    void running;
  });

  for (const sample of samples) {
    it(`${sample.name}: the migrated build yields the legacy image`, async () => {
      let waited = 0;
      while (!results.has(sample.name) && waited < 3_600_000) {
        await new Promise((r) => setTimeout(r, 500));
        waited += 500;
      }
      const out = await (results.get(sample.name) as Promise<Outcome>);
      let doc: { status: string; error: string | null; differences: { description: string }[]; comparedPaths: number };
      try {
        doc = JSON.parse(out.stdout) as typeof doc;
      } catch {
        assert.fail(`verify printed no JSON (exit ${out.code}):\n${out.stderr.slice(-3000)}`);
      }
      const details = [doc.error ?? '', ...doc.differences.map((d) => d.description)].filter(Boolean).join('\n');
      assert.equal(doc.status, 'equal', `${sample.name}: ${doc.status}\n${details}\n${out.stderr.slice(-2000)}`);
      assert.equal(out.code, 0);
      assert.ok(doc.comparedPaths > 0, 'nothing was compared');
    });
  }
});
