import https from 'node:https';
import type Conf from 'conf';
import { type ProfileConfig, pidAlive } from '../profile/profile.js';
import { readCerts } from '../profile/certs.js';
import { profileDir } from '../profile/paths.js';

/** daemonURL is the API address a profile's daemon serves (HTTPS on 127.0.0.1). */
export function daemonURL(conf: Conf<ProfileConfig>): string | undefined {
  const port = conf.get('port');
  return port ? `https://127.0.0.1:${port}` : undefined;
}

/** healthy asks the API server's /readyz over TLS, trusting only the profile's CA; it never throws. */
export function healthy(url: string | undefined, ca: string | undefined, timeoutMs = 2000): Promise<boolean> {
  if (!url || !ca) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = https.get(`${url}/readyz`, { timeout: timeoutMs, ca }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** isRunning: the daemon process lives and its API answers. */
export async function isRunning(conf: Conf<ProfileConfig>): Promise<boolean> {
  const name = conf.get('name');
  return pidAlive(conf.get('pid')) && (await healthy(daemonURL(conf), readCerts(profileDir(name))?.ca));
}
