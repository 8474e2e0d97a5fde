/** One file a migration writes, deletes or creates: what diff, apply, undo and verify share. */
export interface FileChange {
  path: string;
  /** Null for a new file. */
  before: string | null;
  /** Null for a deleted file. */
  after: string | null;
  /** Git-style mode (0o100644 / 0o100755) of the file before, or of the new file. */
  mode: number;
}
