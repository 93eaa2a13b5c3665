import https from 'node:https';
import { readProfileFile, pidAlive } from '../profile/profile-file.js';
import { readCerts } from '../profile/certs.js';
import { profileDir } from '../profile/paths.js';
import { notRunning, profileNotFound } from './status.js';
import { CliError, ExitCode } from './output.js';

/**
 * daemonRequest calls one of the daemon's own endpoints (/minik9s/v1/...) over TLS with the profile's client
 * certificate, and turns every failure into a one-line CliError (85 unknown profile, 83 not running).
 */
export function daemonRequest<T>(profile: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const cfg = readProfileFile(profile);
  if (!cfg) throw profileNotFound(profile);
  const certs = readCerts(profileDir(profile));
  if (!cfg.port || !pidAlive(cfg.pid) || !certs)
    throw notRunning(profile);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      `https://127.0.0.1:${cfg.port}${path}`,
      { method, ca: certs.ca, cert: certs.clientCert, key: certs.clientKey, headers: text ? { 'Content-Type': 'application/json' } : {} },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(data) as T & { message?: string };
            if ((res.statusCode ?? 500) >= 400) reject(new CliError(parsed.message ?? `HTTP ${res.statusCode}`, ExitCode.GuestError, 'GUEST_API'));
            else resolve(parsed);
          } catch {
            reject(new CliError(`the cluster answered: ${data.slice(0, 200)}`, ExitCode.GuestError, 'GUEST_API'));
          }
        });
      },
    );
    req.on('error', (e) => reject(new CliError(`cannot reach the cluster: ${e.message}`, ExitCode.GuestNotRunning, 'GUEST_NOT_RUNNING')));
    req.end(text);
  });
}
