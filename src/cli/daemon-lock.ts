import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { lockDir, type DirLock } from '../store/lock.js';

/** storeDir is where a profile's cluster state lives (the write-ahead log and snapshots). */
export function storeDir(profileDir: string): string {
  return path.join(profileDir, 'store');
}

/** lockProfile takes the lock of a profile's store: the first thing a daemon does, so it is alone from then on. */
export function lockProfile(profileDir: string): Promise<DirLock> {
  const dir = storeDir(profileDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return lockDir(dir);
}
