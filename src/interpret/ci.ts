/**
 * Runs a CI job's scripts the way the CI would, statically: each session (a GitHub step, a
 * GitLab `before_script`+`script` shell, a Travis job) starts from the CI's variables and the
 * checkout directory; scripts in one session share variables and the directory. Like recipe
 * lines of a Makefile, each script is its own parse: its id comes first in the steps' chains
 * and its lines are reported as the file's.
 */
import { Finding, finding } from '../core/findings';
import { LineIndex } from '../core/line-index';
import { normalizeRelative } from '../core/paths';
import type { CiEnv, CiFile, CiJob, CiScriptUnit } from '../parse/ci-yaml';
import type { JenkinsfileModel } from '../parse/jenkinsfile';
import type { ShellScript } from '../parse/shell/ast';
import { toFileOffset } from '../parse/yaml-scalar';
import { BuildStep, GlueStep, moveOrigin } from './events';
import { isWholePipeline } from './makefile';
import { Frame, GlueWorld, ShellInterpreter } from './shell';
import { Value, ValuePart, concat, literal, symbol } from './value';

/** One script of the file as the shell sees it. */
export interface CiScript {
  id: number;
  unit: CiScriptUnit;
  /** Parsed from the value; GitHub `${{ … }}` expressions stand in as same-length variables. */
  script: ShellScript;
}

export interface CiInterpretation {
  /** The job that runs the pipeline; null when the file has none. */
  job: string | null;
  steps: GlueStep[];
  findings: Finding[];
  /** Scripts of that job, by unit id. */
  scripts: Map<number, CiScript>;
}

/**
 * Picks the job whose steps form a whole builder pattern (a build, an extraction, then another
 * build), the way interpretMakefile picks a goal; otherwise the first job that extracts, or
 * builds, or the first job. `root` is the checkout directory (repository-relative).
 */
export function interpretCi(file: CiFile, world: GlueWorld, root: string): CiInterpretation {
  if (file.error) {
    return { job: null, steps: [], findings: [finding('GLUE_PARSE_ERROR', `the YAML does not parse: ${file.error.message}`, { file: file.path, line: file.error.line })], scripts: new Map() };
  }
  const results = file.jobs.map((j) => runJob(file, j, world, root));
  const extracts = (r: CiInterpretation) => r.steps.some((s) => s.kind === 'cp' || s.kind === 'cat');
  const chosen =
    results.find((r) => isWholePipeline(r.steps)) ??
    results.find(extracts) ??
    results.find((r) => r.steps.some((s) => s.kind === 'build')) ??
    results[0] ?? { job: null, steps: [], findings: [], scripts: new Map() };
  chosen.findings.push(...otherJobsUsingBuilders(file.path, chosen, results));
  return chosen;
}

/**
 * Other jobs that build a Dockerfile the chosen job builds before it extracts (a builder):
 * the migration merges and deletes it, and they would break.
 */
function otherJobsUsingBuilders(path: string, chosen: CiInterpretation, all: CiInterpretation[]): Finding[] {
  const firstExtraction = chosen.steps.findIndex((s) => s.kind === 'cp' || s.kind === 'cat');
  if (firstExtraction < 0) return [];
  const builders = new Set(chosen.steps.slice(0, firstExtraction).flatMap((s) => (s.kind === 'build' ? [s.dockerfile] : [])));
  const out: Finding[] = [];
  for (const r of all) {
    if (r === chosen) continue;
    const hit = r.steps.find((s): s is BuildStep => s.kind === 'build' && builders.has(s.dockerfile) && s.origin.file === path);
    if (hit) out.push(finding('CI_GLUE_UNSUPPORTED', `job ${r.job} also builds ${hit.dockerfile}, which the migration of job ${chosen.job} merges into the runtime Dockerfile and deletes; migrate the two jobs by hand (or give job ${r.job} its own Dockerfile)`, { file: path, line: hit.origin.line }));
  }
  return out;
}

/** Conditions that hold whenever the pipeline gets that far. */
const ALWAYS = /^\s*(\$\{\{\s*)?(always\(\)|success\(\)|!\s*cancelled\(\)|true)(\s*\}\})?\s*$/;

