import { openProfile, pidAlive, validateProfileName } from '../profile/profile.js';
import { clusterServer } from '../profile/kubeconfig.js';
import { daemonURL, healthy } from './cluster-state.js';
import { readCerts } from '../profile/certs.js';
import { activeProfile, profileDir } from '../profile/paths.js';
import { CliError, ExitCode, out } from './output.js';

/** ClusterStatus is one node's status block, as `minikube status` prints it. */
export interface ClusterStatus {
  name: string;
  host: 'Running' | 'Stopped';
  kubelet: 'Running' | 'Stopped';
  apiserver: 'Running' | 'Stopped';
  kubeconfig: 'Configured' | 'Misconfigured' | 'Stopped';
}

/**
 * forProfile is a command line the user can run for a profile: `-p NAME` added unless NAME is the one commands use
 * without it (the active profile, `minik9s profile NAME`).
 */
export function forProfile(command: string, profile: string): string {
  return profile === activeProfile() ? command : `${command} -p ${profile}`;
}

/** notRunning is the one line (and exit code 83) for a command that needs the profile's cluster running. */
export function notRunning(profile: string): CliError {
  return new CliError(`The "${profile}" cluster is not running. To start it, run: "${forProfile('minik9s start', profile)}"`, ExitCode.GuestNotRunning, 'GUEST_NOT_RUNNING');
}

/** profileNotFound prints minikube's two lines for a missing profile and returns its exit code (85). */
export function profileNotFound(profile: string): CliError {
  out('shrug', `Profile "${profile}" not found. Run "minik9s profile list" to view all profiles.`);
  out('workaround', `To start a cluster, run: "${forProfile('minik9s start', profile)}"`);
  return new CliError('', ExitCode.GuestNotFound);
}

/** clusterStatus reads a profile's status; undefined when the profile does not exist. */
export async function clusterStatus(profile: string): Promise<ClusterStatus | undefined> {
  const conf = openProfile(profile);
  if (!conf) return undefined;
  const alive = pidAlive(conf.get('pid'));
  const url = daemonURL(conf);
  const serving = alive && (await healthy(url, readCerts(profileDir(profile))?.ca));
  if (!alive) return { name: profile, host: 'Stopped', kubelet: 'Stopped', apiserver: 'Stopped', kubeconfig: 'Stopped' };
  const configured = clusterServer(profile) === url;
  return {
    name: profile,
    host: 'Running',
    kubelet: serving ? 'Running' : 'Stopped',
    apiserver: serving ? 'Running' : 'Stopped',
    kubeconfig: configured ? 'Configured' : 'Misconfigured',
  };
}

/** statusExitCode is minikube's bitmask: 1 host, 2 kubelet or apiserver, 4 kubeconfig not as expected. */
export function statusExitCode(s: ClusterStatus): number {
  let code = 0;
  if (s.host !== 'Running') code |= 1;
  if (s.kubelet !== 'Running' || s.apiserver !== 'Running') code |= 2;
  if (s.kubeconfig !== 'Configured') code |= 4;
  return code;
}

/** status prints the minikube status block (or JSON) and returns the exit code. */
export async function status(profile: string, output: 'text' | 'json' = 'text'): Promise<number> {
  const bad = validateProfileName(profile);
  if (bad) throw new CliError(bad, ExitCode.Usage, 'MK_USAGE');
  const s = await clusterStatus(profile);
  if (!s) throw profileNotFound(profile);
  const workers = await workerStatuses(profile, s);
  if (output === 'json') {
    const primary = { Name: s.name, Host: s.host, Kubelet: s.kubelet, APIServer: s.apiserver, Kubeconfig: s.kubeconfig, Worker: false };
    // minikube prints one object for one node, an array for several.
    const all = [primary, ...workers.map((w) => ({ Name: w.name, Host: w.host, Kubelet: w.kubelet, APIServer: 'Irrelevant', Kubeconfig: 'Irrelevant', Worker: true }))];
    process.stdout.write(JSON.stringify(all.length === 1 ? primary : all) + '\n');
  } else {
    process.stdout.write(
      `${s.name}\ntype: Control Plane\nhost: ${s.host}\nkubelet: ${s.kubelet}\napiserver: ${s.apiserver}\nkubeconfig: ${s.kubeconfig}\n\n`,
    );
    for (const w of workers) process.stdout.write(`${w.name}\ntype: Worker\nhost: ${w.host}\nkubelet: ${w.kubelet}\n\n`);
    if (s.kubeconfig === 'Misconfigured')
      process.stdout.write(`\nWARNING: Your kubectl is pointing to stale minik9s-vm.\nTo fix the kubectl context, run \`minik9s start -p ${profile}\`\n`);
  }
  // A worker whose kubelet is down counts as minikube counts it: the kubelet bit.
  return statusExitCode(s) | (workers.some((w) => w.kubelet !== 'Running') ? 2 : 0);
}

/**
 * workerStatuses asks a running daemon for its worker nodes (a stopped cluster's workers are stopped too; the
 * profile remembers how many): host Running, kubelet Running unless the node was failed (`minik9s fault node-down`).
 */
async function workerStatuses(profile: string, primary: ClusterStatus): Promise<{ name: string; host: string; kubelet: string }[]> {
  const conf = openProfile(profile);
  const count = conf?.get('nodes') ?? 1;
  const workers = conf?.get('workers');
  if (primary.apiserver !== 'Running') {
    const names = workers ?? Array.from({ length: Math.max(0, count - 1) }, (_, i) => `${profile}-m${String(i + 2).padStart(2, '0')}`);
    return names.map((name) => ({ name, host: 'Stopped', kubelet: 'Stopped' }));
  }
  const { daemonRequest } = await import('./daemon-api.js');
  try {
    const { nodes } = await daemonRequest<{ nodes: { name: string; controlPlane: boolean; healthy: boolean }[] }>(profile, 'GET', '/minik9s/v1/nodes');
    return nodes.filter((n) => !n.controlPlane).map((n) => ({ name: n.name, host: 'Running', kubelet: n.healthy ? 'Running' : 'Stopped' }));
  } catch {
    return [];
  }
}
