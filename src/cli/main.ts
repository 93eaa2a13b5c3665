#!/usr/bin/env node
import module from 'node:module';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_PROFILE, activeProfile } from '../profile/paths.js';
import { KUBERNETES_VERSION, MINIK9S_VERSION, parseKubernetesVersion } from '../cluster/version.js';
import { CliError, ExitCode, err } from './output.js';

// On Node 22.1 and later V8's compiled code is kept on disk between runs, so short commands (`minik9s kubectl
// get pods`) start faster from the second run on; every module the command loads from here on benefits.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const USAGE = `minik9s: a simulated Kubernetes cluster and a k9s-style dashboard, in one command.

Usage:
  minik9s [flags]             start the cluster (if needed) and open the dashboard
  minik9s <command> [flags]

Commands:
  start       Start a cluster (creates the profile the first time)
  status      Show the status of a cluster
  stop        Stop a running cluster
  delete      Delete a cluster and its kubeconfig entries (--all: every profile; --purge: and $MINIK9S_HOME)
  profile     List profiles ("minik9s profile list"), or make NAME the one commands use ("minik9s profile NAME")
  logs        Print the cluster daemon's log (the last --length lines, default 60)
  update-context  Point the kubeconfig's context at the cluster again
  node        Add, list or delete nodes: node add, node list, node delete NAME
  kubectl     Run kubectl on the cluster: minik9s kubectl -- get pods (built in: get, describe, create,
              apply, delete, logs, exec, rollout, scale, ...; anything else runs the kubectl on your PATH)
  addons      List addons, or switch one: addons list, addons enable NAME, addons disable NAME
  ip          Print a node's IP address (the control plane's unless --node)
  service     URLs of a Service's node ports on 127.0.0.1: service NAME [--url] [-n NS], service list
  tunnel      Give LoadBalancer Services EXTERNAL-IP 127.0.0.1 and their ports, until Ctrl-C
  clock       Show or drive the cluster's clock: status, pause, resume, step, speed N
  image       Load an image onto the nodes (image load NAME) or list them (image ls)
  fault       Break part of the simulated cluster and watch it heal: crash POD, node-down NODE,
              node-up NODE, fail-pulls IMAGE, restore-pulls IMAGE
  dashboard   Open the dashboard (on the profile's cluster, or any --context)
  version     Print the version

Flags:
  -p, --profile NAME     profile (cluster) name (default "${DEFAULT_PROFILE}", or the one "minik9s profile NAME" chose)
  -n, --nodes N          how many nodes (start; default 1): the control plane and N-1 workers
      --cpus N           CPUs of the simulated node (start)
      --memory MB        memory of the simulated node in MB (start)
      --kubernetes-version V  the Kubernetes version the cluster reports: v1.20.0 to ${KUBERNETES_VERSION}, stable
                         or latest (start; default ${KUBERNETES_VERSION}; a newer one upgrades a cluster)
      --wait LIST        also wait for: all, none, or apiserver,system_pods,default_sa,apps_running,node_ready,
                         kubelet,extra (start; by default start returns once the API serves and the nodes are Ready)
      --wait-timeout D   how long --wait may take (start; default 6m0s)
      --keep-context     do not switch the kubeconfig's current context (start)
      --speed N          run the cluster's clock N times faster than real time (start; default 1)
      --context NAME     kubeconfig context to open (dashboard)
      --kubeconfig FILE  kubeconfig to read (dashboard)
      --readonly         hide every key that changes the cluster (dashboard)
  -o, --output FORMAT    text or json (status)
  -n, --namespace NS     namespace of the pod (fault crash) or service (service; default "default")
      --url              print only the URLs, one a line (service)
  -n, --node NAME        the node (ip; default the control plane)
  -c, --container NAME   container to crash (fault crash; default the first running one)
      --exit-code N      exit code of the crash (fault crash; default 1)
      --oom              crash as the kernel's OOM killer would: exit 137, OOMKilled (fault crash)
      --all, --purge     every profile; and $MINIK9S_HOME (delete)
      --length N         how many lines (logs; -n N too; default 60)
      --debug            print stack traces of errors
  -h, --help             show this help
`;

const OPTIONS = {
  profile: { type: 'string', short: 'p' },
  cpus: { type: 'string' },
  memory: { type: 'string' },
  speed: { type: 'string' },
  'kubernetes-version': { type: 'string' },
  wait: { type: 'string' },
  'wait-timeout': { type: 'string' },
  'keep-context': { type: 'boolean' },
  url: { type: 'boolean' },
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  readonly: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  // `-n` means --nodes to start, --node to ip, --namespace to fault (as in minikube and kubectl): read as `n`, then
  // given to the command's own flag.
  n: { type: 'string', short: 'n' },
  namespace: { type: 'string' },
  nodes: { type: 'string' },
  node: { type: 'string' },
  container: { type: 'string', short: 'c' },
  'exit-code': { type: 'string' },
  oom: { type: 'boolean' },
  debug: { type: 'boolean' },
  port: { type: 'string' }, // daemon only: the port to serve on
  all: { type: 'boolean' },
  purge: { type: 'boolean' },
  length: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const COMMANDS = ['start', 'status', 'stop', 'delete', 'dashboard', 'profile', 'node', 'addons', 'ip', 'service', 'tunnel', 'logs', 'update-context', 'kubectl', 'clock', 'image', 'fault', 'version', 'daemon', 'help'];

/** SHORT_N is what `-n` stands for in each command that takes it. */
const SHORT_N: Readonly<Record<string, 'nodes' | 'namespace' | 'node' | 'length'>> = { start: 'nodes', daemon: 'nodes', fault: 'namespace', service: 'namespace', ip: 'node', logs: 'length' };

/** waitFlags reads --wait and --wait-timeout (default 6m0s, as minikube's). */
async function waitFlags(wait: string | undefined, timeout: string | undefined) {
  if (wait === undefined) {
    if (timeout !== undefined) throw usageError('--wait-timeout needs --wait');
    return undefined;
  }
  const { parseWait, parseDuration } = await import('./wait.js');
  const components = parseWait(wait);
  if ('error' in components) throw usageError(components.error);
  const timeoutText = timeout ?? '6m0s';
  const timeoutMs = parseDuration(timeoutText);
  if (timeoutMs === undefined) throw usageError(`invalid value "${timeout}" for --wait-timeout: a duration like 6m0s or 90s is needed`);
  return { components, timeoutMs, timeoutText };
}

/** kubernetesVersion reads --kubernetes-version (undefined when not given). */
function kubernetesVersion(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const r = parseKubernetesVersion(v);
  if ('error' in r) throw new CliError(r.error, ExitCode.Usage, r.reason);
  return r.version;
}

/** usageError says what is wrong in one line and where the usage is, as cobra does for minikube (not the whole help). */
function usageError(message: string): CliError {
  const hint = message.startsWith('unknown command') ? "Run 'minik9s --help' for usage." : "See 'minik9s --help' for usage.";
  process.stderr.write(`Error: ${message}\n${hint}\n`);
  return new CliError('', ExitCode.Usage, 'MK_USAGE');
}

function positiveNumber(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 10_000) throw usageError(`invalid value "${v}" for --${flag}: a number above 0 (at most 10000) is needed`);
  return n;
}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`invalid value "${v}" for --${flag}: a positive whole number is needed`);
  return n;
}

/** nodeCount reads --nodes: 1 to 100 (a simulated node is cheap, but a hundred is plenty to learn with). */
function nodeCount(v: string | undefined): number | undefined {
  const n = positiveInt(v, 'nodes');
  if (n !== undefined && n > 100) throw usageError(`invalid value "${v}" for --nodes: at most 100 nodes`);
  return n;
}

/** main runs the CLI and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  // `minik9s [flags] kubectl [--] ARGS`: everything after `kubectl` is kubectl's, flags and all.
  // (The word as a flag's value, `-p kubectl`, is a profile name, not the command.)
  const takesValue = new Set(Object.entries(OPTIONS).flatMap(([name, o]) => (o.type === 'string' ? [`--${name}`, ...('short' in o ? [`-${o.short}`] : [])] : [])));
  const k = argv.findIndex((a, i) => a === 'kubectl' && !takesValue.has(argv[i - 1] ?? ''));
  const passthrough = k >= 0 ? argv.slice(k + 1 + (argv[k + 1] === '--' ? 1 : 0)) : undefined;
  if (k >= 0) argv = argv.slice(0, k + 1);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command && !COMMANDS.includes(command)) throw usageError(`unknown command "${command}" for "minik9s"`);
  if (values.n !== undefined) {
    const meant = SHORT_N[command ?? 'start'];
    if (!meant) throw usageError(`unknown shorthand flag: 'n' in -n`);
    values[meant] ??= values.n;
  }
  const maxPositionals = command === 'profile' || command === 'service' ? 2 : command === 'clock' || command === 'image' || command === 'fault' || command === 'node' || command === 'addons' ? 3 : 1;
  if (positionals.length > maxPositionals) throw usageError(`unexpected argument "${positionals[maxPositionals]}"`);
  const profile = values.profile ?? activeProfile();
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw usageError(`invalid output format "${output}": use text or json`);

  switch (command) {
    case undefined:
      return (await import('./default-command.js')).startAndOpen(profile, {
        cpus: positiveInt(values.cpus, 'cpus'),
        memoryMiB: positiveInt(values.memory, 'memory'),
        nodes: nodeCount(values.nodes),
      });
    case 'start':
      await (await import('./start.js')).start({
        profile,
        nodes: nodeCount(values.nodes),
        cpus: positiveInt(values.cpus, 'cpus'),
        memoryMiB: positiveInt(values.memory, 'memory'),
        speed: positiveNumber(values.speed, 'speed'),
        kubernetesVersion: kubernetesVersion(values['kubernetes-version']),
        wait: await waitFlags(values.wait, values['wait-timeout']),
        keepContext: values['keep-context'],
      });
      return 0;
    case 'status':
      return (await import('./status.js')).status(profile, output);
    case 'stop':
      return (await import('./stop.js')).stop(profile);
    case 'delete':
      if (values.purge && !values.all) throw usageError('--purge deletes every profile and $MINIK9S_HOME: it needs --all');
      if (values.all) return (await import('./delete.js')).deleteAll(!!values.purge);
      return (await import('./delete.js')).deleteProfile(profile);
    case 'kubectl':
      return (await import('./kubectl.js')).kubectl(profile, passthrough ?? []);
    case 'logs':
      return (await import('./logs.js')).logs(profile, positiveInt(values.length, 'length') ?? 60);
    case 'update-context':
      return (await import('./start.js')).updateContext(profile);
    case 'dashboard':
      return (await import('./dashboard.js')).dashboard({ profile, context: values.context, kubeconfig: values.kubeconfig, readonly: values.readonly });
    case 'profile':
      return (await import('./profile.js')).profile(positionals[1]);
    case 'node':
      return (await import('./node.js')).node(profile, positionals[1], positionals[2]);
    case 'addons':
      return (await import('./addons.js')).addons(profile, positionals[1], positionals[2]);
    case 'ip':
      return (await import('./node.js')).ip(profile, values.node);
    case 'tunnel':
      return (await import('./tunnel.js')).tunnel(profile);
    case 'service':
      return (await import('./service.js')).service(profile, positionals[1], { namespace: values.namespace, url: values.url });
    case 'clock':
      return (await import('./clock.js')).clock(profile, positionals[1], positionals[2]);
    case 'image':
      return (await import('./image.js')).image(profile, positionals[1], positionals[2]);
    case 'fault':
      return (await import('./fault.js')).fault(profile, positionals[1], positionals[2], {
        namespace: values.namespace,
        container: values.container,
        exitCode: values['exit-code'],
        oom: values.oom,
      });
    case 'version':
      process.stdout.write(`minik9s version: ${MINIK9S_VERSION}\n`);
      return 0;
    case 'daemon':
      // The profile's lock first (one daemon per profile: two would write one store, or make two sets of
      // certificates), then its certificates on a worker thread while everything else loads and boots.
      const dir = (await import('../profile/paths.js')).profileDir(profile);
      const lock = (await import('./daemon-lock.js')).lockProfile(dir);
      const certs = lock.then(async () => (await import('../profile/certs.js')).ensureCerts(dir, profile));
      certs.catch(() => {}); // awaited by the daemon, as is the lock
      lock.catch(() => {});
      await (await import('./daemon.js')).runDaemon(profile, {
        lock,
        certs,
        cpus: positiveInt(values.cpus, 'cpus'),
        memoryMiB: positiveInt(values.memory, 'memory'),
        port: positiveInt(values.port, 'port'),
        speed: positiveNumber(values.speed, 'speed'),
        nodes: nodeCount(values.nodes),
        kubernetesVersion: kubernetesVersion(values['kubernetes-version']),
      });
      return -1; // keeps running until a signal stops it
    default:
      throw usageError(`unknown command "${command}"`);
  }
}

// A reader that goes away early (`minik9s clock | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const debug = process.argv.includes('--debug');
main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof CliError) {
      if (e.message) err('failure', `Exiting due to ${e.reasonId}: ${e.message}`);
      if (debug && e.stack) process.stderr.write(e.stack + '\n');
      process.exitCode = e.exitCode;
      return;
    }
    const msg = e instanceof Error ? e.message : String(e);
    err('failure', `Exiting due to MK_FAILURE: ${msg}`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
    else process.stderr.write('Run again with --debug for details.\n');
    process.exitCode = ExitCode.Failure;
  },
);
