import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { hostCluster } from '../cluster/host.js';
import { openProfile, pidAlive } from '../profile/profile.js';
import { profileDir } from '../profile/paths.js';
import { ensureCerts } from '../profile/certs.js';
import { CliError, ExitCode } from './output.js';

/** DaemonMessage is what the daemon tells `minik9s start` over IPC once it serves (or failed to). */
export type DaemonMessage = { ready: true; url: string; port: number } | { ready: false; error: string };

/**
 * runDaemon is the long-lived process of one profile: it hosts the cluster and its API on 127.0.0.1, records its
 * pid and port in the profile, tells its parent it is ready, and stops cleanly on SIGTERM / SIGINT.
 */
export async function runDaemon(profile: string): Promise<void> {
  const conf = openProfile(profile);
  if (!conf) throw new CliError(`Profile "${profile}" not found.`, ExitCode.GuestNotFound);
  const other = conf.get('pid');
  if (other && other !== process.pid && pidAlive(other))
    throw new CliError(`another minik9s daemon (pid ${other}) already runs profile "${profile}"`, ExitCode.GuestError);
  const log = createWriteStream(path.join(profileDir(profile), 'daemon.log'), { flags: 'a' });
  const logLine = (line: string) => log.write(`${new Date().toISOString()} ${line}\n`);
  process.on('uncaughtException', (e) => {
    logLine(`uncaught exception: ${e.stack ?? e.message}`);
    process.exit(1);
  });
  const send = (m: DaemonMessage) => {
    if (process.send) process.send(m);
  };
  let hosted;
  try {
    // Certificates are made (first start only) while the cluster boots.
    const tls = ensureCerts(profileDir(profile), profile).then((c) => ({ key: c.serverKey, cert: c.serverCert, ca: c.ca }));
    tls.catch(() => {}); // awaited by hostCluster; this only keeps an early failure from being "unhandled"
    hosted = await hostCluster({
      tls,
      name: profile,
      port: conf.get('port'),
      cpus: conf.get('cpus'),
      memoryMiB: conf.get('memoryMiB'),
      log: logLine,
      accessLog: process.env.MINIK9S_ACCESS_LOG ? logLine : undefined,
    });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    logLine(`start failed: ${msg}`);
    send({ ready: false, error: msg });
    throw err;
  }
  conf.set('pid', process.pid);
  conf.set('port', hosted.server.port);
  logLine(`serving the Kubernetes API at ${hosted.url} (pid ${process.pid})`);
  send({ ready: true, url: hosted.url, port: hosted.server.port });
  if (process.connected) process.disconnect();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logLine(`${signal}: stopping`);
    await hosted.stop();
    if (conf.get('pid') === process.pid) conf.delete('pid');
    log.end(() => process.exit(0));
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
}
