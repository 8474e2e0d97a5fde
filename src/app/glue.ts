/**
 * Glue files: which files of a repository can be glue, and how each is interpreted into the
 * legacy pipeline (scripts from their own directory unless that makes no sense, Makefiles
 * from theirs).
 */
import { Finding, finding } from '../core/findings';
import { baseName, dirName, relativePath } from '../core/paths';
import type { RepoView } from '../core/repo';
import { interpretCi, interpretJenkinsfile } from '../interpret/ci';
import type { GlueStep } from '../interpret/events';
import { interpretMakefile } from '../interpret/makefile';
import { GlueWorld, ShellInterpreter } from '../interpret/shell';
import { parseCiFile } from '../parse/ci-yaml';
import { MAKEFILE, ciFlavor, glueKind, namedAsGlue } from '../parse/glue-kind';
import { parseJenkinsfile } from '../parse/jenkinsfile';
import { parseMakefile } from '../parse/makefile';
import type { ShellScript } from '../parse/shell/ast';
import type { GlueInterpretation } from '../plan/glue-interpretation';
import type { GlueFile } from '../render/glue';
import { runsImageBuild } from './engine-commands';
import { inputFindings, problemFinding } from './input-checks';

export type ParseShell = (text: string) => ShellScript;

export type { GlueInterpretation };

/**
 * Glue files run one after the other, each in a shell of its own (a compile script, then a
 * package script): one pipeline, whose steps are theirs in that order.
 */
export function interpretSequence(parts: readonly GlueInterpretation[]): GlueInterpretation {
  const files = new Map<string, GlueFile>();
  for (const p of parts) for (const f of p.files) if (!files.has(f.path)) files.set(f.path, f);
  const [first] = parts;
  return {
    ...first,
    steps: parts.flatMap((p) => p.steps),
    findings: parts.flatMap((p) => p.findings),
    files: [...files.values()],
    sequence: parts.flatMap((p) => p.sequence ?? [p.entry]),
  };
}

/** The folders glue for `dir` is looked for in: the directory and its usual script folders. */
export function glueFolders(dir: string): string[] {
  return [dir, ...['scripts', 'script', 'build', 'ci', '.ci', '.travis', 'hack', 'tools', 'bin', 'docker', '.github/workflows'].map((f) => (dir ? `${dir}/${f}` : f))];
}

/**
 * Files in `dir` (and its usual script folders) that could be glue: they run an image build,
 * by whatever name the engine has (`docker`, `$(DOCKER)`, `sudo -E docker`, `podman`, a
 * wrapper function), also split over lines.
 */
export function glueCandidates(repo: RepoView, dir: string): string[] {
  const out: string[] = [];
  const unreadable: string[] = [];
  const others: { path: string; text: string }[] = [];
  for (const folder of glueFolders(dir)) {
    for (const name of repo.listDir(folder) ?? []) {
      const path = folder ? `${folder}/${name}` : name;
      // A file named like glue that cannot be read (binary, not UTF-8, too large, a link out of the repository) is refused, not skipped.
      if (unreadableGlue(repo, path)) unreadable.push(path);
      if (repo.typeOf(path) !== 'file') continue;
      // Only names that can be glue are read (a script without an extension needs its shebang).
      if (glueKind(path, '') === null && name.includes('.')) continue;
      const text = repo.readText(path);
      if (text === null || !glueKind(path, text)) continue;
      if (buildsAnImage(path, text)) out.push(path);
      else others.push({ path, text });
    }
  }
  // A Makefile or CI file that runs one of them (`./build.sh`, `bash scripts/build.sh`) is the glue's entry.
  out.push(...others.filter((o) => out.some((c) => runsScript(o.path, o.text, c))).map((o) => o.path));
  // Only when no readable file is glue: then the unreadable one may well be it (a sourced helper is not).
  return out.length > 0 ? out : unreadable;
}

/** True when `text` (of the file at `path`) names the script `script` as a word: runs or sources it. */
function runsScript(path: string, text: string, script: string): boolean {
  const rel = relativePath(dirName(path), script).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s'"=(;&|])(\\./)?${rel}($|[\\s'";)&|])`, 'm').test(text);
}

/**
 * Scripts and Makefiles are read for their commands; CI files and Jenkinsfiles quote theirs
 * (YAML scalars, Groovy strings), so for them a `docker … build` on one line is enough.
 */
