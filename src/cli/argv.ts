/**
 * The command line as people type it, before commander sees it: `help CMD` is `CMD --help`,
 * `-V` is `-v`; and commander's errors as one line that points at --help.
 */

/** `help` → `--help`, `help batch` → `batch --help`, `-V` → `-v` (arguments after the program). */
export function normalizeArgs(args: readonly string[]): string[] {
  const first = args.findIndex((a) => !a.startsWith('-'));
  const out = args.map((a) => (a === '-V' ? '-v' : a));
  if (first >= 0 && args[first] === 'help') {
    const topic = args[first + 1];
    const rest = [...out.slice(0, first), ...out.slice(first + 2)];
    return topic && !topic.startsWith('-') ? [topic, ...rest, '--help'] : [...out.slice(0, first), ...out.slice(first + 1), '--help'];
  }
  return out;
}

/**
 * `error: unknown option '--dry-rn'\n(Did you mean --dry-run?)` →
 * `multistage-migrate: unknown option '--dry-rn' (did you mean --dry-run?); see multistage-migrate --help`.
 */
export function oneLineError(message: string, program: string): string {
  const lines = message
    .replace(/^error:\s*/, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const hint = lines
    .slice(1)
    .map((l) => l.replace(/^\((.*)\)$/, '$1'))
    .map((l) => l.charAt(0).toLowerCase() + l.slice(1))
    .join(' ');
  return `${program}: ${lines[0] ?? 'bad usage'}${hint ? ` (${hint})` : ''}; see ${program} --help\n`;
}
