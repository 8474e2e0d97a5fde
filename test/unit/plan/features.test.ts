/** Dockerfile features that decide how the merged file can be built (FE-1, VO-1, XA-1). */
import assert from 'node:assert/strict';
import { builderWarnings, buildkitOnlyFeatures } from '../../../src/plan/features';
import { parseDockerfile } from '../../../src/parse/dockerfile';
import { codes } from '../support/harness';

const model = (text: string) => parseDockerfile('Dockerfile.build', text);

describe('plan/features', () => {
  it('FE-1: RUN --mount/--network/--security, COPY/ADD --chmod/--link/… and heredocs need BuildKit, each at its line', () => {
    const m = model(['FROM golang:1.22', 'RUN --mount=type=cache,target=/root/.cache go build .', 'COPY --chmod=755 a /a', 'ADD --link b /b', 'RUN <<EOF', 'echo hi', 'EOF', 'COPY --chown=1:1 c /c', 'RUN --network=none true', ''].join('\n'));
    assert.deepEqual(buildkitOnlyFeatures(m), [
      { what: 'RUN --mount', line: 2 },
      { what: 'COPY --chmod', line: 3 },
      { what: 'ADD --link', line: 4 },
      { what: 'the heredoc in RUN', line: 5 },
      { what: 'RUN --network', line: 9 },
    ]);
  });

  it('FE-1: what both builders accept is not flagged', () => {
    assert.deepEqual(buildkitOnlyFeatures(model('FROM alpine:3.19\nCOPY --chown=1:1 --from=b /a /a\nRUN echo ok\n')), []);
  });

  it('VO-1 and XA-1: a builder VOLUME and a setcap in a RUN are warnings at their lines', () => {
    const f = builderWarnings(model('FROM golang:1.22\nVOLUME /cache\nRUN go build -o /app . \\\n && setcap cap_net_bind_service+ep /app\nRUN echo setcapacity\n'));
    assert.deepEqual(codes(f), ['Dockerfile.build:2 BUILDER_VOLUME', 'Dockerfile.build:3 CAPABILITIES_IN_BUILDER']);
    assert.ok(f.every((x) => x.severity === 'warning'));
  });
});
