/** Killing the CLI at chosen moments, and the tree a user sees afterwards (for the kill tests). */
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { CLI } from './cli';
import { snapshot } from './tree-snapshot';

/** Slows each write down (MULTISTAGE_MIGRATE_TEST_PAUSE_MS) so that kills land inside the writes. */
export const PAUSE_MS = 60;
export const TEMP = /\.multistage-migrate-\d+\.tmp$/;
const BACKUP = '.multistage-migrate-backup';

/** The tree without backup folders and temporary files (what a user sees as the repository). */
export function userFiles(dir: string): Map<string, string> {
  const m = snapshot(dir);
  const backup = (k: string) => k.split('/').includes(BACKUP);
  for (const k of [...m.keys()]) if (backup(k) || TEMP.test(k)) m.delete(k);
  return m;
}

/** Paths left behind by a run that did not finish: temporary files and journals. */
export function leftovers(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((k) => TEMP.test(k) || k.endsWith('journal.json'));
}

/**
 * Runs the CLI with `args` and SIGKILLs it `delayMs` after start, or — with `watch` — that long
 * after a temporary file first appears in one of the `watch` folders.
 */
export function killedRun(args: string[], delayMs: number, watch: string[] | null): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', MULTISTAGE_MIGRATE_TEST_PAUSE_MS: String(PAUSE_MS) }, stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    if (watch) {
      poll = setInterval(() => {
        if (watch.some((d) => readdirSync(d).some((n) => TEMP.test(n)))) {
          clearInterval(poll);
          timer = setTimeout(kill, delayMs);
        }
      }, 2);
    } else {
      timer = setTimeout(kill, delayMs);
    }
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve();
    });
  });
}

/** How a killed tree compares with the old and the migrated one; throws on a file that is neither. */
export function oldOrNew(now: Map<string, string>, old: Map<string, string>, migrated: Map<string, string>, when: string): 'old' | 'new' | 'mixed' {
  let olds = 0;
  let news = 0;
  for (const p of new Set([...old.keys(), ...migrated.keys(), ...now.keys()])) {
    const isOld = now.get(p) === old.get(p);
    const isNew = now.get(p) === migrated.get(p);
    if (!isOld && !isNew) throw new Error(`${p} is neither old nor new after a kill ${when}`);
    if (!isNew) olds++;
    if (!isOld) news++;
  }
  return news === 0 ? 'old' : olds === 0 ? 'new' : 'mixed';
}

/** A `node -e script` process that prints once it holds what it takes (a lock), then holds it until killed. */
export function holdingProcess(script: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
  });
}

/** SIGKILLs `child` (it cannot release anything itself) and resolves once it is gone. */
export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
