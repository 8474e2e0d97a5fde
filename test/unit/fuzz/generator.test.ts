/**
 * The differential fuzzer's generator (scripts/fuzz-docker): the same seed gives the same
 * repository; the seeds cover every kind of glue, artifact, extraction, destination and COPY
 * form; every generated pipeline is well formed (Dockerfiles valid, the glue parses in its
 * kind) and is recognised by the tool as a builder pattern (migrated or refused, never "nothing
 * to do"); forcing a choice (what shrinking does) keeps the case consistent.
 */
import { strict as assert } from 'node:assert';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';
import { migrateRepository } from '../../../src/app/migrate';
import { memoryRepo } from '../../../src/core/repo';
import { loadShellParser, type ShellParser } from '../../../src/parse/shell/parser';
import { loadTemplates, type Templates } from '../../../src/render/templates';
import { generateCase, type FuzzCase } from '../../../scripts/fuzz-docker/generate';

const SEEDS = Array.from({ length: 150 }, (_, i) => i);

function valueOf(c: FuzzCase, name: string): string | boolean | undefined {
  return c.choices.find((x) => x.name === name)?.value;
}

function glueText(c: FuzzCase): string {
  return c.files['build.sh']?.text ?? c.files.Makefile?.text ?? c.files['.github/workflows/image.yml'].text;
}

describe('fuzz generator', function () {
  this.timeout(120_000);
  let parser: ShellParser;
  let templates: Templates;
  before(async () => {
    parser = await loadShellParser();
    templates = loadTemplates();
  });

  it('gives the same repository and shape for the same seed, and different ones across seeds', () => {
    for (const seed of [0, 7, 123456789]) assert.deepEqual(generateCase(seed), generateCase(seed));
    const distinct = new Set(SEEDS.map((s) => JSON.stringify(generateCase(s).files)));
    assert.ok(distinct.size > SEEDS.length * 0.95, `only ${distinct.size} distinct repositories in ${SEEDS.length} seeds`);
  });

  it('covers every glue kind, artifact, extraction, destination form, COPY form and tar use', () => {
    const seen = new Map<string, Set<string>>();
    const options = new Map<string, Set<string>>();
    for (let seed = 0; seed < 600; seed++) {
      for (const c of generateCase(seed).choices) {
        if (!seen.has(c.name)) (seen.set(c.name, new Set()), options.set(c.name, new Set()));
        seen.get(c.name)!.add(String(c.value));
        for (const o of c.options) options.get(c.name)!.add(String(o));
      }
    }
    for (const name of ['glue', 'artifact', 'extraction', 'dest', 'copy', 'tar-use', 'handle', 'mount-cp', 'cmd-form', 'chown', 'mode', 'owner']) {
      const missing = [...options.get(name)!].filter((o) => !seen.get(name)!.has(o));
      assert.deepEqual(missing, [], `${name}: never generated`);
    }
  });

  it('writes valid Dockerfiles, and glue that parses in its kind', () => {
    for (const seed of SEEDS) {
      const c = generateCase(seed);
      for (const name of ['Dockerfile', 'Dockerfile.build']) {
        const text = c.files[name].text;
        assert.ok(DockerfileParser.parse(text).getInstructions().length > 0);
        const errors = validate(text).filter((d) => d.severity === 1);
        assert.deepEqual(errors.map((d) => d.message), [], `seed ${seed} ${name}`);
      }
      const glue = glueText(c);
      assert.match(glue, /docker build -t mmfuzz-builder -f Dockerfile\.build \./, `seed ${seed}`);
      assert.match(glue, /docker build -t mmfuzz[ .]/, `seed ${seed}`);
      if (c.glueKind === 'make') {
        for (const line of glue.split('\n').filter((l) => l.startsWith('\t'))) {
          // Every $ of the shell is doubled for make; $(CURDIR) is make's own.
          assert.doesNotMatch(line.replace(/\$\$|\$\(CURDIR\)/g, ''), /\$/, `seed ${seed}: ${line}`);
        }
        assert.doesNotMatch(glue, /^ +docker/m, 'recipe lines start with a tab');
      } else if (c.glueKind === 'github') {
        const doc = parseYaml(glue) as { jobs: { image: { steps: { run?: string }[] } } };
        const runs = doc.jobs.image.steps.flatMap((s) => (s.run ? [s.run] : []));
        assert.equal(runs.length, 3);
        for (const run of runs) assert.equal(parser.parse(run).error, null, `seed ${seed}: ${run}`);
      } else {
        assert.equal(parser.parse(glue).error, null, `seed ${seed}:\n${glue}`);
        assert.equal(c.files['build.sh'].mode, 0o755);
      }
    }
  });

  it('extracts what the builder makes: every docker cp or run names a path under /out', () => {
    for (const seed of SEEDS) {
      const c = generateCase(seed);
      const builder = c.files['Dockerfile.build'].text;
      const words = glueText(c) + (/^CMD .*/m.exec(builder)?.[0] ?? '');
      const named = /\/out\/[\w.-]+/.exec(words)?.[0] ?? /-C"?,? "?\/out"?,? "?([\w.-]+)/.exec(words)?.[1]?.replace(/^/, '/out/');
      assert.ok(named, `seed ${seed}: no /out path is extracted`);
      const made = new RegExp(`(mkdir -p|cp app\\.txt|ln -s \\S+|tar -cf) ${named.replace(/[.]/g, '\\.')}(\\s|/|$)`, 'm');
      assert.match(builder, made, `seed ${seed}: ${named} is not made by the builder`);
    }
  });

  it('is recognised by the tool: every case migrates or is refused, none is "nothing to do" or a crash', () => {
    const statuses = new Map<string, number>();
    for (const seed of SEEDS) {
      const c = generateCase(seed);
      const outcome = migrateRepository(memoryRepo(c.files), (t) => parser.parse(t), templates, { dir: '', buildkit: false, keepLegacy: false });
      assert.ok(outcome.status === 'migrate' || outcome.status === 'refused', `seed ${seed} (${c.shape}): ${outcome.status}`);
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
    }
    // A generator whose cases are mostly refused would test little of the migration.
    assert.ok((statuses.get('migrate') ?? 0) > SEEDS.length * 0.7, JSON.stringify([...statuses]));
  });

  it('keeps a case consistent when a choice is forced, and ignores a value the choice does not offer', () => {
    for (const seed of SEEDS.slice(0, 40)) {
      const made = generateCase(seed, { glue: 'make' });
      assert.equal(made.glueKind, 'make');
      assert.ok(made.files.Makefile && !made.files['build.sh']);
      assert.doesNotMatch(made.files.Makefile.text, /\$\$id/, 'make has no container id variable across lines');
      assert.equal(valueOf(generateCase(seed, { glue: 'nonsense' }), 'glue'), valueOf(generateCase(seed), 'glue'));
      // Forcing a later choice leaves the earlier ones as they were drawn.
      const forced = generateCase(seed, { user: 'none' });
      assert.equal(valueOf(forced, 'artifact'), valueOf(generateCase(seed), 'artifact'));
      assert.equal(valueOf(forced, 'user'), 'none');
    }
  });
});
