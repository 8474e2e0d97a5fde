/**
 * The benchmark's floor, per repository: read the files a migration reads — every Dockerfile
 * and every script or Makefile — and parse every Dockerfile with dockerfile-ast and every shell
 * script with the project's shell parser. Nothing else: no glue interpretation, no planning,
 * no rendering, no diff.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveJobs } from '../src/batch/pool';
import type { RepoJob } from '../src/batch/types';
import { loadShellParser } from '../src/parse/shell/parser';

const DOCKERFILE = /dockerfile/i;
const MAKEFILE = /^(GNUmakefile|makefile|Makefile)$|\.mk$/;
const SCRIPT = /\.(sh|bash)$/;
const SHEBANG = /^#!\s*\S*(\/|\s)(ba|da|k|z)?sh\b/;
const SKIP = new Set(['.git', 'node_modules', '.multistage-migrate-backup']);

export interface FloorResult {
  dockerfiles: number;
  scripts: number;
  makefiles: number;
  bytes: number;
}

serveJobs<RepoJob, FloorResult>(async () => {
  const shell = await loadShellParser();
  return (job) => {
    const r: FloorResult = { dockerfiles: 0, scripts: 0, makefiles: 0, bytes: 0 };
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (SKIP.has(e.name)) continue;
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          walk(path);
          continue;
        }
        if (!e.isFile()) continue;
        const docker = DOCKERFILE.test(e.name);
        const make = MAKEFILE.test(e.name);
        const script = SCRIPT.test(e.name) || !e.name.includes('.');
        if (!docker && !make && !script) continue;
        const text = readFileSync(path, 'utf8');
        r.bytes += text.length;
        if (docker) {
          DockerfileParser.parse(text);
          r.dockerfiles++;
        } else if (make) {
          r.makefiles++;
        } else if (SCRIPT.test(e.name) || SHEBANG.test(text)) {
          shell.parse(text);
          r.scripts++;
        }
      }
    };
    walk(job.root);
    return r;
  };
});
