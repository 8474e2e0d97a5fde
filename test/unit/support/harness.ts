/**
 * Shared fixtures for the unit tests: the bash parser (loaded once), an in-memory repository
 * run through the whole planner, and helpers to read the outcome.
 */
import { migrateRepository, RepoOutcome } from '../../../src/app/migrate';
import type { Finding } from '../../../src/core/findings';
import { memoryRepo, RepoView } from '../../../src/core/repo';
import { Frame, GlueWorld, ShellInterpreter } from '../../../src/interpret/shell';
import { ShellParser, loadShellParser } from '../../../src/parse/shell/parser';
import type { ShellScript } from '../../../src/parse/shell/ast';
import { loadTemplates } from '../../../src/render/templates';

let parser: ShellParser | null = null;

/** Loads the bash grammar; call it from a `before` hook. */
export async function loadParser(): Promise<ShellParser> {
  parser ??= await loadShellParser();
  return parser;
}

export function parseShell(text: string): ShellScript {
  if (!parser) throw new Error('call loadParser() in a before hook first');
  return parser.parse(text);
}

export type Files = Record<string, string | { text: string; mode: number } | { symlink: string }>;

export interface MigrateOpts {
  buildkit?: boolean;
  keepLegacy?: boolean;
  script?: string;
  moreScripts?: string[];
  targetRule?: string;
}

/** The whole pure pipeline on an in-memory repository. */
export function migrate(files: Files, opts: MigrateOpts = {}): RepoOutcome {
  return migrateRepository(memoryRepo(files), parseShell, loadTemplates(), {
    dir: '',
    buildkit: opts.buildkit ?? false,
    keepLegacy: opts.keepLegacy ?? false,
    ...(opts.script ? { script: opts.script } : {}),
    ...(opts.moreScripts ? { moreScripts: opts.moreScripts } : {}),
    ...(opts.targetRule !== undefined ? { targetRule: opts.targetRule } : {}),
  });
}

/** `file:line CODE` for every finding (sorted as the outcome sorts them). */
export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.location ? `${f.location.file}:${f.location.line} ` : ''}${f.code}`);
}

/** Only the error findings, as `file:line CODE`. */
export function errorCodes(findings: readonly Finding[]): string[] {
  return codes(findings.filter((f) => f.severity === 'error'));
}

/** The new text of a file in a migration plan (null: deleted; throws when the plan does not touch it). */
export function fileAfter(outcome: RepoOutcome, path: string): string | null {
  if (!outcome.plan) throw new Error(`no plan: ${outcome.status} ${codes(outcome.findings).join(', ')}`);
  const f = outcome.plan.files.find((c) => c.path === path);
  if (!f) throw new Error(`the plan does not change ${path}; it changes ${outcome.plan.files.map((c) => c.path).join(', ')}`);
  return f.after;
}

/** The merged Dockerfile split into stages: each stage's FROM line and its instruction lines (comments and blanks dropped). */
export function stagesOf(dockerfile: string): { from: string; lines: string[] }[] {
  const out: { from: string; lines: string[] }[] = [];
  const logical = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of logical) {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (line === '' || line.startsWith('#')) continue;
    if (/^FROM\s/i.test(line)) out.push({ from: line, lines: [] });
    else if (out.length > 0) out[out.length - 1].lines.push(line);
  }
  return out;
}

/** An interpreter over an in-memory repository. */
export function interpreter(repo: RepoView): ShellInterpreter {
  const world: GlueWorld = { readText: (p) => repo.readText(p), listDir: (p) => repo.listDir(p), parseShell };
  return new ShellInterpreter(world);
}

/** Interprets `entry` of an in-memory repository from its own directory, as the glue would run. */
export function interpretScript(files: Files, entry = 'build.sh', frame: Partial<Frame> = {}): ShellInterpreter {
  const repo = memoryRepo(files);
  const it = interpreter(repo);
  const text = repo.readText(entry);
  if (text === null) throw new Error(`no ${entry}`);
  const dir = entry.includes('/') ? entry.slice(0, entry.lastIndexOf('/')) : '';
  it.runScript(parseShell(text), { vars: new Map(), positional: null, cwd: dir, scriptPath: `./${entry.slice(dir ? dir.length + 1 : 0)}`, file: entry, text, ...frame });
  return it;
}

/** Findings as `file:line CODE`, in the order they were reported. */
export function findingCodes(it: { findings: readonly Finding[] }): string[] {
  return codes(it.findings);
}
