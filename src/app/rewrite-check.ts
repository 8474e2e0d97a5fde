/**
 * The rewritten glue, read back: it must not still build a builder Dockerfile the migration
 * merges. That happens when the docker commands go through a wrapper (`dk() { docker "$@"; }`)
 * whose one statement runs the builder build and the runtime build alike: the rewrite can
 * remove neither, and the migrated script would build a deleted file. Refused instead.
 */
import { Finding, finding } from '../core/findings';
import { dirName, joinRelative, normalizeRelative } from '../core/paths';
import type { RepoView } from '../core/repo';
import type { BuildStep } from '../interpret/events';
import { glueKind } from '../parse/glue-kind';
import type { MigrationPlan } from '../plan/types';
import { engineCommands } from './engine-commands';
import type { GlueInterpretation } from './glue';

export function glueStillBuildsBuilders(repo: RepoView, glue: GlueInterpretation, plan: MigrationPlan): Finding[] {
  // Export-only glue builds the same Dockerfile on purpose (`--target export`).
  if (plan.setup.exportDir !== undefined) return [];
  const builders = new Set(plan.setup.builders);
  const out: Finding[] = [];
  // Every glue file as it will be: rewritten, or left as it is (a rewrite that changed nothing).
  const paths = [...new Set([glue.entry, ...glue.files.map((g) => g.path), ...plan.files.map((c) => c.path)])];
  for (const path of paths) {
    const change = plan.files.find((c) => c.path === path);
    const after = change ? change.after : repo.readText(path);
    const f = { path, after };
    if (f.after === null || builders.has(f.path)) continue;
    const kind = glueKind(f.path, f.after);
    if (kind === null) continue;
    const commands = engineCommands(f.after, kind === 'make' ? 'make' : kind === 'shell' ? 'shell' : 'ci');
    for (const c of commands) {
      if (c.subcommand !== 'build') continue;
      const named = c.dockerfile ?? joinRelative(c.context && c.context !== '-' ? c.context : '.', 'Dockerfile');
      const built = [dirName(f.path), glue.cwd, ''].map((base) => normalizeRelative(named, base)).find((p) => p !== null && builders.has(p));
      if (!built) continue;
      const original = glue.steps.find((s): s is BuildStep => s.kind === 'build' && s.dockerfile === built);
      const at = original ? { file: original.origin.file, line: original.origin.line } : { file: f.path, line: c.line };
      out.push(
        finding('GLUE_MIXED_STATEMENT', `after the migration ${f.path} would still build ${built} (\`${c.text}\`), which the migration merges into ${plan.setup.runtime}: this statement runs the builder build and other docker commands alike (a wrapper function?), so it can be neither removed nor kept; call docker directly for the builder steps, or migrate by hand`, at),
      );
    }
  }
  return out;
}
