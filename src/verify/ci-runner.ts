/**
 * CI files as glue, run the way the CI would for verify: the chosen job's shell sessions in
 * order, each with its variables and directory (GitHub: a shell per `run:` step; GitLab and
 * Travis: one shell for the job's scripts). GitHub `${{ … }}` expressions become one fixed
 * word, the same in both runs, so tags and paths built from them match.
 */
import type { CiFile, CiSession } from '../parse/ci-yaml';
import { shellQuoted as shellQuote } from '../core/quote';

export function ciJobScript(file: CiFile, jobName: string): string | null {
  const job = file.jobs.find((j) => j.name === jobName);
  if (!job) return null;
  const lines = ['#!/bin/bash', `# ${file.path}, job ${jobName}, as multistage-migrate verify runs it.`, 'set -e', ...predefined(file.flavor)];
  for (const session of job.sessions) {
    if (session.shell !== 'sh' || session.condition) continue;
    lines.push('(', ...sessionLines(session), ')');
  }
  return `${lines.join('\n')}\n`;
}

/** The CI's own variables a job commonly uses in tags and paths, with fixed stand-in values. */
function predefined(flavor: CiFile['flavor']): string[] {
  const vars: Record<string, string> =
    flavor === 'gitlab'
      ? { CI: 'true', GITLAB_CI: 'true', CI_PROJECT_DIR: '$PWD', CI_PROJECT_NAME: 'project', CI_PROJECT_PATH: 'group/project', CI_REGISTRY: 'registry.example.com', CI_REGISTRY_IMAGE: 'registry.example.com/group/project', CI_COMMIT_SHA: '0123456789abcdef0123456789abcdef01234567', CI_COMMIT_SHORT_SHA: '01234567', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_REF_SLUG: 'main', CI_COMMIT_BRANCH: 'main', CI_PIPELINE_ID: '1', CI_JOB_ID: '1' }
      : flavor === 'travis'
        ? { CI: 'true', TRAVIS: 'true', TRAVIS_BUILD_DIR: '$PWD', TRAVIS_BUILD_NUMBER: '1', TRAVIS_JOB_NUMBER: '1.1', TRAVIS_COMMIT: '0123456789abcdef0123456789abcdef01234567', TRAVIS_BRANCH: 'main', TRAVIS_REPO_SLUG: 'example/project', TRAVIS_TAG: '' }
        : { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: '$PWD', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_REF_NAME: 'main', GITHUB_RUN_NUMBER: '1', GITHUB_REPOSITORY: 'example/project' };
  return Object.entries(vars).map(([k, v]) => `export ${k}="\${${k}-${v}}"`);
}

function sessionLines(session: CiSession): string[] {
  const out: string[] = [];
  for (const e of session.env) {
    if (e.kind === 'shell') out.push(expressions(e.text));
    else if (e.kind === 'literal') out.push(`export ${e.name}=${shellQuote(expressions(e.value))}`);
    else out.push(`export ${e.name}="${expressions(e.value).replace(/\$\$/g, '\\$').replace(/["`\\]/g, '\\$&')}"`);
  }
  if (session.workdir) out.push(`cd ${shellQuote(session.workdir)}`);
  for (const u of session.units) out.push(expressions(u.value));
  return out;
}

function expressions(text: string): string {
  return text.replace(/\$\{\{[^}]*\}\}/g, 'ci-expression');
}