function runJob(file: CiFile, job: CiJob, world: GlueWorld, root: string): CiInterpretation {
  const it = new ShellInterpreter(world);
  const fileLines = new LineIndex(file.text);
  const scripts = new Map<number, CiScript>();
  for (const u of job.unsupported) it.report('CI_GLUE_UNSUPPORTED', u.message, file.path, u.line);
  for (const session of job.sessions) {
    // A new shell: no functions, variables or directory from the one before.
    it.functions.clear();
    if (session.shell !== 'sh') {
      for (const u of session.units) {
        if (/\bdocker\b/.test(u.value)) it.report('CI_GLUE_UNSUPPORTED', `this step runs docker under \`${session.shell}\`; only sh and bash scripts are read (use \`shell: bash\`, or migrate by hand)`, file.path, u.line);
      }
      continue;
    }
    const cwd = session.workdir === null ? root : /\$\{\{/.test(session.workdir) ? null : normalizeRelative(session.workdir, root);
    const frame: Frame = { vars: new Map<string, Value>(), positional: [], cwd, scriptPath: 'bash', file: file.path, text: '' };
    predefined(file.flavor, root, frame.vars);
    for (const e of session.env) applyEnv(it, world, e, frame);
    const sessionStart = it.steps.length;
    for (const unit of session.units) {
      const { text, exprs } = file.flavor === 'github' ? githubExpressions(unit.value, frame.vars) : { text: unit.value, exprs: new Map<string, Value>() };
      for (const [k, v] of exprs) frame.vars.set(k, v);
      const script = world.parseShell(text);
      scripts.set(unit.id, { id: unit.id, unit, script });
      const before = { steps: it.steps.length, findings: it.findings.length };
      frame.text = text;
      it.runScript(script, frame, [unit.id]);
      // The shell counts lines from the script's first line; report the file's own lines.
      for (const s of it.steps.slice(before.steps)) {
        const owner = scripts.get(s.origin.chain[0]);
        if (s.origin.file !== file.path || !owner) continue;
        moveOrigin(s, (o) => ({ ...o, line: scriptLineToFile(owner, o.line, fileLines), endLine: scriptLineToFile(owner, o.endLine, fileLines) }));
      }
      for (const f of it.findings.slice(before.findings)) {
        if (f.location && f.location.file === file.path) f.location = { ...f.location, line: scriptLineToFile(scripts.get(unit.id) as CiScript, f.location.line, fileLines) };
      }
    }
    if (session.condition && !ALWAYS.test(session.condition.text)) {
      const gated = it.steps.slice(sessionStart).find((s) => s.kind === 'build' || s.kind === 'container' || s.kind === 'cp' || s.kind === 'cat');
      if (gated) it.report('GLUE_CONDITIONAL_DOCKER', `this step runs only \`if: ${session.condition.text}\`, and it ${gated.kind === 'build' ? 'builds an image' : 'extracts artifacts'}; the migration cannot tell whether the legacy pipeline ran it (drop the condition or migrate by hand)`, file.path, session.condition.line);
    }
  }
  return { job: job.name, steps: it.steps, findings: it.findings, scripts };
}

/** File line of line `n` of a script's value (its first line when the value could not be mapped). */
export function scriptLineToFile(s: CiScript, n: number, fileLines: LineIndex): number {
  const scalar = s.unit.scalar;
  if (!scalar) return s.unit.line + n - 1;
  const valueLines = new LineIndex(s.script.text);
  return fileLines.lineOf(toFileOffset(scalar, valueLines.lineStart(Math.min(n, valueLines.count))));
}

/** Variables every job of the CI has that matter for paths: the checkout is the repository. */
function predefined(flavor: CiFile['flavor'], root: string, vars: Map<string, Value>): void {
  const checkout: Value = { parts: [{ hostDir: root }], glob: false };
  vars.set('CI', literal('true'));
  if (flavor === 'github') {
    vars.set('GITHUB_ACTIONS', literal('true'));
    vars.set('GITHUB_WORKSPACE', checkout);
    vars.set('RUNNER_TEMP', literal('/home/runner/work/_temp'));
    for (const name of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE']) {
      vars.set(name, literal(`/home/runner/work/_temp/_runner_file_commands/${name.toLowerCase()}`));
    }
  } else if (flavor === 'gitlab') {
    vars.set('GITLAB_CI', literal('true'));
    vars.set('CI_PROJECT_DIR', checkout);
    vars.set('CI_BUILDS_DIR', literal('/builds'));
  } else {
    vars.set('TRAVIS', literal('true'));
    vars.set('TRAVIS_BUILD_DIR', checkout);
  }
}

function applyEnv(it: ShellInterpreter, world: GlueWorld, e: CiEnv, frame: Frame): void {
  if (e.kind === 'literal') {
    frame.vars.set(e.name, githubValue(e.value, frame.vars));
    return;
  }
  if (e.kind === 'expand') {
    frame.vars.set(e.name, gitlabValue(e.value, frame.vars));
    return;
  }
  // Travis: shell assignments, run in the job's shell before its scripts.
  const before = { steps: it.steps.length, findings: it.findings.length };
  frame.text = e.text;
  it.runScript(world.parseShell(e.text), frame, []);
  it.steps.splice(before.steps);
  for (const f of it.findings.slice(before.findings)) if (f.location && f.location.file === frame.file) f.location = { ...f.location, line: e.line };
}

/** GitHub `${{ … }}` in a value the CI substitutes before the shell sees it. */
function githubValue(text: string, vars: Map<string, Value>): Value {
  const parts: Value[] = [];
  let pos = 0;
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    parts.push(literal(text.slice(pos, m.index)));
    parts.push(expressionValue(m[1], m[0], vars));
    pos = (m.index ?? 0) + m[0].length;
  }
  parts.push(literal(text.slice(pos)));
  return concat(parts);
}

function expressionValue(inner: string, written: string, vars: Map<string, Value>): Value {
  const expr = inner.trim();
  if (expr === 'github.workspace') return vars.get('GITHUB_WORKSPACE') ?? symbol(`expr:${expr}`, 'env', written);
  const env = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
  if (env) return vars.get(env[1]) ?? literal('');
  const str = /^'((?:[^']|'')*)'$/.exec(expr);
  if (str) return literal(str[1].replace(/''/g, "'"));
  return symbol(`expr:${expr}`, 'env', written);
}

