/** A builder pattern wherever it is written: build, then take files out or build on it. */
import assert from 'node:assert/strict';
import { patternsIn } from '../../../src/app/pipeline-evidence';
import { memoryRepo } from '../../../src/core/repo';

describe('app/pipeline-evidence: a builder pattern wherever it is written', () => {
  const repo = memoryRepo({ 'Dockerfile.run': 'FROM app-builder AS b\nFROM alpine\nCOPY --from=b /x /x\n' });
  const hows = (text: string, kind: 'shell' | 'make' | 'doc' = 'shell') => patternsIn(repo, 'build.sh', text, kind, 'glue').map((e) => `${e.build.line}>${e.use.line} ${e.use.subcommand}`);

  it('build then docker cp, a captured or mounting run, a stdin tar context, a build FROM the builder tag', () => {
    assert.deepEqual(hows('docker build -t b .\nid=$(docker create b)\ndocker cp "$id":/app ./app\n'), ['1>3 cp']);
    assert.deepEqual(hows('docker build -t b:latest .\ndocker run --rm b > app.tar\n'), ['1>2 run']);
    assert.deepEqual(hows('docker build -t b .\ndocker run --rm -v "$(pwd)/out:/out" b\n'), ['1>2 run']);
    assert.deepEqual(hows('docker build -t b . && docker run b | docker build -t app -\n'), ['1>1 build']);
    assert.deepEqual(hows('docker build -t app-builder -f Dockerfile.build .\ndocker build -t app -f Dockerfile.run .\n'), ['1>2 build']);
  });

  it('no pattern: a build alone, a run of an image built elsewhere, a detached run, a run to the terminal', () => {
    assert.deepEqual(hows('docker build -t app .\ndocker push app\n'), []);
    assert.deepEqual(hows('docker build -t app .\ndocker run --rm golang:1.22 go version > v.txt\n'), []);
    assert.deepEqual(hows('docker build -t app .\ndocker run -d -p 80:80 app\ndocker run --rm app npm test\n'), []);
  });
});
