/** No secret leaks: credential-like build args and ENV are warned about, refused when the runtime would carry them, and their values are never printed. */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateRepository } from '../../src/app/migrate';
import { formatFinding } from '../../src/core/findings';
import { memoryRepo } from '../../src/core/repo';
import { openRepo } from '../../src/io/repo-fs';
import { loadShellParser, ShellParser } from '../../src/parse/shell/parser';
import { isSecretName } from '../../src/plan/secrets';
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
