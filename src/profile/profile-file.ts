import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { profileDir } from './paths.js';
import type { ProfileConfig } from './profile.js';
import { dns1123Label } from '../api/names.js';

/**
 * readProfileFile reads a profile's config.json directly, without loading conf: the start path and the daemon
 * use it to decide quickly; every write still goes through conf (profile.ts).
 */
export function readProfileFile(name: string): ProfileConfig | undefined {
  const file = path.join(profileDir(name), 'config.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ProfileConfig;
  } catch {
    return undefined;
  }
}

/** validateProfileName refuses names that cannot be a node, context and folder name. */
export function validateProfileName(name: string): string | undefined {
  if (dns1123Label(name).length) return `profile name "${name}" is not valid: use lower case letters, digits and '-', starting and ending with a letter or digit`;
  return undefined;
}

/** pidAlive tells whether a process with that id exists. */
export function pidAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A process that exited but was not reaped yet (a zombie, until init collects it: a second on some hosts) still
  // answers signal 0; it is gone all the same.
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return !existsSync('/proc'); // gone meanwhile; or no /proc to ask (macOS), and the signal said it is there
  }
}
