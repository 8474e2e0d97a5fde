import assert from 'node:assert/strict';
import { descendantsFirst, describeDrift, KEEP_REPOSITORY, normalizeRef, parseImageListing, shortId, type EngineState } from '../../../src/verify/engine-state';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

function state(tags: Record<string, string>, containers: string[] = []): EngineState {
  return { tags: new Map(Object.entries(tags)), imageIds: new Set(Object.values(tags)), containers: new Set(containers) };
}

describe('verify/engine-state', () => {
  it('reads `docker images` lines, leaving out untagged images and keep tags', () => {
    const listing = [`alpine:3.19 ${A}`, `<none>:<none> ${B}`, `app:<none> ${B}`, `${KEEP_REPOSITORY}:12-aaaaaaaaaaaa ${A}`, `localhost:5000/x/app:v1 ${B}`, ''].join('\n');
    assert.deepEqual(
      parseImageListing(listing),
      new Map([
        ['alpine:3.19', A],
        ['localhost:5000/x/app:v1', B],
      ]),
    );
  });

  it('spells references the way docker images does', () => {
    assert.equal(normalizeRef('app'), 'app:latest');
    assert.equal(normalizeRef('docker.io/library/alpine:3.19'), 'alpine:3.19');
    assert.equal(normalizeRef('docker.io/acme/app'), 'acme/app:latest');
    assert.equal(normalizeRef('localhost:5000/app'), 'localhost:5000/app:latest');
    assert.equal(normalizeRef('localhost:5000/app:v2'), 'localhost:5000/app:v2');
  });

  it('does not take image ids or digests for tags', () => {
    assert.equal(normalizeRef('0123456789ab'), null);
    assert.equal(normalizeRef(A), null);
    assert.equal(normalizeRef('app@sha256:0123'), null);
  });

  it('shortens ids as docker images shows them', () => {
    assert.equal(shortId(A), 'aaaaaaaaaaaa');
  });

  it('reports tags and containers that changed without a recorded cause', () => {
    const before = state({ 'app:1': A, 'gone:1': A }, ['c1']);
    const after = state({ 'app:1': B, 'new:1': B }, ['c1', 'c2']);
    assert.deepEqual(describeDrift(before, after), [
      'tag app:1 now points at bbbbbbbbbbbb (was aaaaaaaaaaaa); changed by something verify did not record, left as it is',
      'tag gone:1 is gone (was aaaaaaaaaaaa); changed by something verify did not record, left as it is',
      'tag new:1 (bbbbbbbbbbbb) appeared during the run, not through the docker wrapper; left alone',
      'container c2 appeared during the run, not through the docker wrapper; left alone',
    ]);
    assert.deepEqual(describeDrift(before, before), []);
  });

  it('finds the images a run made and their descendants, children first', () => {
    const id = (c: string) => `sha256:${c.repeat(64)}`;
    const images = [
      { id: id('1'), parent: '', tagged: false },
      { id: id('2'), parent: id('1'), tagged: false },
      { id: id('4'), parent: id('3'), tagged: false },
      { id: id('3'), parent: id('2'), tagged: true },
      { id: id('9'), parent: id('8'), tagged: false },
    ];
    assert.deepEqual(
      descendantsFirst(images, ['222222222222']).map((image) => image.id),
      [id('4'), id('3'), id('2')],
    );
    assert.deepEqual(descendantsFirst(images, []), []);
  });
});
