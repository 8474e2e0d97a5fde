/**
 * A glue script of an in-memory repository read the way the planner reads it: its steps, the
 * Dockerfile of each build and the roles of the builds, for tests of the infer/ and plan/
 * modules that take those as input.
 */
import type { GlueInterpretation } from '../../../src/app/glue';
import { interpretGlue } from '../../../src/app/glue';
import { memoryRepo, RepoView } from '../../../src/core/repo';
import type { BuildStep, GlueStep } from '../../../src/interpret/events';
import { RolesResult, assignRoles } from '../../../src/infer/roles';
import { DockerfileModel, parseDockerfile } from '../../../src/parse/dockerfile';
import { Files, parseShell } from './harness';

export interface ReadGlue {
  repo: RepoView;
  glue: GlueInterpretation;
  steps: readonly GlueStep[];
  dockerfileOf: (b: BuildStep) => DockerfileModel | null;
  roles: RolesResult;
}

/** Interprets `entry` of `files` (call loadParser() in a before hook first) and assigns the roles. */
export function readGlue(files: Files, entry = 'build.sh'): ReadGlue {
  const repo = memoryRepo(files);
  const glue = interpretGlue(repo, parseShell, entry);
  if (!glue) throw new Error(`${entry} is not glue`);
  const dockerfileOf = (b: BuildStep): DockerfileModel | null => {
    const text = repo.readText(b.dockerfile);
    return text === null ? null : parseDockerfile(b.dockerfile, text);
  };
  return { repo, glue, steps: glue.steps, dockerfileOf, roles: assignRoles(glue.steps, dockerfileOf) };
}

/** A shell script from its lines. */
export function script(...lines: string[]): string {
  return ['#!/bin/sh', 'set -e', ...lines, ''].join('\n');
}
