/** `multistage-migrate verify [DIR]` (placeholder until the engine proof lands). */
import type { Io } from './output';
import { UsageError } from './exit-codes';

export async function verifyCommand(_dir: string, _opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new UsageError('verify is not available yet');
}
