/**
 * Glue files: which files of a repository can be glue, and how each is interpreted into the
 * legacy pipeline (scripts from their own directory unless that makes no sense, Makefiles
 * from theirs).
 */
import { Finding } from '../core/findings';
import { baseName, dirName } from '../core/paths';
import type { RepoView } from '../core/repo';
import type { GlueStep } from '../interpret/events';
import { interpretMakefile } from '../interpret/makefile';
import { GlueWorld, ShellInterpreter } from '../interpret/shell';
import { parseMakefile } from '../parse/makefile';
import type { ShellScript } from '../parse/shell/ast';
import type { GlueFile } from '../render/glue';

export type ParseShell = (text: string) => ShellScript;

export interface GlueInterpretation {
  entry: string;
  kind: 'shell' | 'make';
  /** The Makefile goal that runs the pipeline; null for scripts. */
  goal: string | null;
  steps: GlueStep[];
  findings: Finding[];
  /** Every file the pipeline's steps come from, parsed for the rewrite. */
  files: GlueFile[];
  /** The directory the glue is taken to run from. */
  cwd: string;
}

const MAKEFILE = /^(GNUmakefile|makefile|Makefile)$|\.mk$/;
const SCRIPT = /\.(sh|bash)$/;
const SHEBANG = /^#!\s*\S*(\/|\s)(ba|da|k|z)?sh\b/;

export function glueKind(path: string, text: string): 'shell' | 'make' | null {
  const name = baseName(path);
  if (MAKEFILE.test(name)) return 'make';
  if (SCRIPT.test(name) || (!name.includes('.') && SHEBANG.test(text))) return 'shell';
  return null;
}

/** Files in `dir` (and its usual script folders) that could be glue: they mention docker build. */
export function glueCandidates(repo: RepoView, dir: string): string[] {
  const out: string[] = [];
  const folders = [dir, ...['scripts', 'script', 'build', 'ci', 'hack', 'tools', 'bin', 'docker'].map((f) => (dir ? `${dir}/${f}` : f))];
  for (const folder of folders) {
    for (const name of repo.listDir(folder) ?? []) {
      const path = folder ? `${folder}/${name}` : name;
      if (repo.typeOf(path) !== 'file') continue;
      const text = repo.readText(path);
      if (text === null || !glueKind(path, text)) continue;
      if (/\bdocker\b[^\n]*\bbuild\b/.test(text) || /\bdocker\s+(image\s+)?build\b/.test(text.replace(/\\\r?\n\s*/g, ' '))) out.push(path);
    }
  }
  return out;
}

export function interpretGlue(repo: RepoView, parse: ParseShell, path: string): GlueInterpretation | null {
  const text = repo.readText(path);
  if (text === null) return null;
  const kind = glueKind(path, text);
  if (kind === null) return null;
  const world: GlueWorld = { readText: (p) => repo.readText(p), listDir: (p) => repo.listDir(p), parseShell: parse };
  if (kind === 'make') {
    const model = parseMakefile(path, text);
    const result = interpretMakefile(model, world);
    return {
      entry: path,
      kind,
      goal: result.goal,
      steps: result.steps,
      findings: result.findings,
      files: [{ kind: 'make', path, model, recipes: result.recipes }, ...scriptFiles(repo, parse, result.steps, path)],
      cwd: dirName(path),
    };
  }
  // A script in a sub-directory may be meant to run from there or from the repository root.
  const here = dirName(path);
  const attempts = here === '' ? [{ cwd: '', self: `./${path}` }] : [{ cwd: here, self: `./${baseName(path)}` }, { cwd: '', self: `./${path}` }];
  let best: GlueInterpretation | null = null;
  for (const a of attempts) {
    const it = new ShellInterpreter(world);
    const script = parse(text);
    it.runScript(script, { vars: new Map(), positional: null, cwd: a.cwd, scriptPath: a.self, file: path, text });
    const result: GlueInterpretation = { entry: path, kind, goal: null, steps: it.steps, findings: it.findings, files: scriptFiles(repo, parse, it.steps, ''), cwd: a.cwd };
    if (!best) best = result;
    if (missingDockerfiles(repo, it.steps) === 0) return result;
  }
  return best;
}

function missingDockerfiles(repo: RepoView, steps: GlueStep[]): number {
  return steps.filter((s) => s.kind === 'build' && repo.typeOf(s.dockerfile) !== 'file').length;
}

/** Parsed shell files behind the steps (the entry script and any script it sourced or ran). */
function scriptFiles(repo: RepoView, parse: ParseShell, steps: GlueStep[], except: string): GlueFile[] {
  const paths = [...new Set(steps.map((s) => s.origin.file))].filter((p) => p !== except);
  const out: GlueFile[] = [];
  for (const p of paths) {
    const text = repo.readText(p);
    if (text !== null) out.push({ kind: 'shell', path: p, script: parse(text) });
  }
  return out;
}
