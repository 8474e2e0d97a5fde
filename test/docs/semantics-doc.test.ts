/**
 * docs/docker-semantics.md is where the rule ids the code cites (`CP-7`, `IG-2`, …) are defined:
 * every id cited in src/, templates/, README.md or DEVELOPERS.md must have its entry there, and
 * every proof an entry names (a sample, a unit test) must exist, so the page cannot drift from
 * the repository without a failing test.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs/docker-semantics.md');
const RULE_ID = /\b[A-Z]{2}-[0-9]+\b/g;

/** Every text file below `dir` (recursively). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Rule id → the files (relative to the root) that cite it. */
function citedIds(): Map<string, string[]> {
  const files = [...filesUnder(join(ROOT, 'src')), ...filesUnder(join(ROOT, 'templates')), join(ROOT, 'README.md'), join(ROOT, 'DEVELOPERS.md')];
  const cited = new Map<string, string[]>();
  for (const file of files) {
    for (const id of new Set(readFileSync(file, 'utf8').match(RULE_ID) ?? [])) cited.set(id, [...(cited.get(id) ?? []), relative(ROOT, file)]);
  }
  return cited;
}

interface RuleEntry {
  id: string;
  heading: string;
  body: string;
}

/** The entries of the page: each starts with `<a id="xx-n"></a>` and its `### XX-N · …` heading. */
function ruleEntries(text: string): RuleEntry[] {
  const parts = text.split(/^<a id="([a-z]{2}-[0-9]+)"><\/a>\n/m);
  const out: RuleEntry[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const [heading, ...rest] = parts[i + 1].split('\n');
    out.push({ id: parts[i], heading, body: rest.join('\n').split(/^## /m)[0] });
  }
  return out;
}

/** The relative link targets of a Markdown text, resolved from docs/. */
function linkTargets(text: string): string[] {
  return [...text.matchAll(/\]\((\.\.\/[^)#\s]+)\)/g)].map((m) => resolve(dirname(DOC), m[1]));
}

describe('docs/docker-semantics.md', () => {
  const text = readFileSync(DOC, 'utf8');
  const entries = ruleEntries(text);

  it('defines every rule id cited in src/, templates/, README.md and DEVELOPERS.md', () => {
    const defined = new Set(entries.map((e) => e.id.toUpperCase()));
    const missing = [...citedIds()].filter(([id]) => !defined.has(id)).map(([id, files]) => `${id} (cited in ${files.join(', ')})`);
    assert.deepEqual(missing, []);
  });

  it('gives each rule one anchor, a heading with its id, a statement and a proof', () => {
    const ids = entries.map((e) => e.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate anchors');
    for (const e of entries) {
      assert.match(e.heading, new RegExp(`^### ${e.id.toUpperCase()} · \\S`), e.id);
      const proof = e.body.split('\n').filter((l) => l.startsWith('Proof: '));
      assert.equal(proof.length, 1, `${e.id}: one Proof line`);
      assert.ok(linkTargets(e.body.slice(e.body.indexOf('Proof: '))).length > 0, `${e.id}: the proof names a sample or a test`);
      assert.ok(e.body.replace(/^Proof: [\s\S]*$/m, '').trim().length > 40, `${e.id}: the rule is stated`);
    }
  });

  it('names only proofs that exist: samples with a sample.json, test files', () => {
    const broken: string[] = [];
    for (const target of linkTargets(text)) {
      const rel = relative(ROOT, target);
      if (rel.startsWith('samples/')) {
        if (!existsSync(join(target, 'sample.json'))) broken.push(rel);
      } else if (!existsSync(target) || !statSync(target).isFile()) broken.push(rel);
    }
    assert.deepEqual(broken, []);
  });

  it('a proof test file mentions the rule or exercises its module', () => {
    // A unit test named as proof must at least say which rule it checks, or be the test of a
    // module whose source cites the rule: a link to an unrelated test would prove nothing.
    const cited = citedIds();
    const unrelated: string[] = [];
    for (const e of entries) {
      const id = e.id.toUpperCase();
      for (const target of linkTargets(e.body).filter((t) => t.endsWith('.test.ts'))) {
        const test = readFileSync(target, 'utf8');
        const sources = [...test.matchAll(/from '((?:\.\.\/)+src\/[^']+)'/g)].map((m) => relative(ROOT, resolve(dirname(target), m[1])) + '.ts');
        const viaModule = sources.some((s) => (cited.get(id) ?? []).includes(s));
        if (!test.includes(id) && !viaModule) unrelated.push(`${id}: ${relative(ROOT, target)}`);
      }
    }
    assert.deepEqual(unrelated, []);
  });
});
