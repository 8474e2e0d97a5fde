/**
 * Text longer than the screen goes through a pager, as git does: $PAGER, else `less -R`
 * (with LESS=FRX unless LESS is set: colours kept, the text left on the screen on exit). Where
 * no pager runs, the text is printed as it is.
 */
import { spawnSync } from 'node:child_process';

export interface Screen {
  /** Terminal rows, or undefined when stdout is not a terminal. */
  rows?: number;
  out(text: string): void;
}

export function showPaged(screen: Screen, text: string, env: NodeJS.ProcessEnv = process.env): void {
  const lines = text.split('\n').length;
  const pager = (env.PAGER ?? '').trim() || 'less -R';
  if (screen.rows === undefined || lines < screen.rows - 2 || pager === 'cat') {
    screen.out(text);
    return;
  }
  const r = spawnSync(pager, { shell: true, input: text, stdio: ['pipe', 'inherit', 'inherit'], env: { ...env, LESS: env.LESS ?? 'FRX' } });
  // No such pager (the shell's 127) or it could not start: the text must still be seen.
  if (r.error || r.status === 127) screen.out(text);
}
