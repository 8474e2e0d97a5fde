/**
 * Byte order marks. The core reads text without a leading UTF-8 BOM (`decodeText` drops it, so
 * `\uFEFFFROM` parses as `FROM`); a file that had one keeps it: the BOM is put back in front of
 * both the text the plan was made from and the new text, so patches apply to the file as it is
 * and writes keep it byte for byte. New files get none.
 */
import type { FileChange } from '../core/file-change';

export const BOM = '\uFEFF';
const BOM_BYTES = [0xef, 0xbb, 0xbf];

export function startsWithBom(bytes: Uint8Array | null): boolean {
  return bytes !== null && bytes.length >= 3 && BOM_BYTES.every((b, i) => bytes[i] === b);
}

/** `changes` with the BOM of each existing file that has one restored (`hasBom` asks the file as it is). */
export function withByteOrderMarks(changes: readonly FileChange[], hasBom: (path: string) => boolean): FileChange[] {
  return changes.map((c) => {
    if (c.before === null || c.before.startsWith(BOM) || !hasBom(c.path)) return c;
    return { ...c, before: BOM + c.before, after: c.after === null ? null : BOM + c.after };
  });
}
