/** `multistage-migrate undo [DIR]`: put back the files of the latest migration from its backup. */
import { existsSync, statSync } from 'node:fs';
import { ApplyFailedError, StaleFileError, UnsafePathError } from '../io/apply';
import { withRepositoryLock } from '../io/repository-lock';
import { UndoError, undoLatest } from '../io/undo';
import { EXIT_OK, UsageError } from './exit-codes';
import { Io, waitingForRepository } from './output';

export async function undoCommand(dir: string, io: Io): Promise<number> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  return withRepositoryLock(dir, { wait: true, onWait: waitingForRepository(io, dir) }, () => undoLocked(dir, io));
}

function undoLocked(dir: string, io: Io): number {
  try {
    const r = undoLatest(dir);
    for (const p of r.restored) io.out(`restored ${p}\n`);
    for (const p of r.removed) io.out(`removed ${p}\n`);
    io.err(`Undone: the files are back as they were before the migration (backup ${r.backup}, now ${r.backup}.undone).\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UndoError || e instanceof StaleFileError || e instanceof UnsafePathError || e instanceof ApplyFailedError) throw new UsageError(e.message);
    throw e;
  }
}
