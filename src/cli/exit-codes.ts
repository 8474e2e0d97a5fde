/**
 * Exit codes: the contract scripts rely on, decided here once.
 * 0 — done, or nothing to do. 1 — `--check` (or `verify`) found a difference or work to do.
 * 2 — refused, bad usage or error: nothing was written.
 */
export const EXIT_OK = 0;
export const EXIT_WORK_FOUND = 1;
/** The migration was refused: a finding says why. */
export const EXIT_REFUSED = 2;
/** Bad usage (a flag, a path) or an error outside any migration: the same 2, named for what it is. */
export const EXIT_USAGE = 2;
export const EXIT_ERROR = 2;
/** Interrupted (Ctrl-C): 128 + SIGINT, as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** An error the CLI reports as one clear line with exit code 2 (no stack trace). */
export class UsageError extends Error {}
