/** No secret leaks: credential-like build args and ENV are warned about, refused when the runtime would carry them, and their values are never printed. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateRepository } from '../../src/app/migrate';
import { formatFinding } from '../../src/core/findings';
import { memoryRepo } from '../../src/core/repo';
import { openRepo } from '../../src/io/repo-fs';
import { loadShellParser, ShellParser } from '../../src/parse/shell/parser';
import { isSecretName, maskSecretValues } from '../../src/plan/secrets';
import { loadTemplates } from '../../src/render/templates';
import { runCli, sampleCopy } from '../helpers/cli';
import { listSamples } from '../helpers/samples';

describe('safety: secrets', function () {
  this.timeout(60000);
  let parser: ShellParser;
  before(async () => {
    parser = await loadShellParser();
  });
  const migrate = (files: Record<string, string>, buildkit = false) =>
    migrateRepository(memoryRepo(files), (t) => parser.parse(t), loadTemplates(), { dir: '', buildkit, keepLegacy: false });
  const codes = (o: ReturnType<typeof migrate>, severity?: string) => o.findings.filter((f) => !severity || f.severity === severity).map((f) => formatFinding(f).split(' ').slice(0, 2).join(' '));

  it('names that look like credentials, and names that do not', () => {
    for (const n of ['NPM_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'DB_PASSWORD', 'MYSQL_PASSWD', 'SECRET_KEY_BASE', 'API_KEY', 'apiKey', 'npmToken', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SESSION_TOKEN', 'SSH_PRIVATE_KEY', 'REGISTRY_CREDENTIALS', 'SIGNING_KEY', 'DB_PASS']) {
      assert.ok(isSecretName(n), n);
    }
    for (const n of ['KEYBOARD_LAYOUT', 'MONKEY', 'VERSION', 'GOPATH', 'PWD', 'PASSENGER_ENV', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'PUBLIC_KEY_URL', 'TOKENIZER_MODEL', 'NODE_ENV']) {
      assert.ok(!isSecretName(n), n);
    }
  });

  for (const sample of listSamples().filter((s) => (s.spec as { warnings?: string[] }).warnings)) {
    it(`${sample.name}: the warnings in sample.json`, () => {
      const o = migrateRepository(openRepo(join(sample.dir, 'input')), (t) => parser.parse(t), loadTemplates(), { dir: '', buildkit: false, keepLegacy: false });
      assert.deepEqual(codes(o, 'warning'), (sample.spec as { warnings?: string[] }).warnings);
    });
  }

  const GLUE = '#!/bin/sh\nset -e\ndocker build --build-arg NPM_TOKEN -f Dockerfile.build -t web-builder .\ndocker create --name web-x web-builder\ndocker cp web-x:/app/dist ./dist\ndocker rm web-x\ndocker build -t web .\n';
  const BUILDER = 'FROM node:20\nWORKDIR /app\nARG NPM_TOKEN\nCOPY . .\nRUN npm ci && npm run build\n';
  const RUNTIME = 'FROM nginx:1.25-alpine\nCOPY dist /usr/share/nginx/html\n';

  it('warns at the glue and Dockerfile lines; copying a build output is fine', () => {
    const o = migrate({ 'build.sh': GLUE, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.equal(o.status, 'migrate');
    assert.deepEqual(codes(o, 'warning'), ['Dockerfile.build:3: SECRET_IN_BUILDER', 'build.sh:3: SECRET_IN_BUILDER']);
  });

  it('ENV in the builder is a credential too; a name like KEYBOARD is not', () => {
    const o = migrate({ 'build.sh': GLUE.replace('--build-arg NPM_TOKEN ', ''), 'Dockerfile.build': 'FROM node:20\nENV KEYBOARD_LAYOUT=us\nENV DB_PASSWORD=changeme\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n', Dockerfile: RUNTIME });
    assert.deepEqual(codes(o, 'warning'), ['Dockerfile.build:3: SECRET_IN_BUILDER']);
    assert.ok(!o.findings.some((f) => f.message.includes('changeme')), 'a value was printed');
  });

  it('refuses when the runtime copies the folder the credential was used in, or a parent of it', () => {
    for (const src of ['/app', '/app/.']) {
      const o = migrate({ 'build.sh': GLUE.replace('/app/dist ./dist', `${src} ./dist`), 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
      assert.equal(o.status, 'refused', src);
      assert.deepEqual(codes(o, 'error'), ['build.sh:5: SECRET_IN_RUNTIME'], src);
    }
    // The whole root is refused before that: a copy of / has no exact form in a build step.
    const root = migrate({ 'build.sh': GLUE.replace('/app/dist ./dist', '/ ./dist'), 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.deepEqual(codes(root, 'error'), ['build.sh:5: EXTRACTION_UNSUPPORTED']);
  });

  it('refuses when the runtime starts FROM the builder image, and suggests a secret mount under --buildkit', () => {
    const files = { 'build.sh': '#!/bin/sh\ndocker build --build-arg NPM_TOKEN -f Dockerfile.build -t web-builder .\ndocker build -t web .\n', 'Dockerfile.build': BUILDER, Dockerfile: 'FROM web-builder\nRUN rm -rf /app/src\nCMD ["node", "/app/dist/server.js"]\n' };
    const o = migrate(files);
    assert.deepEqual(codes(o, 'error'), ['Dockerfile:1: SECRET_IN_RUNTIME']);
    const bk = migrate(files, true);
    assert.ok(bk.findings.some((f) => f.code === 'SECRET_IN_BUILDER' && /RUN --mount=type=secret,id=npm_token/.test(f.message)), bk.findings.map(formatFinding).join('\n'));
  });

  it('refuses a run-time -e whose value the glue spells out, instead of writing it into the Dockerfile', () => {
    const o = migrate({
      'build.sh': '#!/bin/sh\nTOKEN_VALUE=tok_0123456789abcdef\ndocker build -t tools -f Dockerfile.build .\ndocker run --rm -v "$PWD":/src -w /src -e GOPROXY_TOKEN="$TOKEN_VALUE" tools go build -o bin/app .\ndocker build -t app .\n',
      'Dockerfile.build': 'FROM golang:1.22\nWORKDIR /src\n',
      Dockerfile: 'FROM alpine:3.19\nCOPY bin/app /usr/local/bin/app\n',
    });
    assert.deepEqual(codes(o, 'error'), ['build.sh:4: SECRET_VALUE_COPIED']);
    assert.ok(!o.findings.some((f) => f.message.includes('tok_0123456789abcdef')));
  });

  it('masks the values of credential-like names and URL passwords in a printed command, keeps references and other values', () => {
    const cases: [string, string][] = [
      ['docker build --build-arg NPM_TOKEN=npm_abc -t x .', 'docker build --build-arg NPM_TOKEN=*** -t x .'],
      ['docker build --build-arg "NPM_AUTH=a b" --build-arg=API_KEY=\'k\' .', 'docker build --build-arg NPM_AUTH=*** --build-arg=API_KEY=*** .'],
      ['DB_PASSWORD=hunter2 docker build --build-arg DB_PASSWORD .', 'DB_PASSWORD=*** docker build --build-arg DB_PASSWORD .'],
      ['docker build --build-arg DATABASE_URL=postgres://app:pw@db:5432/x .', 'docker build --build-arg DATABASE_URL=postgres://app:***@db:5432/x .'],
      ['docker build --build-arg TOKEN=${TOKEN:-fallback} .', 'docker build --build-arg TOKEN=*** .'],
      // Nothing of the value is in the text: kept as written.
      ['docker build --build-arg NPM_TOKEN="$NPM_TOKEN" --build-arg GH_TOKEN=${GH_TOKEN} --build-arg PAT=$(cat .pat) .', 'docker build --build-arg NPM_TOKEN="$NPM_TOKEN" --build-arg GH_TOKEN=${GH_TOKEN} --build-arg PAT=$(cat .pat) .'],
      ['docker build --build-arg U=https://$USER:$PASS@host/x --build-arg VERSION=1.2 --build-arg AUTHOR=me .', 'docker build --build-arg U=https://$USER:$PASS@host/x --build-arg VERSION=1.2 --build-arg AUTHOR=me .'],
    ];
    for (const [command, shown] of cases) assert.equal(maskSecretValues(command), shown, command);
    assert.ok(isSecretName('NPM_AUTH') && isSecretName('BASIC_AUTH') && !isSecretName('AUTHOR'));
  });

  it('a credential value the glue spells out is not printed by explain, the reports, --yes or batch (only the patch keeps the glue\'s words)', () => {
    const LITERAL = 'npm_SPELLED_OUT_IN_GLUE_0123456789';
    const PASSWORD = 'pw_SPELLED_OUT_4242';
    const dirs: string[] = [];
    const copy = () => {
      const d = sampleCopy('node-npm-token-build-arg');
      const glue = readFileSync(join(d, 'build.sh'), 'utf8').replace('--build-arg NPM_TOKEN ', `--build-arg NPM_TOKEN=${LITERAL} --build-arg CACHE_URL=redis://cache:${PASSWORD}@cache:6379/0 `);
      writeFileSync(join(d, 'build.sh'), glue);
      // The runtime declares NPM_TOKEN too: the builder's is renamed, and must stay an ARG.
      writeFileSync(join(d, 'Dockerfile'), readFileSync(join(d, 'Dockerfile'), 'utf8').replace('FROM nginx:1.25-alpine\n', 'FROM nginx:1.25-alpine\nARG NPM_TOKEN\n'));
      dirs.push(d);
      return d;
    };
    try {
      const d = copy();
      const printed: string[] = [];
      for (const args of [['explain'], ['--dry-run', '--format', 'json'], ['--dry-run', '--format', 'markdown'], ['--explain', '--format', 'json']]) {
        const r = runCli([...args, d]);
        assert.ok(r.status === 0, `${args.join(' ')}: ${r.stderr}`);
        // A patch shows the glue's own words (it must apply): everything else is checked.
        const text = args.includes('json') ? JSON.stringify({ ...(JSON.parse(r.stdout) as object), patch: null }) : r.stdout.replace(/```diff[\s\S]*?```/g, '');
        printed.push(text, r.stderr);
      }
      assert.match(printed[0], /New build command: .*--build-arg BUILDER_NPM_TOKEN=\*\*\* --build-arg CACHE_URL=redis:\/\/cache:\*\*\*@cache:6379\/0/);
      const yes = runCli(['--yes', copy()]);
      assert.equal(yes.status, 0, yes.stderr);
      assert.match(yes.stderr, /now runs: .*BUILDER_NPM_TOKEN=\*\*\*/);
      printed.push(yes.stdout, yes.stderr);
      const report = join(mkdtempSync(join(tmpdir(), 'mm-report-')), 'r');
      const batch = runCli(['batch', '--no-progress', '--report', `${report}.json`, d]);
      const batchMd = runCli(['batch', '--no-progress', '--report', `${report}.md`, d]);
      assert.equal(batch.status, 0, batch.stderr);
      assert.equal(batchMd.status, 0, batchMd.stderr);
      const json = JSON.parse(readFileSync(`${report}.json`, 'utf8')) as { setups: { setup: { buildCommand: string }; patch: string }[] };
      assert.match(json.setups[0].setup.buildCommand, /BUILDER_NPM_TOKEN=\*\*\*/);
      printed.push(JSON.stringify(json.setups.map((s) => ({ ...s, patch: null }))), readFileSync(`${report}.md`, 'utf8').replace(/```diff[\s\S]*?```/g, ''), batch.stdout, batchMd.stdout);
      rmSync(join(report, '..'), { recursive: true, force: true });
      for (const text of printed) {
        assert.ok(!text.includes(LITERAL), `the token was printed:\n${text}`);
        assert.ok(!text.includes(PASSWORD), `the password was printed:\n${text}`);
      }
      // Kept an ARG: the credential is in no ENV line of the merged Dockerfile.
      const merged = readFileSync(join(dirs[1], 'Dockerfile'), 'utf8');
      assert.match(merged, /^ARG NPM_TOKEN=\$\{BUILDER_NPM_TOKEN\}$/m);
      assert.doesNotMatch(merged, /^ENV .*NPM_TOKEN/m);
    } finally {
      dirs.forEach((x) => rmSync(x, { recursive: true, force: true }));
    }
  });

  it('no output mode and no written file shows a credential value the tool worked out', () => {
    const LITERAL = 'npm_LITERAL_IN_GLUE_0123456789';
    const FROM_ENV = 'npm_FROM_ENVIRONMENT_9876543210';
    const dirs: string[] = [];
    const copy = () => {
      const d = sampleCopy('node-npm-token-build-arg');
      const glue = readFileSync(join(d, 'build.sh'), 'utf8').replace('set -eu\n', `set -eu\nNPM_TOKEN=${LITERAL}\n`).replace('--build-arg NPM_TOKEN ', '--build-arg NPM_TOKEN="$NPM_TOKEN" ');
      writeFileSync(join(d, 'build.sh'), glue);
      dirs.push(d);
      return { d, glueLines: new Set(glue.split('\n')) };
    };
    const env = { NPM_TOKEN: FROM_ENV };
    try {
      const { d, glueLines } = copy();
      const outputs: string[] = [];
      for (const args of [['--dry-run'], ['--dry-run', '--format', 'json'], ['--dry-run', '--format', 'markdown'], ['--explain'], ['--explain', '--format', 'json'], ['--check']]) {
        const r = runCli([...args, d], undefined, undefined, env);
        assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: ${r.stderr}`);
        outputs.push(r.stdout, r.stderr);
        for (const a of args.includes('json') ? [JSON.parse(r.stdout) as { patch?: string }] : []) outputs.push(a.patch ?? '');
      }
      const yes = copy();
      const r = runCli(['--yes', '--format', 'json', yes.d], undefined, undefined, env);
      assert.equal(r.status, 0, r.stderr);
      outputs.push(r.stdout, r.stderr, readFileSync(join(yes.d, 'Dockerfile'), 'utf8'), readFileSync(join(yes.d, 'build.sh'), 'utf8'));
      for (const text of outputs) {
        assert.ok(!text.includes(FROM_ENV), 'a value from the environment was printed');
        // The glue's own assignment line may show as it is (a patch's context); nothing the tool writes repeats the value.
        for (const line of text.split(/\n|\\n/)) {
          if (!line.includes(LITERAL)) continue;
          const bare = line.replace(/^[-+ ]/, '');
          assert.ok(glueLines.has(bare) || glueLines.has(bare.replace(/\\"/g, '"')), `the value shows up outside the glue's own line: ${line}`);
        }
      }
    } finally {
      dirs.forEach((x) => rmSync(x, { recursive: true, force: true }));
    }
  });
});
