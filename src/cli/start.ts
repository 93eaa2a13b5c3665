import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';
import type Conf from 'conf';
import type { ProfileConfig } from '../profile/profile.js';
import { profileDir } from '../profile/paths.js';
import { readProfileFile, validateProfileName, pidAlive } from '../profile/profile-file.js';
import { readCerts } from '../profile/certs.js';
import { KUBERNETES_VERSION, MINIK9S_VERSION, CONTAINER_RUNTIME_VERSION } from '../cluster/version.js';
import { healthy } from './cluster-state.js';
import type { DaemonMessage } from './daemon.js';
import { CliError, ExitCode, out } from './output.js';
import type { WaitComponent } from './wait.js';

/** StartOptions are `minik9s start`'s flags. */
export interface StartOptions {
  profile: string;
  cpus?: number;
  memoryMiB?: number;
  /** How many nodes (`--nodes`, `-n`): the control plane and workers `<profile>-m02`, ...; kept in the profile. */
  nodes?: number;
  /** The cluster clock's speed factor (`--speed`); kept in the profile. */
  speed?: number;
  /** The Kubernetes version to report (`--kubernetes-version`, already checked); kept in the profile. */
  kubernetesVersion?: string;
  /** `--wait`: the components to wait for beyond a Ready node (already checked), and for how long. */
  wait?: { components: WaitComponent[]; timeoutMs: number; timeoutText: string };
  keepContext?: boolean;
  /** How long to wait for the daemon to serve. */
  waitMs?: number;
}

/** StartResult tells the caller what start did. */
export interface StartResult {
  url: string;
  /** True when this start created the profile. */
  created: boolean;
  conf: Conf<ProfileConfig>;
}

function platform(): string {
  try {
    const rel = readFileSync('/etc/os-release', 'utf8');
    const get = (k: string) => rel.match(new RegExp(`^${k}="?([^"\\n]*)"?`, 'm'))?.[1];
    const name = get('NAME')?.split(' ')[0];
    const version = get('VERSION_ID');
    if (name) return version ? `${name} ${version}` : name;
  } catch {
    // not Linux, or no os-release: fall through
  }
  return `${os.type()} ${os.release()}`;
}

/** mainScript is the CLI entry point the daemon is spawned from (the compiled dist/src/cli/main.js). */
function mainScript(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.js');
}

function logTail(profile: string): string {
  const file = path.join(profileDir(profile), 'daemon.log');
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');
}

/**
 * start brings a profile's cluster up like `minikube start`: a new profile is created, a stopped one restarted,
 * a running one left as it is; the daemon is spawned detached and awaited over IPC; the kubeconfig gets a
 * context named after the profile. It creates no workload of its own.
 */
