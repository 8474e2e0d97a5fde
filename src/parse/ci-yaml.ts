/**
 * CI files as glue: GitHub Actions workflows, `.gitlab-ci.yml` and `.travis.yml` → jobs, each a
 * list of shell sessions the CI runs in order, each session a list of scripts (a `run:` block,
 * a `script:` item) with the way back from the script's text to the file (`MappedScalar`) and
 * the place in the YAML to delete when every command of a script goes. Read with the `yaml`
 * package; nothing after this module sees its nodes.
 *
 * Sessions follow the CI: GitHub runs each `run:` step in its own shell; GitLab runs
 * `before_script` and `script` of a job in one shell and `after_script` in another; Travis
 * runs every phase of a job in one bash script.
 */
import { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isNode, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { YAML_OPTIONS } from './yaml-structure';
import type { CiFlavor } from './glue-kind';
import { baseName } from '../core/paths';
import { LineIndex } from '../core/line-index';
import { MappedScalar, ScalarStyle, mapScalar } from './yaml-scalar';

export type { CiFlavor };

export interface CiFile {
  path: string;
  text: string;
  flavor: CiFlavor;
  /** Jobs in file order; empty when the file has none (or did not parse). */
  jobs: CiJob[];
  /** First YAML syntax error; null when the file parsed. */
  error: { line: number; message: string } | null;
}

export interface CiJob {
  /** The job's key (`build`), or a description for Travis (`travis`, `jobs.include[1]`). */
  name: string;
  line: number;
  /** Shell sessions in the order the CI runs them. */
  sessions: CiSession[];
  /** What the job does outside its scripts that the migration cannot see through (a build action). */
  unsupported: { line: number; message: string }[];
}

/** One shell the CI starts: variables and the directory carry over between its scripts, not beyond. */
export interface CiSession {
  /** Variables the CI sets before the first script, in the order they apply. */
  env: CiEnv[];
  /** `working-directory` as written (relative to the checkout); null for the checkout itself. */
  workdir: string | null;
  /** A condition on the whole session (GitHub step `if:`); null when it always runs. */
  condition: { line: number; text: string } | null;
  /** `sh` for sh/bash, otherwise the shell the CI uses (`pwsh`, `python`, `cmd`…). */
  shell: string;
  units: CiScriptUnit[];
}

export type CiEnv =
  /** Taken as written (GitHub `env:`, where `${{ … }}` is an expression; GitLab `expand: false`). */
  | { kind: 'literal'; name: string; value: string; line: number }
  /** `$NAME` and `${NAME}` refer to earlier variables (GitLab `variables:`); `$$` is a dollar. */
  | { kind: 'expand'; name: string; value: string; line: number }
  /** Shell assignments (`FOO=1 BAR="a b"`) run before the scripts (Travis `env:`). */
  | { kind: 'shell'; text: string; line: number };

/** One script: its text is the value of a YAML scalar. */
export interface CiScriptUnit {
  /** Negative and unique in the file, so it never collides with shell statement ids. */
  id: number;
  /** The key it sits under: `run`, `script`, `before_script`, `install`… */
  phase: string;
  /** File line of the value's first character. */
  line: number;
  value: string;
  /** The value mapped back to the file; null when that failed (the unit is read, never rewritten). */
  scalar: MappedScalar | null;
  /** Offset of the scalar node: identifies it when the structure is compared after a rewrite. */
  at: number;
  list: CiList;
  /** The list entry that goes with the unit (`- …`, or the whole GitHub step); null when the key's value is the unit itself. */
  item: CiItem | null;
  /** Jobs that run it; more than one means a rewrite would change them all. */
  jobs: string[];
  /** Reached through a YAML alias or `!reference`: the text is shared with another place. */
  viaAlias: boolean;
  /** The script runs in a shell of its own (a GitHub step): nothing it sets outlives it. */
  ownShell: boolean;
  /** The `id:` of the GitHub step it is the `run:` of; null otherwise. */
  stepId: string | null;
}

export interface CiItem {
  /** Offset of the item node. */
  at: number;
  /** Whole lines of the entry, from the `-` line to its last line (with its line break). */
  start: number;
  end: number;
  /** False when the entry does not have its lines to itself (flow list, `- - a`, a property before it). */
  deletable: boolean;
}

/** A list of scripts under a key (`steps:`, `script:`), or a key whose value is one script. */
export interface CiList {
  key: string;
  /** Offset of the key node; -1 for a nested list without a key of its own. */
  keyAt: number;
  /** Whole lines of `key: value`; `deletable` false when they are not the pair's alone. */
  start: number;
  end: number;
  deletable: boolean;
  /** Offsets of the list's item nodes in order; empty when the value is a single scalar. */
  items: number[];
  /** What the CI does once the list is empty: nothing (delete the key), fail (`refuse`), or a default the key must `skip`. */
  whenEmpty: 'delete' | 'refuse' | 'skip';
  /** Column of the key, to write `key: skip`. */
  column: number;
}

const STYLES: Record<string, ScalarStyle> = { PLAIN: 'plain', QUOTE_SINGLE: 'single', QUOTE_DOUBLE: 'double', BLOCK_LITERAL: 'literal', BLOCK_FOLDED: 'folded' };

/** Reads a CI file. Never throws: a YAML error is reported in `error`, with no jobs. */
export function parseCiFile(path: string, text: string, flavor: CiFlavor): CiFile {
  const lines = new LineIndex(text);
  const docs = parseAllDocuments(text, YAML_OPTIONS);
  const list = Array.isArray(docs) ? docs : [];
  const failed = list.find((d) => d.errors.length > 0);
  if (failed || !Array.isArray(docs)) {
    const e = failed?.errors[0];
    return { path, text, flavor, jobs: [], error: { line: e ? lines.lineOf(e.pos[0]) : 1, message: e ? e.message.split('\n')[0] : 'not a YAML stream' } };
  }
  // GitLab puts `spec:` in a header document; the pipeline is the last document holding a mapping.
  const doc = [...list].reverse().find((d) => isMap(d.contents));
  if (!doc) return { path, text, flavor, jobs: [], error: null };
  const reader = new Reader(text, lines, doc);
  const root = doc.contents as YAMLMap;
  const jobs = flavor === 'github' ? reader.github(root) : flavor === 'gitlab' ? reader.gitlab(root) : reader.travis(root);
  return { path, text, flavor, jobs, error: null };
}

type Where = Found | Node | null | undefined;

interface Found {
  node: Node;
  /** The pair that holds it in its own mapping (null when reached through a merge key or alias). */
  pair: Pair | null;
  viaAlias: boolean;
}

class Reader {
  private nextId = -1;
  private readonly units = new Map<Node, CiScriptUnit>();
  private readonly lists = new Map<Node, CiList>();

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly doc: Document,
  ) {}

  // ---- GitHub Actions ----

  github(root: YAMLMap): CiJob[] {
    const jobs: CiJob[] = [];
    const wfEnv = this.envMap(this.get(root, 'env'), 'literal');
    const wfRun = this.get(this.get(root, 'defaults'), 'run');
    const jobsMap = this.get(root, 'jobs');
    if (!jobsMap || !isMap(jobsMap.node)) return [];
    for (const pair of jobsMap.node.items) {
      const name = this.str(pair.key as Node) ?? '';
      const job = this.found(pair.value);
      if (!job || !isMap(job.node)) continue;
      const jobRun = this.get(this.get(job.node, 'defaults'), 'run');
      const runsOn = JSON.stringify(this.get(job.node, 'runs-on')?.node.toJSON() ?? '');
      const shell = this.str(this.get(jobRun, 'shell')) ?? this.str(this.get(wfRun, 'shell')) ?? (/windows/i.test(runsOn) ? 'pwsh' : 'bash');
      const workdir = this.str(this.get(jobRun, 'working-directory')) ?? this.str(this.get(wfRun, 'working-directory'));
      const jobEnv = this.envMap(this.get(job.node, 'env'), 'literal');
      const out: CiJob = { name, line: this.lineOf(pair.key), sessions: [], unsupported: [] };
      const steps = this.get(job.node, 'steps');
      if (steps && isSeq(steps.node)) {
        const list = this.listOf(steps, 'steps', 'refuse');
        for (const raw of steps.node.items) {
          const step = this.found(raw);
          if (!step || !isMap(step.node)) continue;
          const uses = this.str(this.get(step.node, 'uses'));
          if (uses && /^docker\/(build-push|bake)-action@/.test(uses)) {
            out.unsupported.push({ line: this.lineOf(this.get(step.node, 'uses')?.node), message: `\`uses: ${uses}\` builds an image outside the run: steps; the migration cannot see which Dockerfile, context and tags it uses (replace it with a \`docker build\` run: step, or migrate by hand)` });
          }
          const run = this.get(step.node, 'run');
          if (!run) continue;
          const unit = this.unit(run, 'run', list, this.itemOf(raw as Node, step.viaAlias), name, steps.viaAlias || step.viaAlias);
          if (!unit) continue;
          unit.ownShell = true;
          unit.stepId = this.str(this.get(step.node, 'id'));
          const cond = this.get(step.node, 'if');
          const condText = cond ? String(this.scalarValue(cond.node) ?? '') : null;
          out.sessions.push({
            env: [...wfEnv, ...jobEnv, ...this.envMap(this.get(step.node, 'env'), 'literal')],
            workdir: this.str(this.get(step.node, 'working-directory')) ?? workdir,
            condition: cond && condText !== null ? { line: this.lineOf(cond.node), text: condText } : null,
            shell: posixShell(this.str(this.get(step.node, 'shell')) ?? shell),
            units: [unit],
          });
        }
      }
      jobs.push(out);
    }
    return jobs;
  }

  // ---- GitLab CI ----

  gitlab(root: YAMLMap): CiJob[] {
    const reserved = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'types', 'spec']);
    const jobs: CiJob[] = [];
    const dflt = this.get(root, 'default');
    for (const pair of root.items) {
      const name = this.str(pair.key as Node);
      if (name === null || reserved.has(name) || name.startsWith('.')) continue;
      const job = this.found(pair.value);
      if (!job || !isMap(job.node)) continue;
      const chain = this.extendsChain(root, job.node);
      const lookup = (key: string): Found | null => {
        for (const m of chain) {
          const f = this.get(m, key);
          if (f) return f;
        }
        return null;
      };
      const inherit = this.get(lookup('inherit'), 'default')?.node.toJSON() as unknown;
      const inherits = (key: string) => inherit === undefined || inherit === true || (Array.isArray(inherit) && inherit.includes(key));
      const fromDefault = (key: string): Found | null => lookup(key) ?? (inherits(key) ? (this.get(dflt, key) ?? this.get(root, key)) : null);
      const inheritVars = this.get(lookup('inherit'), 'variables')?.node.toJSON() as unknown;
      const env: CiEnv[] = [];
      if (inheritVars === undefined || inheritVars === true) env.push(...this.gitlabVariables(this.get(root, 'variables')));
      for (const m of [...chain].reverse()) env.push(...this.gitlabVariables(this.get(m, 'variables')));
      const units = (key: string, whenEmpty: CiList['whenEmpty']) => {
        const f = key === 'script' ? lookup(key) : fromDefault(key);
        return f ? this.scriptUnits(f, key, whenEmpty, name) : [];
      };
      const main = [...units('before_script', 'delete'), ...units('script', 'refuse')];
      const after = units('after_script', 'delete');
      const sessions: CiSession[] = [];
      if (main.length > 0) sessions.push({ env, workdir: null, condition: null, shell: 'sh', units: main });
      if (after.length > 0) sessions.push({ env, workdir: null, condition: null, shell: 'sh', units: after });
      jobs.push({ name, line: this.lineOf(pair.key), sessions, unsupported: [] });
    }
    return jobs;
  }

  /** The job and the templates it `extends`, nearest first (a later template wins over an earlier one). */
  private extendsChain(root: YAMLMap, job: YAMLMap): YAMLMap[] {
    const out: YAMLMap[] = [];
    const visit = (m: YAMLMap, depth: number): void => {
      if (out.includes(m) || depth > 11) return;
      out.push(m);
      const ext = this.get(m, 'extends')?.node;
      const names = ext ? (isSeq(ext) ? ext.items.map((i) => this.str(i as Node)) : [this.str(ext)]) : [];
      for (const n of [...names].reverse()) {
        const t = n === null ? null : this.get(root, n);
        if (t && isMap(t.node)) visit(t.node, depth + 1);
      }
    };
    visit(job, 0);
    return out;
  }

  private gitlabVariables(f: Found | null): CiEnv[] {
    if (!f || !isMap(f.node)) return [];
    const out: CiEnv[] = [];
    for (const p of f.node.items) {
      const name = this.str(p.key as Node);
      const v = this.found(p.value);
      if (name === null || !v) continue;
      if (isMap(v.node)) {
        const value = this.scalarValue(this.get(v.node, 'value')?.node);
        if (value === null) continue;
        const expand = this.get(v.node, 'expand')?.node.toJSON() !== false;
        out.push({ kind: expand ? 'expand' : 'literal', name, value: String(value), line: this.lineOf(p.key) });
      } else {
        const value = this.scalarValue(v.node);
        if (value !== null) out.push({ kind: 'expand', name, value: String(value), line: this.lineOf(p.key) });
      }
    }
    return out;
  }

  // ---- Travis CI ----

  travis(root: YAMLMap): CiJob[] {
    const phases = ['before_install', 'install', 'before_script', 'script', 'after_success', 'before_deploy', 'after_deploy', 'after_script'];
    const jobsNode = this.get(root, 'jobs') ?? this.get(root, 'matrix');
    const include = this.get(jobsNode, 'include');
    const env = this.get(root, 'env');
    const global = env && isMap(env.node) ? this.travisEnv(this.get(env.node, 'global')) : [];
    const matrix = env && isMap(env.node) ? this.travisEnvEntries(this.get(env.node, 'jobs') ?? this.get(env.node, 'matrix')) : env ? this.travisEnvEntries(env) : [];
    const variants: { name: string; line: number; map: YAMLMap | null; env: CiEnv[] }[] = [];
    if (include && isSeq(include.node) && include.node.items.length > 0) {
      include.node.items.forEach((raw, i) => {
        const entry = this.found(raw);
        if (!entry || !isMap(entry.node)) return;
        const label = this.str(this.get(entry.node, 'name')) ?? `jobs.include[${i}]`;
        variants.push({ name: label, line: this.lineOf(entry.node), map: entry.node, env: [...global, ...(matrix.length === 1 ? matrix[0] : []), ...this.travisEnvEntries(this.get(entry.node, 'env')).flat()] });
      });
    } else if (matrix.length > 1) {
      matrix.forEach((m, i) => variants.push({ name: `env[${i}]`, line: m[0]?.line ?? 1, map: null, env: [...global, ...m] }));
    } else {
      variants.push({ name: 'travis', line: 1, map: null, env: [...global, ...(matrix[0] ?? [])] });
    }
    return variants.map((v) => {
      const units: CiScriptUnit[] = [];
      for (const phase of phases) {
        const f = (v.map ? this.get(v.map, phase) : null) ?? this.get(root, phase);
        if (f) units.push(...this.scriptUnits(f, phase, phase === 'install' || phase === 'script' ? 'skip' : 'delete', v.name));
      }
      return { name: v.name, line: v.line, sessions: units.length > 0 ? [{ env: v.env, workdir: null, condition: null, shell: 'sh', units }] : [], unsupported: [] };
    });
  }

  private travisEnv(f: Found | null): CiEnv[] {
    return this.travisEnvEntries(f).flat();
  }

  /** `env:` entries: each a string of assignments (one build per entry in a matrix). */
  private travisEnvEntries(f: Found | null): CiEnv[][] {
    if (!f) return [];
    const items = isSeq(f.node) ? f.node.items : [f.node];
    const out: CiEnv[][] = [];
    for (const raw of items) {
      const e = this.found(raw);
      if (!e) continue;
      const v = this.scalarValue(e.node);
      if (v !== null) out.push([{ kind: 'shell', text: String(v), line: this.lineOf(e.node) }]);
    }
    return out;
  }

  // ---- scripts ----

  /** The scripts under a key: one scalar, a list of them, or nested lists (GitLab flattens them). */
  private scriptUnits(f: Found, key: string, whenEmpty: CiList['whenEmpty'], job: string): CiScriptUnit[] {
    if (isScalar(f.node)) {
      const u = this.unit(f, key, this.listOf(f, key, whenEmpty), null, job, f.viaAlias);
      return u ? [u] : [];
    }
    if (!isSeq(f.node)) return [];
    return this.seqUnits(f, key, this.listOf(f, key, whenEmpty), job, 0);
  }

  private seqUnits(f: Found, key: string, list: CiList, job: string, depth: number): CiScriptUnit[] {
    const out: CiScriptUnit[] = [];
    if (!isSeq(f.node) || depth > 10) return out;
    for (const raw of f.node.items) {
      const item = this.found(raw);
      if (!item) continue;
      const via = f.viaAlias || item.viaAlias;
      if (isScalar(item.node)) {
        const u = this.unit({ ...item, viaAlias: via }, key, list, this.itemOf(raw as Node, via), job, via);
        if (u) out.push(u);
      } else if (isSeq(item.node)) {
        const target = item.node.tag === '!reference' ? this.reference(item.node) : item;
        if (!target) continue;
        const nested = { ...target, viaAlias: via || item.node.tag === '!reference' };
        out.push(...this.seqUnits(nested, key, this.listOf(nested, key, 'refuse', true), job, depth + 1));
      }
    }
    return out;
  }

  /** `!reference [.job, key]`: the node it names. */
  private reference(seq: YAMLSeq): Found | null {
    let node: Node | null = this.doc.contents as Node;
    for (const part of seq.items) {
      const k = this.str(part as Node);
      const f: Found | null = k === null ? null : this.get(node, k);
      if (!f) return null;
      node = f.node;
    }
    return node ? { node, pair: null, viaAlias: true } : null;
  }

  private unit(f: Found, phase: string, list: CiList, item: CiItem | null, job: string, viaAlias: boolean): CiScriptUnit | null {
    if (!isScalar(f.node)) return null;
    const node = f.node;
    const known = this.units.get(node);
    if (known) {
      if (!known.jobs.includes(job)) known.jobs.push(job);
      return known;
    }
    const value = typeof node.value === 'string' ? node.value : node.value === null ? '' : String(node.value);
    const style = STYLES[node.type ?? ''];
    const range = node.range ?? [0, 0, 0];
    const parentIndent = (node.srcToken as { indent?: number } | undefined)?.indent ?? 0;
    const mapped = style ? mapScalar(this.text, style, range[0], range[1], parentIndent) : null;
    const scalar = mapped && (mapped.value === value || (typeof node.value !== 'string' && style === 'plain')) ? { ...mapped, value } : null;
    const u: CiScriptUnit = {
      id: this.nextId--,
      phase,
      line: this.lines.lineOf(scalar ? scalar.starts[0] : range[0]),
      value,
      scalar,
      at: range[0],
      list,
      item,
      jobs: [job],
      viaAlias,
      ownShell: false,
      stepId: null,
    };
    this.units.set(node, u);
    return u;
  }

  private listOf(f: Found, key: string, whenEmpty: CiList['whenEmpty'], nested = false): CiList {
    const known = this.lists.get(f.node);
    if (known) return known;
    const items = isSeq(f.node) ? f.node.items.map((i) => (isNode(i) ? (i.range?.[0] ?? -1) : -1)) : [];
    const keyNode = nested ? null : (f.pair?.key as Node | null | undefined) ?? null;
    const keyAt = keyNode?.range?.[0] ?? -1;
    const start = keyAt >= 0 ? this.lines.lineStart(this.lines.lineOf(keyAt)) : -1;
    const end = this.lastLineEnd(f.node);
    const list: CiList = {
      key,
      keyAt,
      start,
      end,
      deletable: keyAt >= 0 && !f.viaAlias && this.text.slice(start, keyAt).trim() === '' && !(isSeq(f.node) && f.node.flow),
      items,
      whenEmpty: nested ? 'refuse' : whenEmpty,
      column: keyAt - start,
    };
    this.lists.set(f.node, list);
    return list;
  }

  private itemOf(node: Node, viaAlias: boolean): CiItem | null {
    const at = node.range?.[0];
    if (at === undefined) return null;
    let i = at - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    const lineStart = this.lines.lineStart(this.lines.lineOf(at));
    const deletable = !viaAlias && this.text[i] === '-' && this.text.slice(lineStart, i).trim() === '';
    return { at, start: lineStart, end: this.lastLineEnd(node), deletable };
  }

  /** Offset past the line break of the node's last line of content. */
  private lastLineEnd(node: Node): number {
    let end = this.contentEnd(node);
    while (end > 0 && /\s/.test(this.text[end - 1])) end--;
    return this.lines.lineEndWithTerminator(this.lines.lineOf(Math.max(end - 1, 0)));
  }

  private contentEnd(node: Node): number {
    if (isMap(node) && !node.flow && node.items.length > 0) {
      const last = node.items[node.items.length - 1];
      const v = isNode(last.value) ? last.value : isNode(last.key) ? last.key : null;
      if (v) return this.contentEnd(v);
    }
    if (isSeq(node) && !node.flow && node.items.length > 0) {
      const last = node.items[node.items.length - 1];
      if (isNode(last)) return this.contentEnd(last);
    }
    return node.range?.[1] ?? 0;
  }

  // ---- helpers ----

  /** A key of a mapping (own pairs first, then `<<` merges); aliases resolved. */
  get(from: Where, key: string, depth = 0): Found | null {
    const node = this.nodeOf(from);
    if (!node || !isMap(node) || depth > 10) return null;
    for (const p of node.items) {
      if (this.str(p.key as Node) === key && p.value !== null) {
        const f = this.found(p.value);
        return f ? { ...f, pair: p } : null;
      }
    }
    for (const p of node.items) {
      if (this.str(p.key as Node) !== '<<') continue;
      const sources = isSeq(p.value) ? p.value.items : [p.value];
      for (const s of sources) {
        const src = this.found(s);
        const hit = src ? this.get(src.node, key, depth + 1) : null;
        if (hit) return { ...hit, pair: null, viaAlias: true };
      }
    }
    return null;
  }

  /** A node with aliases resolved; null for nothing. */
  private found(v: unknown): Found | null {
    if (isAlias(v)) {
      const target = v.resolve(this.doc);
      return target ? { node: target, pair: null, viaAlias: true } : null;
    }
    return isNode(v) ? { node: v, pair: null, viaAlias: false } : null;
  }

  /** The node behind a lookup result or a raw node, aliases resolved. */
  private nodeOf(w: Where): Node | null {
    if (!w) return null;
    if (!isNode(w) && 'node' in w) return w.node;
    return this.found(w)?.node ?? null;
  }

  private str(w: Where): string | null {
    const value = this.scalarValue(this.nodeOf(w));
    return value === null ? null : String(value);
  }

  private scalarValue(node: Node | null | undefined): string | number | boolean | null {
    if (!node || !isScalar(node)) return null;
    const v = (node as Scalar).value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  }

  private envMap(f: Found | null, kind: 'literal' | 'expand'): CiEnv[] {
    if (!f || !isMap(f.node)) return [];
    const out: CiEnv[] = [];
    for (const p of f.node.items) {
      const name = this.str(p.key as Node);
      const v = this.found(p.value);
      const value = v ? this.scalarValue(v.node) : null;
      if (name !== null && value !== null) out.push({ kind, name, value: String(value), line: this.lineOf(p.key) });
    }
    return out;
  }

  private lineOf(node: unknown): number {
    const at = isNode(node) ? node.range?.[0] : undefined;
    return at === undefined ? 1 : this.lines.lineOf(at);
  }
}

/** sh and bash (with their options) run the script as a POSIX shell; anything else is named. */
function posixShell(shell: string): string {
  const name = shell.trim().split(/\s+/)[0] ?? '';
  return /^(ba|da)?sh$/.test(baseName(name)) ? 'sh' : name;
}
