/**
 * One `verify` at a time per Docker engine. Two verifies on one engine see each other's tags:
 * when both glues build `shop-api-builder`, one run can start its containers from the other's
 * image, and each clean-up puts back tags the other made, leaving images and tags behind (found
 * when the sample proof ran verifies side by side). So a verify holds a lock from before it
 * records the engine's state until it has restored it.
 */
import { tmpdir } from 'node:os';
import { acquireLocalLock, localLockName, type LocalLock } from '../io/local-lock';

export type EngineLock = LocalLock;
export const acquireEngineLock = acquireLocalLock;

/** The lock's socket name for the engine with this ID (`docker info --format {{.ID}}`). */
export function engineLockName(engineId: string, platform: NodeJS.Platform = process.platform, dir = tmpdir()): string {
  return localLockName('engine', engineId, platform, dir);
}