/**
 * GitHub expressions in a script, each replaced by a variable reference of the same length
 * (`${{ github.sha }}` → `${_E0____________}`) so offsets still match the value; the
 * variables hold what the expressions stand for.
 */
export function githubExpressions(value: string, vars: Map<string, Value>): { text: string; exprs: Map<string, Value> } {
  const exprs = new Map<string, Value>();
  const names = new Map<string, string>();
  const text = value.replace(/\$\{\{([\s\S]*?)\}\}/g, (whole: string, inner: string) => {
    const room = whole.length - 3;
    let name = names.get(whole);
    if (!name) {
      name = `_E${names.size.toString(36)}`;
      names.set(whole, name);
    }
    if (name.length > room || /\n/.test(whole)) return whole;
    const padded = name.padEnd(room, '_');
    exprs.set(padded, expressionValue(inner, whole, vars));
    return `\${${padded}}`;
  });
  return { text, exprs };
}

/** GitLab variable values: `$NAME` and `${NAME}` refer to variables defined before; `$$` is a dollar. */
function gitlabValue(text: string, vars: Map<string, Value>): Value {
  const parts: Value[] = [];
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') {
      lit += text[i];
      continue;
    }
    if (text[i + 1] === '$') {
      lit += '$';
      i++;
      continue;
    }
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(i));
    if (!m) {
      lit += '$';
      continue;
    }
    const name = m[1] ?? m[2];
    parts.push(literal(lit));
    lit = '';
    parts.push(vars.get(name) ?? { parts: [{ sym: `env:${name}`, kind: 'env', display: `$${name}` } as ValuePart], glob: false });
    i += m[0].length - 1;
  }
  parts.push(literal(lit));
  return concat(parts);
}

