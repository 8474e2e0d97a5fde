/** Engine commands by any name, wherever written: what makes a file glue, and what a builder pattern looks like. */
import assert from 'node:assert/strict';
import { EngineCommand, engineCommands, runsImageBuild } from '../../../src/app/engine-commands';

const brief = (cs: EngineCommand[]) => cs.map((c) => `${c.line} ${c.tool} ${c.subcommand}`);

describe('app/engine-commands: finding glue by what it runs', () => {
  it('the engine by any name: $(DOCKER) with DOCKER ?= docker, sudo -E docker, podman, a variable named for it, a path', () => {
    assert.equal(runsImageBuild('DOCKER ?= docker\nall:\n\t$(DOCKER) build -t app .\n', 'make'), true);
    assert.equal(runsImageBuild('DOCKER := sudo docker\nall:\n\t@$(DOCKER) image build -t app .\n', 'make'), true);
    assert.equal(runsImageBuild('#!/bin/sh\nsudo -E docker build -t app .\n', 'shell'), true);
    assert.equal(runsImageBuild('#!/bin/sh\npodman build -t app -f Containerfile .\n', 'shell'), true);
    assert.equal(runsImageBuild('#!/bin/sh\n$DOCKER build -t app .\n', 'shell'), true);
    assert.equal(runsImageBuild('#!/bin/sh\nDOCKER=${DOCKER:-docker}\n"$DOCKER" buildx build -t app .\n', 'shell'), true);
    assert.equal(runsImageBuild('#!/bin/sh\n/usr/bin/docker build .\n', 'shell'), true);
    assert.equal(runsImageBuild('#!/bin/sh\n$cmd docker build .\n', 'shell'), true);
  });

  it('a wrapper function, and a command split over lines', () => {
    assert.equal(runsImageBuild('#!/bin/bash\nd() {\n  sudo docker "$@"\n}\nd build -t app .\n', 'shell'), true);
    assert.equal(runsImageBuild('#!/bin/bash\nrun_docker() { command docker "$@"; }\nrun_docker build .\n', 'shell'), true);
    assert.equal(runsImageBuild('#!/bin/sh\ndocker \\\n  build \\\n  -t app .\n', 'shell'), true);
    // A make continuation keeps its flags (only the tab is make's).
    const [c] = engineCommands('all:\n\tdocker build \\\n\t\t-t app \\\n\t\t-f Dockerfile.build \\\n\t\t.\n', 'make');
    assert.deepEqual([c.line, c.endLine, c.tags, c.dockerfile, c.context], [2, 5, ['app'], 'Dockerfile.build', '.']);
  });

  it('not glue: compose builds, messages, comments, heredoc usage text, buildctl alone', () => {
    assert.equal(runsImageBuild('test:\n\tdocker-compose -f t.yml up --build test\n', 'make'), false);
    assert.equal(runsImageBuild('#!/bin/sh\ndocker compose build\n', 'shell'), false);
    assert.equal(runsImageBuild('#!/bin/sh\necho "docker build failed"\n', 'shell'), false);
    assert.equal(runsImageBuild('# The docker build steps live in build.sh.\nimage:\n\t./build.sh\n', 'make'), false);
    assert.equal(runsImageBuild('#!/bin/sh\ncat <<EOF\nusage: docker build -t x .\nEOF\n', 'shell'), false);
    assert.equal(runsImageBuild('#!/bin/sh\nbuildctl build --frontend dockerfile.v0 --local context=.\n', 'shell'), false);
  });

  it('pipes, redirections and mounts', () => {
    const cs = engineCommands('docker run --rm b > out.tar 2>/dev/null\ndocker run b | docker build -t app -\ndocker run -v "$PWD/out:/out" b\ndocker run -v cache:/root/.m2 b >&2\n', 'shell');
    assert.deepEqual(
      cs.map((c) => [c.subcommand, c.image, c.stdout, c.bindMount, c.context]),
      [
        ['run', 'b', 'file', false, null],
        ['run', 'b', 'pipe', false, null],
        ['build', null, null, false, '-'],
        ['run', 'b', null, true, null],
        ['run', 'b', null, false, null],
      ],
    );
    assert.equal(cs[2].producer, cs[1]);
  });

  it('READMEs: code blocks, indented and prompted lines, code spans; Dockerfiles: comments only', () => {
    const readme = 'Build it:\n\n    docker build -t b .\n\nthen (`docker run b > app.tar`).\n\n```sh\n$ docker build -t app .\n```\nWe never docker build in prose.\n';
    assert.deepEqual(brief(engineCommands(readme, 'doc')), ['3 docker build', '5 docker run', '8 docker build']);
    const dockerfile = '# First:\n#   docker build -t b -f Dockerfile.build .\n# then\n#   docker run b | docker build -t app -f Dockerfile.run -\nFROM alpine\nRUN docker build .\n';
    assert.deepEqual(brief(engineCommands(dockerfile, 'dockerfile')), ['2 docker build', '4 docker run', '4 docker build']);
  });
});
