/**
 * A batch worker thread: loads the bash grammar and the templates once, then migrates the
 * repositories it is sent, one at a time.
 */
import { workerData } from 'node:worker_threads';
import { loadShellParser } from '../parse/shell/parser';
import { loadTemplates } from '../render/templates';
import { serveJobs } from './pool';
import { runRepository } from './run-repository';
import type { BatchSettings, RepoJob, RepoResult } from './types';

serveJobs<RepoJob, RepoResult>(async () => {
  const parser = await loadShellParser();
  const templates = loadTemplates();
  const settings = workerData as BatchSettings;
  return (job) => runRepository(job, { parser, templates, settings });
});