function buildsAnImage(path: string, text: string): boolean {
  const kind = glueKind(path, text);
  if (kind === 'shell' || kind === 'make') return runsImageBuild(text, kind);
  return runsImageBuild(text, 'ci') || /\bdocker\s+(?:(?:image|buildx)\s+)?build\b/.test(text.replace(/\\\r?\n\s*/g, ' '));
}

/** How the glue is followed: the Makefile target the user named (`--target-rule`). */
export interface GlueOptions {
  targetRule?: string;
}

export function interpretGlue(repo: RepoView, parse: ParseShell, path: string, options: GlueOptions = {}): GlueInterpretation | null {
  const unreadable = unreadableGlue(repo, path);
  if (unreadable) return { entry: path, kind: MAKEFILE.test(baseName(path)) ? 'make' : ciFlavor(path) ? 'ci' : 'shell', goal: null, steps: [], findings: [unreadable], files: [], cwd: dirName(path) };
  // Scripts the glue sources or runs that cannot be read would be skipped silently: say so.
  const skipped: Finding[] = [];
  const watched: RepoView = {
    typeOf: (p) => repo.typeOf(p),
    listDir: (p) => repo.listDir(p),
    modeOf: (p) => repo.modeOf(p),
    problem: repo.problem && ((p) => repo.problem?.(p) ?? null),
    readText: (p) => {
      const text = repo.readText(p);
      const problem = text === null && p !== path ? repo.problem?.(p) : null;
      if (problem && !skipped.some((f) => f.location?.file === p)) skipped.push(problemFinding(problem, `the script ${p} the glue runs`, { file: p, line: 1 }));
      return text;
    },
  };
  const result = interpretReadable(watched, parse, path, options);
  return result && { ...result, findings: [...result.findings, ...skipped, ...inputFindings(repo, result.steps)] };
}

/** A FILE_UNREADABLE (or PATH_OUTSIDE_REPOSITORY) finding for a file named like glue that cannot be read as text; null otherwise. */
function unreadableGlue(repo: RepoView, path: string): Finding | null {
  if (!namedAsGlue(path)) return null;
  const t = repo.typeOf(path);
  if ((t !== 'file' && t !== 'symlink') || repo.readText(path) !== null) return null;
  const p = repo.problem?.(path);
  if (p) return problemFinding(p, `the glue ${path}`, { file: path, line: 1 });
  return t === 'file' ? finding('FILE_UNREADABLE', `the glue ${path} cannot be read as text`, { file: path, line: 1 }) : null;
}

function interpretReadable(repo: RepoView, parse: ParseShell, path: string, options: GlueOptions): GlueInterpretation | null {
  const text = repo.readText(path);
  if (text === null) return null;
  const kind = glueKind(path, text);
  if (kind === null) return null;
  const world: GlueWorld = { readText: (p) => repo.readText(p), listDir: (p) => repo.listDir(p), parseShell: parse };
  if (kind === 'ci') {
    const flavor = ciFlavor(path) as NonNullable<ReturnType<typeof ciFlavor>>;
    const model = parseCiFile(path, text, flavor);
    // The CI runs from the checkout: the directory holding the file (or `.github`).
    const root = flavor === 'github' ? dirName(dirName(dirName(path))) : dirName(path);
    const result = interpretCi(model, world, root);
    return {
      entry: path,
      kind,
      goal: result.job,
      steps: result.steps,
      findings: result.findings,
      files: [{ kind: 'ci', path, model, scripts: result.scripts }, ...scriptFiles(repo, parse, result.steps, path)],
      cwd: root,
    };
  }
  if (kind === 'jenkins') {
    // Read to explain a refusal; its steps are not handed on, since it is never rewritten.
    const findings = interpretJenkinsfile(path, parseJenkinsfile(text), world, dirName(path));
    return { entry: path, kind: 'ci', goal: null, steps: [], findings, files: [], cwd: dirName(path) };
  }
  if (kind === 'make') {
    const model = parseMakefile(path, text);
    const result = interpretMakefile(model, world, options);
    return {
      entry: path,
      kind,
      goal: result.goal,
      ...(result.plainMake ? {} : { goals: result.goals }),
      steps: result.steps,
      findings: result.findings,
      files: [{ kind: 'make', path, model, recipes: result.recipes, fileLinks: result.fileLinks }, ...scriptFiles(repo, parse, result.steps, path)],
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
    it.runScript(script, { vars: new Map(), exported: new Set(), positional: null, cwd: a.cwd, scriptPath: a.self, file: path, text });
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