export async function start(opts: StartOptions): Promise<StartResult> {
  const { profile } = opts;
  const bad = validateProfileName(profile);
  if (bad) throw new CliError(bad, ExitCode.Usage, 'MK_USAGE');
  const prefix = profile === 'minik9s' ? '' : `[${profile}] `;
  out('happy', `${prefix}minik9s ${MINIK9S_VERSION} on ${platform()}`);
  // Decide from the profile file alone, so the daemon can be on its way before the heavier modules load.
  const existing = readProfileFile(profile);
  const created = !existing;
  const running = existing?.port ? `https://127.0.0.1:${existing.port}` : undefined;
  const had = existing?.kubernetesVersion ?? KUBERNETES_VERSION;
  const version = opts.kubernetesVersion ?? had;
  if (existing && versionOrder(version, had) < 0) {
    const { forProfile } = await import('./status.js');
    throw new CliError(
      `Unable to safely downgrade existing Kubernetes ${had} cluster to ${version}: recreate it ("${forProfile('minik9s delete', profile)}", then start with --kubernetes-version=${version}) or keep ${had}`,
      ExitCode.Usage,
      'K8S_DOWNGRADE_UNSUPPORTED',
    );
  }
  const upgrade = !!existing && version !== had;
  if (existing && pidAlive(existing.pid) && (await healthy(running, readCerts(profileDir(profile))?.ca)) && !upgrade) {
    out('sparkle', 'Using the simulated driver based on existing profile');
    out('thumbsUp', `Starting "${profile}" primary control-plane node in "${profile}" cluster`);
    out('running', `Updating the running simulated "${profile}" node ...`);
    const { openProfile } = await import('../profile/profile.js');
    await writeContext(profile, running!, !opts.keepContext);
    finish(profile, opts.keepContext);
    return { url: running!, created: false, conf: openProfile(profile)! };
  }
  const cpus = existing?.cpus ?? opts.cpus ?? 2;
  const memoryMiB = existing?.memoryMiB ?? opts.memoryMiB ?? 4096;
  const speed = opts.speed ?? existing?.speed ?? 1;
  if (upgrade && pidAlive(existing.pid)) {
    // An upgrade restarts the control plane: the running daemon stops (its state is on disk) and a new one starts.
    const { stopDaemon } = await import('./stop.js');
    await stopDaemon(existing.pid);
  }
  const nodes = existing?.nodes ?? opts.nodes ?? 1;
  out('sparkle', created ? 'Using the simulated driver: no VM, no containers, a whole cluster in one process' : 'Using the simulated driver based on existing profile');
  out('thumbsUp', `Starting "${profile}" primary control-plane node in "${profile}" cluster`);
  if (created) out('startingVM', `Creating simulated node (CPUs=${cpus}, Memory=${memoryMiB}MB) ...`);
  else out('restarting', `Restarting existing simulated node for "${profile}" ...`);
  const runtime = CONTAINER_RUNTIME_VERSION.replace('docker://', '');
  if (upgrade) out('sparkle', `Upgrading from Kubernetes ${had} to ${version}`);
  out('docker', `Preparing Kubernetes ${version} on Docker ${runtime} ...`);
  if (speed !== 1) out('sparkle', `The cluster's clock runs ${speed} times ${speed > 1 ? 'faster' : 'slower'} than real time (--speed=${speed})`);

  mkdirSync(profileDir(profile), { recursive: true, mode: 0o700 });
  const daemon = spawnDaemon(profile, { cpus, memoryMiB, speed, nodes, version, port: existing?.port }, opts.waitMs ?? 30_000);
  daemon.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled" meanwhile
  // While the daemon boots on the other core: record the profile with conf.
  const { createProfile, openProfile, rememberNodes } = await import('../profile/profile.js');
  const conf = existing ? openProfile(profile)! : createProfile({ name: profile, cpus, memoryMiB });
  // A stale pid goes; a live one is another start's daemon that won the race (ours will fail on the store's lock).
  if (!pidAlive(conf.get('pid') as number | undefined)) conf.delete('pid');
  if (speed === 1) conf.delete('speed');
  else conf.set('speed', speed);
  conf.set('kubernetesVersion', version);
  const { url, pid, port, nodes: nodeNames } = await daemon;
  rememberNodes(conf, nodeNames);
  conf.set('pid', pid);
  conf.set('port', port);
  await writeContext(profile, url, !opts.keepContext);
  // The workers the daemon runs: as many as asked for a new cluster, those it had for a restored one.
  for (const worker of nodeNames.slice(1)) out('thumbsUp', `Starting "${worker}" worker node in "${profile}" cluster`);
  out('healthCheck', 'Verifying Kubernetes components...');
  if (opts.wait?.components.length) {
    const { waitForComponents } = await import('./wait.js');
    await waitForComponents(opts.wait.components, url, readCerts(profileDir(profile))!, opts.wait.timeoutMs, opts.wait.timeoutText);
  }
  out('addonEnable', 'Enabled addons: storage-provisioner, default-storageclass');
  finish(profile, opts.keepContext);
  return { url, created, conf };
}

/** writeContext puts the profile's cluster, client credentials and context into the kubeconfig. */
async function writeContext(profile: string, url: string, setCurrent: boolean): Promise<void> {
  const certs = readCerts(profileDir(profile));
  if (!certs) throw new CliError(`the certificates of profile "${profile}" are missing; run "minik9s delete -p ${profile}" and start again`, ExitCode.GuestError, 'GUEST_CERTS');
  const { mergeCluster } = await import('../profile/kubeconfig.js');
  mergeCluster({ name: profile, server: url, setCurrent, ca: certs.ca, clientCert: certs.clientCert, clientKey: certs.clientKey });
}