/**
 * A Jenkinsfile is read, not migrated: its `sh` steps run in file order, each in a new shell
 * with the `environment { }` variables. When they run a builder pattern themselves (the build
 * before the first extraction, or an extraction, is one of the Jenkinsfile's own commands), the
 * migration is refused at that build, with what was understood and what to do instead. Scripts
 * the Jenkinsfile calls (`sh './build.sh'`) are glue of their own and migrate as such.
 */
export function interpretJenkinsfile(path: string, model: JenkinsfileModel, world: GlueWorld, root: string): Finding[] {
  const it = new ShellInterpreter(world);
  for (const sh of model.shellSteps) {
    const frame: Frame = { vars: new Map<string, Value>(), positional: [], cwd: root, scriptPath: 'sh', file: path, text: '' };
    for (const e of model.environment) frame.vars.set(e.name, e.value === null || (e.quote.startsWith('"') && /\$\{/.test(e.value)) ? symbol(`env:${e.name}`, 'env', `$${e.name}`) : literal(groovyText(e.value, e.quote)));
    frame.text = shellText(sh.script, sh.quote);
    const before = { steps: it.steps.length, findings: it.findings.length };
    it.functions.clear();
    it.runScript(world.parseShell(frame.text), frame, []);
    for (const s of it.steps.slice(before.steps)) if (s.origin.file === path) moveOrigin(s, (o) => ({ ...o, line: sh.scriptLine + o.line - 1, endLine: sh.scriptLine + o.endLine - 1 }));
  }
  const steps = it.steps;
  const firstExtraction = steps.findIndex((s) => s.kind === 'cp' || s.kind === 'cat');
  if (firstExtraction < 0) return [];
  const builder = steps.slice(0, firstExtraction).reverse().find((s) => s.kind === 'build');
  const own = (s: GlueStep | undefined) => s !== undefined && s.origin.file === path;
  const anchor = own(builder) ? builder : steps.find((s) => own(s) && (s.kind === 'cp' || s.kind === 'cat' || s.kind === 'container'));
  if (!anchor) return [];
  const understood = steps
    .filter((s) => own(s) && (s.kind === 'build' || s.kind === 'cp' || s.kind === 'cat'))
    .map((s) => (s.kind === 'build' ? `builds ${s.dockerfile} (line ${s.origin.line})` : s.kind === 'cp' || s.kind === 'cat' ? `copies ${s.source} out (line ${s.origin.line})` : ''))
    .join(', ');
  const dsl = model.dockerCalls.length > 0 ? `; it also calls ${model.dockerCalls.map((c) => `${c.call} (line ${c.line})`).join(', ')}` : '';
  return [
    finding(
      'CI_GLUE_UNSUPPORTED',
      `this Jenkinsfile runs the builder pattern in its \`sh\` steps: it ${understood}${dsl}. Jenkinsfiles are not rewritten: move those commands into a script (e.g. build.sh), have the Jenkinsfile run it with \`sh './build.sh'\`, and migrate the script`,
      { file: path, line: anchor.origin.line },
    ),
  ];
}

/** A Groovy string literal's text: escapes resolved. */
function groovyText(text: string, quote: string): string {
  return quote.startsWith('"') ? text.replace(/\\([$"\\'])/g, '$1') : text.replace(/\\(['\\])/g, '$1');
}

/**
 * The shell text of an `sh` string. In `"…"` strings Groovy fills in `${…}` first: environment
 * variables (`${env.X}`, `${X}`) read the same in the shell; other expressions are unknown.
 */
function shellText(script: string, quote: string): string {
  if (!quote.startsWith('"')) return groovyText(script, quote);
  let n = 0;
  const filled = script.replace(/(?<!\\)\$\{([^}]*)\}/g, (_whole: string, inner: string) => {
    const name = /^\s*(?:env\.)?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(inner);
    return name ? `\${${name[1]}}` : `\${_GROOVY_${n++}}`;
  });
  return groovyText(filled, quote);
}
