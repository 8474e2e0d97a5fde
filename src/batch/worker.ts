/**
 * A batch worker thread: loads the bash grammar and the templates once, then migrates the
 * repositories it is sent, one at a time.
 */
import { workerData } from 'node:worker_threads';
import { gitTimeoutMs, setGitTimeout } from '../io/git';
import { loadShellParser } from '../parse/shell/parser';
import { loadTemplates } from '../render/templates';
import { serveJobs } from './pool';
import { runRepository, writeRepository } from './run-repository';
import type { BatchSettings, RepoJob, RepoResult } from './types';

serveJobs<RepoJob, RepoResult>(async () => {
  const parser = await loadShellParser();
  const templates = loadTemplates();
  const settings = workerData as BatchSettings;
  // A git that blocks would hold this thread past the repository's limit: it gets no more than that.
  if (settings.timeoutMs) setGitTimeout(Math.min(settings.timeoutMs, gitTimeoutMs()));
  const ctx = { parser, templates, settings };
  return (job) => (settings.mode === 'write' ? writeRepository(job, ctx) : runRepository(job, ctx));
});
