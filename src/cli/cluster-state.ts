import http from 'node:http';
import type Conf from 'conf';
import { type ProfileConfig, pidAlive } from '../profile/profile.js';

/** daemonURL is the API address a profile's daemon serves. */
export function daemonURL(conf: Conf<ProfileConfig>): string | undefined {
  const port = conf.get('port');
  return port ? `http://127.0.0.1:${port}` : undefined;
}

/** healthy asks the API server's /readyz, with a short timeout; it never throws. */
export function healthy(url: string | undefined, timeoutMs = 2000): Promise<boolean> {
  if (!url) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = http.get(`${url}/readyz`, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** isRunning: the daemon process lives and its API answers. */
export async function isRunning(conf: Conf<ProfileConfig>): Promise<boolean> {
  return pidAlive(conf.get('pid')) && (await healthy(daemonURL(conf)));
}
