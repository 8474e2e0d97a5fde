/**
 * Running under a multi-repository runner. multi-gitter sets `DRY_RUN=true` in the script's
 * environment when it runs with `--dry-run`; the tool honours it, so `--yes` (and batch
 * `--write`) then act as `--dry-run`: the change is printed, nothing is written.
 */

/** True when the environment asks for a dry run (`DRY_RUN` = true, 1 or yes, any case). */
export function dryRunFromEnv(env: NodeJS.ProcessEnv): boolean {
  return /^(true|1|yes)$/i.test((env.DRY_RUN ?? '').trim());
}

/** The single-repository flags with `--yes` turned into `--dry-run` when `DRY_RUN` says so. */
export function honourDryRunEnv<T extends { yes?: boolean; dryRun?: boolean }>(flags: T, env: NodeJS.ProcessEnv, warn: (text: string) => void): T {
  if (!flags.yes || !dryRunFromEnv(env)) return flags;
  warn('multistage-migrate: DRY_RUN is set, so --yes acts as --dry-run: nothing is written\n');
  return { ...flags, yes: false, dryRun: true };
}
