import assert from 'node:assert/strict';
import { FINDING_CATALOGUE, finding, formatFinding, hasErrors, sortFindings } from '../../../src/core/findings';

describe('core/findings', () => {
  it('a finding takes its severity from the catalogue', () => {
    assert.equal(finding('LEGACY_CP_FAILS', 'm', { file: 'build.sh', line: 3 }).severity, 'error');
    assert.equal(finding('ARTIFACT_NOT_CONSUMED', 'm', null).severity, 'warning');
    assert.equal(finding('ARG_RENAMED', 'm', null).severity, 'info');
    for (const [code, entry] of Object.entries(FINDING_CATALOGUE)) {
      assert.ok(['error', 'warning', 'info'].includes(entry.severity), code);
      assert.match(code, /^[A-Z][A-Z_]+$/);
    }
  });

  it('hasErrors only counts errors', () => {
    assert.equal(hasErrors([finding('ARG_RENAMED', 'm', null), finding('BUILDER_VOLUME', 'm', null)]), false);
    assert.equal(hasErrors([finding('ARG_RENAMED', 'm', null), finding('GLUE_PARSE_ERROR', 'm', null)]), true);
    assert.equal(hasErrors([]), false);
  });

  it('formatFinding: file:line: CODE message, or CODE message without a place', () => {
    assert.equal(formatFinding(finding('LEGACY_CP_FAILS', 'fails', { file: 'build.sh', line: 7 })), 'build.sh:7: LEGACY_CP_FAILS fails');
    assert.equal(formatFinding(finding('NO_BUILDER_PATTERN', 'none', null)), 'NO_BUILDER_PATTERN none');
  });

  it('sortFindings: by file, line, then code; repository-wide ones first; the input is not changed', () => {
    const input = [
      finding('PATH_OUTSIDE_REPOSITORY', '', { file: 'build.sh', line: 9 }),
      finding('GLUE_LOOP_DOCKER', '', { file: 'build.sh', line: 9 }),
      finding('ARG_RENAMED', '', { file: 'Dockerfile.build', line: 1 }),
      finding('NO_BUILDER_PATTERN', '', null),
      finding('LEGACY_CP_FAILS', '', { file: 'build.sh', line: 10 }),
      finding('ESCAPE_MISMATCH', '', { file: 'build.sh', line: 2 }),
    ];
    const before = input.map((f) => f.code);
    assert.deepEqual(sortFindings(input).map((f) => `${f.location?.file ?? ''}:${f.location?.line ?? 0} ${f.code}`), [
      ':0 NO_BUILDER_PATTERN',
      'Dockerfile.build:1 ARG_RENAMED',
      'build.sh:2 ESCAPE_MISMATCH',
      'build.sh:9 GLUE_LOOP_DOCKER',
      'build.sh:9 PATH_OUTSIDE_REPOSITORY',
      'build.sh:10 LEGACY_CP_FAILS',
    ]);
    assert.deepEqual(input.map((f) => f.code), before);
  });
});
