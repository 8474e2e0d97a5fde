import assert from 'node:assert/strict';
import { loadTemplates } from '../../../src/render/templates';

describe('render/templates', () => {
  const t = loadTemplates();

  it('copyLine: keyword, --from, --chown, other flags, sources, dest', () => {
    assert.equal(t.copyLine({ keyword: 'COPY', from: 'builder', chown: '0:0', flags: ['--chmod=755'], sources: ['/a', '/b'], dest: '/d/', json: false }), 'COPY --from=builder --chown=0:0 --chmod=755 /a /b /d/');
    assert.equal(t.copyLine({ keyword: 'ADD', from: null, chown: null, flags: [], sources: ['x'], dest: '/y', json: false }), 'ADD x /y');
  });

  it('copyLine: a word with a space makes the JSON form (the plain form would split it into two sources)', () => {
    assert.equal(t.copyLine({ keyword: 'COPY', from: 'builder', chown: '0:0', flags: [], sources: ['/a', '/b c'], dest: '/d/', json: false }), 'COPY --from=builder --chown=0:0 ["/a", "/b c", "/d/"]');
  });

  it('copyLine: JSON form, raw (no HTML escaping)', () => {
    assert.equal(t.copyLine({ keyword: 'COPY', from: 'b&c', chown: null, flags: [], sources: ['a <b>', 'x"y'], dest: '/d/', json: true }), 'COPY --from=b&c ["a <b>", "x\\"y", "/d/"]');
  });

  it('helperStage: a comment, FROM … AS, the COPY lines, one RUN with && continuations, USER 0 when needed', () => {
    const text = t.helperStage({ name: 'b-export', base: 'b', root: '/export', copies: [], commands: ['mkdir -p /export', 'cp -a /app/dist /export/dist'], asRoot: true, reason: 'why' }, []);
    assert.equal(text, '# Stage "b-export": why.\nFROM b AS b-export\nUSER 0\nRUN mkdir -p /export \\\n    && cp -a /app/dist /export/dist');
    const scratch = t.helperStage({ name: 'ctx', base: 'scratch', root: '/', copies: [], commands: [], asRoot: false, reason: 'r' }, ['COPY --from=b /x /x']);
    assert.equal(scratch, '# Stage "ctx": r.\nFROM scratch AS ctx\nCOPY --from=b /x /x');
  });

  it('builderHeader names the stage(s), the old file and the glue line', () => {
    assert.equal(t.builderHeader({ stage: 'b', stages: 1, dockerfile: 'Dockerfile.build', glue: 'build.sh:3' }), '# Stage "b": formerly Dockerfile.build, built by build.sh:3.');
    assert.match(t.builderHeader({ stage: 'b', stages: 2, dockerfile: 'Dockerfile.build', glue: 'build.sh:3' }), /Dockerfile\.build.*build\.sh:3.*"b"/);
  });
});
