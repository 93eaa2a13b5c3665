import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readProfileFile } from '../profile/profile-file.js';
import { profileDir } from '../profile/paths.js';
import { profileNotFound } from './status.js';

/**
 * logs prints the last lines of the cluster daemon's log (`daemon.log`: start-up, the API's access log when
 * MINIK9S_ACCESS_LOG is set, shutdown), as `minikube logs` prints the cluster's.
 */
export function logs(profile: string, length: number): number {
  if (!readProfileFile(profile)) throw profileNotFound(profile);
  const file = path.join(profileDir(profile), 'daemon.log');
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n') : [];
  process.stdout.write(`==> ${file} <==\n${lines.slice(-length).join('\n')}\n`);
  return 0;
}
