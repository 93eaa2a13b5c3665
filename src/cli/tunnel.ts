import https from 'node:https';
import type { ServiceURL } from '../proxy/node-ports.js';
import { readProfileFile, pidAlive } from '../profile/profile-file.js';
import { readCerts } from '../profile/certs.js';
import { profileDir } from '../profile/paths.js';
import { notRunning, profileNotFound } from './status.js';
import { CliError, ExitCode, out } from './output.js';

/**
 * tunnel is `minikube tunnel`: it holds a tunnel open in the daemon for as long as it runs (Ctrl-C ends it).
 * Meanwhile every LoadBalancer Service has EXTERNAL-IP 127.0.0.1 and answers on 127.0.0.1 at its own port (or,
 * when this machine will not give that port, another one, printed). It prints each Service as it starts serving.
 */
export async function tunnel(profile: string): Promise<number> {
  const cfg = readProfileFile(profile);
  if (!cfg) throw profileNotFound(profile);
  const certs = readCerts(profileDir(profile));
  if (!cfg.port || !pidAlive(cfg.pid) || !certs) throw notRunning(profile);
  out('sparkle', 'Tunnel successfully started');
  out('tip', 'NOTE: keep this terminal open while you use the tunnel; press Ctrl-C to stop it.');
  const shown = new Map<string, string>();
  return new Promise<number>((resolve, reject) => {
    const req = https.request(`https://127.0.0.1:${cfg.port}/minik9s/v1/tunnel`, { method: 'POST', ca: certs.ca, cert: certs.clientCert, key: certs.clientKey }, (res) => {
      if (res.statusCode !== 200) return reject(new CliError(`the cluster refused the tunnel (HTTP ${res.statusCode})`, ExitCode.GuestError, 'GUEST_TUNNEL'));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const { services } = JSON.parse(line) as { services: ServiceURL[] };
          const now = new Map(services.map((s) => [`${s.namespace}/${s.name}:${s.port}`, s]));
          for (const [key, s] of now) {
            if (shown.get(key) === s.url) continue;
            shown.set(key, s.url);
            const moved = !s.url.endsWith(`:${s.port}`);
            out('running', `Starting tunnel for service ${s.name}: ${s.url}${moved ? ` (port ${s.port} could not be had on this machine)` : ''}`);
          }
          for (const key of [...shown.keys()]) {
            if (now.has(key)) continue;
            shown.delete(key);
            out('stopping', `Stopped tunnel for service ${key.split('/')[1]!.split(':')[0]}`);
          }
        }
      });
      res.on('end', () => reject(new CliError('the cluster stopped: the tunnel is closed', ExitCode.GuestNotRunning, 'GUEST_NOT_RUNNING')));
    });
    req.on('error', (e) => reject(new CliError(`cannot reach the cluster: ${e.message}`, ExitCode.GuestNotRunning, 'GUEST_NOT_RUNNING')));
    req.end();
    const stop = () => {
      req.destroy();
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