function finish(profile: string, keepContext?: boolean): void {
  if (keepContext) out('ready', `Done! The "${profile}" context was added to the kubeconfig; the current context was kept`);
  else out('ready', `Done! kubectl is now configured to use "${profile}" cluster and "default" namespace by default`);
}

async function spawnDaemon(profile: string, cfg: { cpus: number; memoryMiB: number; speed: number; nodes: number; version: string; port?: number }, waitMs: number): Promise<{ url: string; pid: number; port: number; nodes: string[] }> {
  const logFile = path.join(profileDir(profile), 'daemon.log');
  {
    const options = {
      detached: true,
      stdin: 'ignore',
      // The daemon writes its own log (daemon.log); nothing may tie it to this process once it runs.
      stdout: 'ignore',
      stderr: 'ignore',
      ipc: true,
      cleanup: false,
      reject: false,
      env: { MINIK9S_DAEMON: '1' },
    } as const satisfies Options;
    const args = [mainScript(), 'daemon', '--profile', profile, '--cpus', String(cfg.cpus), '--memory', String(cfg.memoryMiB)];
    if (cfg.port) args.push('--port', String(cfg.port));
    if (cfg.speed !== 1) args.push('--speed', String(cfg.speed));
    if (cfg.nodes !== 1) args.push('--nodes', String(cfg.nodes));
    if (cfg.version !== KUBERNETES_VERSION) args.push('--kubernetes-version', cfg.version);
    const child = execa(process.execPath, args, options);
    const exited = child.then((r) => ({ exited: true as const, code: r.exitCode }));
    const message = child.getOneMessage().then((m) => m as DaemonMessage).catch(() => undefined);
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), waitMs).unref());
    let first = await Promise.race([message, exited, timeout]);
    // The exit can be seen before the daemon's last message (why it stopped) is read: give it a moment.
    if (first && first !== 'timeout' && 'exited' in first) first = (await Promise.race([message, new Promise<undefined>((r) => setTimeout(() => r(undefined), 500))])) ?? first;
    if (first === 'timeout') {
      child.kill();
      throw new CliError(`the cluster did not become ready within ${waitMs / 1000}s; see ${logFile}`, ExitCode.GuestError, 'GUEST_START');
    }
    if (!first || 'exited' in first || !first.ready) {
      const why = first && 'error' in first ? first.error : logTail(profile) || 'the daemon exited';
      throw new CliError(`failed to start the cluster: ${why}`, ExitCode.GuestError, 'GUEST_START');
    }
    child.disconnect();
    child.unref();
    // execa keeps a reference through its result promise; detach from it without waiting.
    child.catch(() => {});
    return { url: first.url, pid: child.pid!, port: first.port, nodes: first.nodes };
  }
}

/**
 * updateContext points the profile's kubeconfig entries at its running cluster again (after the kubeconfig was
 * edited or replaced), as `minikube update-context`.
 */
export async function updateContext(profile: string): Promise<number> {
  const cfg = readProfileFile(profile);
  if (!cfg) {
    const { profileNotFound } = await import('./status.js');
    throw profileNotFound(profile);
  }
  const url = cfg.port ? `https://127.0.0.1:${cfg.port}` : undefined;
  if (!url || !pidAlive(cfg.pid) || !(await healthy(url, readCerts(profileDir(profile))?.ca)))
    throw (await import('./status.js')).notRunning(profile);
  const { clusterServer } = await import('../profile/kubeconfig.js');
  if (clusterServer(profile) === url) {
    out('check', `"${profile}" context is already pointing to ${url.replace('https://', '')}`);
    out('tip', `Current context is "${profile}"`);
    return 0;
  }
  await writeContext(profile, url, true);
  out('celebrate', `"${profile}" context has been updated to point to ${url.replace('https://', '')}`);
  out('tip', `Current context is "${profile}"`);
  return 0;
}

/** versionOrder compares two `vX.Y.Z` versions (negative when a is older). */
function versionOrder(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.slice(1).split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! - y![i]!;
  return 0;
}
