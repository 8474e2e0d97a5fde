/**
 * What an archive the glue made holds, where its making says: `tar -cf - app conf` (given in
 * the glue, or as the builder image's own CMD) holds `app` and `conf`, `docker cp C:/app/dist -`
 * holds `dist`. Used wherever the glue unpacks such an archive again (`tar -xf app.tar -C
 * deploy`), so that only those names count as written there.
 */
import { baseName, hasGlob, normalizeRelative } from '../core/paths';
import type { GlueStep, HostStep } from '../interpret/events';
import { tarMode } from '../interpret/stream-step';

/** The command each stream step runs when the glue names none (`docker run --rm IMG > app.tar` running `CMD ["tar", "-cf", "-", "app"]`). */
export type StreamCommands = ReadonlyMap<GlueStep, string[]>;

/**
 * The top-level names in an archive the builder streamed, when its command names them
 * (`tar -cf - app conf`, `docker cp C:/app/dist -`); null when it may hold anything.
 */
export function archiveMembers(step: GlueStep, commands: StreamCommands): string[] | null {
  if (step.kind !== 'stream' || step.consumers.length > 0) return null;
  const p = step.producer;
  if (p.kind === 'cp') return p.source.endsWith('/.') ? null : [baseName(p.source)];
  const [cmd, ...args] = p.command.length > 0 ? p.command : (commands.get(step) ?? []);
  if (cmd !== 'tar' || tarMode(args) !== 'c') return null;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-C' || a === '--directory' || a === '-f' || a === '--file') i++;
    else if (/^-?[A-Za-z]*f[A-Za-z]*$/.test(a) && a.endsWith('f') && i === 0) i++;
    else if (!a.startsWith('-') && !(i === 0 && /^[A-Za-z]+$/.test(a))) names.push(a);
  }
  if (names.length === 0 || names.some((n) => hasGlob(n) || n === '.' || n.startsWith('/') || n.startsWith('..'))) return null;
  return [...new Set(names.map((n) => n.replace(/^\.\//, '').split('/')[0]))];
}

/** The archive `tar -x` reads (`-f X`, `-xvf X`, `--file=X`), repository-relative; null for stdin or unknown. */
export function tarArchive(s: HostStep): string | null {
  const args = s.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === null) return null;
    let name: string | null | undefined;
    if (a.startsWith('--file=')) name = a.slice('--file='.length);
    else if (a === '--file') name = args[i + 1];
    else if (/^-?[A-Za-z]*f[A-Za-z]*$/.test(a) && !a.startsWith('--') && (a.startsWith('-') || i === 0)) {
      // The f of a bundled flag takes the next argument (`-xvf x.tar`, `xf x.tar`).
      name = a.endsWith('f') ? args[i + 1] : null;
    } else continue;
    if (name === null || name === undefined || name === '-') return null;
    return normalizeRelative(name, s.cwd);
  }
  return null;
}
