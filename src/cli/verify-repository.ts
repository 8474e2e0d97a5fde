/** Plan `dir` as the migrate command does, then prove that plan on the engine. */
import { verifyPlanned, type VerifyLog, type VerifyOptions, type VerifyResult } from '../verify/verify';
import { planDirectory } from './migrate-command';

/** Throws UsageError when `dir` is not a directory. */
export async function verifyRepository(dir: string, options: VerifyOptions = {}, log: VerifyLog = () => {}): Promise<VerifyResult> {
  const { outcome } = await planDirectory(dir, { script: options.script, targetRule: options.targetRule, keepLegacy: options.keepLegacy, buildkit: options.buildkit });
  return verifyPlanned(dir, outcome, options, log);
}
