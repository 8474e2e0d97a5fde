import assert from 'node:assert/strict';
import { memoryRepo } from '../../../src/core/repo';
import { buildCitation } from '../../../src/plan/glue-citation';

const script = ['#!/bin/sh', 'dk() {', '  "$DOCKER" "$@"', '}', 'build() {', '  docker build -f Dockerfile.build -t b .', '}', 'dk build -f Dockerfile.build -t b .', 'build'].join('\n');
const repo = memoryRepo({ 'build.sh': script });
const call = (line: number) => ({ file: 'build.sh', line, chain: [], callee: { file: 'build.sh', chain: [], shares: true } });

describe('plan/glue-citation', () => {
  it('names the call of a wrapper that forwards "$@", not the wrapper body', () => {
    assert.equal(buildCitation({ file: 'build.sh', line: 3, endLine: 3, chain: [], calls: [call(8)] }, repo), 'build.sh:8');
  });
  it('names the line of a function body that writes the build itself', () => {
    assert.equal(buildCitation({ file: 'build.sh', line: 6, endLine: 6, chain: [], calls: [call(9)] }, repo), 'build.sh:6');
  });
  it('names the line itself when no call led there', () => {
    assert.equal(buildCitation({ file: 'build.sh', line: 8, endLine: 8, chain: [] }, repo), 'build.sh:8');
  });
});
