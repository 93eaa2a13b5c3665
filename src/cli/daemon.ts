import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { hostCluster, tuneHeapForServing } from '../cluster/host.js';
import { RealClock } from '../cluster/clock.js';
import { readProfileFile } from '../profile/profile-file.js';
import { profileDir } from '../profile/paths.js';
import { ensureCerts, type ProfileCerts } from '../profile/certs.js';
import { CliError, ExitCode } from './output.js';
import { PersistentStore } from '../store/persistent-store.js';
import { LockedError, type DirLock } from '../store/lock.js';
import { lockProfile, storeDir } from './daemon-lock.js';

/** DaemonMessage is what the daemon tells `minik9s start` over IPC once it serves (or failed to). */
export type DaemonMessage = { ready: true; url: string; port: number; nodes: string[] } | { ready: false; error: string };

/**
 * runDaemon is the long-lived process of one profile: it hosts the cluster and its API on 127.0.0.1, records its
 * pid and port in the profile, tells its parent it is ready, and stops cleanly on SIGTERM / SIGINT.
 */
export async function runDaemon(profile: string, cfg: { cpus?: number; memoryMiB?: number; port?: number; speed?: number; nodes?: number; kubernetesVersion?: string; lock?: Promise<DirLock>; certs?: Promise<ProfileCerts> } = {}): Promise<void> {
  // The daemon reads the profile file but never loads conf: `minik9s start` records pid and port with it.
  const conf = readProfileFile(profile);
  const log = createWriteStream(path.join(profileDir(profile), 'daemon.log'), { flags: 'a' });
  const logLine = (line: string) => log.write(`${new Date().toISOString()} ${line}\n`);
  process.on('uncaughtException', (e) => {
    logLine(`uncaught exception: ${e.stack ?? e.message}`);
    process.exit(1);
  });
  // Resolves once the message is handed to the channel: a daemon about to exit must not lose its last word.
  const send = (m: DaemonMessage) => new Promise<void>((resolve) => (process.send ? process.send(m, undefined, {}, () => resolve()) : resolve()));
  let hosted;
  let store: PersistentStore | undefined;
  try {
    // The cluster's state lives in the profile (write-ahead log + snapshots): a stopped cluster starts as it was.
    // Two daemons can never run one profile: the store's lock (taken first thing) decides.
    const lock = await (cfg.lock ?? lockProfile(profileDir(profile))).catch((err) => {
      if (err instanceof LockedError) throw new CliError(`another minik9s daemon already runs profile "${profile}" (its store is locked)`, ExitCode.GuestError);
      throw err;
    });
    store = await PersistentStore.open(storeDir(profileDir(profile)), { log: logLine, lock });
    const r = store.report;
    if (r.revision)
      logLine(`store: restored ${r.objects} objects at revision ${r.revision} (${r.snapshot ? `snapshot ${r.snapshot}` : 'no snapshot'} + ${r.replayed} log records) in ${r.ms} ms`);
    // Certificates are made (first start only) while the cluster boots.
    const tls = (cfg.certs ?? ensureCerts(profileDir(profile), profile)).then((c) => ({ key: c.serverKey, cert: c.serverCert, ca: c.ca }));
    tls.catch(() => {}); // awaited by hostCluster; this only keeps an early failure from being "unhandled"
    hosted = await hostCluster({
      tls,
      name: profile,
      port: cfg.port,
      clock: new RealClock(cfg.speed ?? 1),
      cpus: cfg.cpus,
      memoryMiB: cfg.memoryMiB,
      nodes: cfg.nodes,
      kubernetesVersion: cfg.kubernetesVersion,
      store,
      log: logLine,
      accessLog: process.env.MINIK9S_ACCESS_LOG ? logLine : undefined,
    });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    logLine(`start failed: ${msg}`);
    await store?.close().catch(() => {});
    await send({ ready: false, error: msg });
    throw err;
  }
  for (const image of conf?.images ?? []) hosted.cluster.loadImage(image);
  // The addons as the profile last left them (`minik9s addons enable|disable`), then what the on ones put in
  // kube-system (the metrics-server Deployment).
  for (const a of hosted.cluster.addonList()) {
    const want = conf?.addons?.[a.name];
    if (want !== undefined && want !== a.enabled) await hosted.cluster.setAddon(a.name, want);
    else if (a.enabled && a.name === 'metrics-server') await hosted.cluster.setAddon(a.name, true);
  }
  tuneHeapForServing();
  logLine(`serving the Kubernetes API at ${hosted.url} (pid ${process.pid})`);
  await send({ ready: true, url: hosted.url, port: hosted.server.port, nodes: hosted.cluster.nodeList().map((n) => n.name) });
  if (process.connected) process.disconnect();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logLine(`${signal}: stopping`);
    await hosted.stop();
    // Every write on disk and a snapshot, so the next start reads one file.
    await store!.close().catch((err) => logLine(`store: close failed: ${(err as Error).message}`));
    logLine('stopped');
    log.end(() => process.exit(0));
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
}
