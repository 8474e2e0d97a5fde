/** Byte-exact pictures of directory trees, to prove that nothing changed (or exactly what did). */
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry below `dir`: `dir <mode>`, `file <mode> <base64 content>` or `link <target>`. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, p));
      if (st.isSymbolicLink()) out.set(p, `link ${readlinkSync(join(dir, p))}`);
      else if (st.isDirectory()) {
        out.set(p, `dir ${(st.mode & 0o7777).toString(8)}`);
        walk(p);
      } else out.set(p, `file ${(st.mode & 0o7777).toString(8)} ${readFileSync(join(dir, p)).toString('base64')}`);
    }
  };
  walk('');
  return out;
}
