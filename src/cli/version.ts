/** The tool's version, for --version and the JSON documents. */
import { join } from 'node:path';

/** The version in package.json, found from src/cli (ts-node) or dist/src/cli (compiled). */
export function packageVersion(): string {
  for (const up of ['../..', '../../..']) {
    try {
      return (require(join(__dirname, up, 'package.json')) as { version: string }).version;
    } catch {
      // try one level further up
    }
  }
  return 'unknown';
}
