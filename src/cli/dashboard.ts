import { openProfile } from '../profile/profile.js';
import { clientFromKubeconfig, listContexts } from '../client/kubeconfig.js';
import { readDashboardConfig } from '../profile/dashboard-config.js';
import type { HttpClient } from '../client/http-client.js';
import type { DashboardTarget } from '../tui/run.js';
import { isRunning } from './cluster-state.js';
import { notRunning, profileNotFound } from './status.js';
import { CliError, ExitCode } from './output.js';

/** DashboardOptions are `minik9s dashboard`'s flags. */
export interface DashboardOptions {
  profile: string;
  /** Open this kubeconfig context (any cluster) instead of the profile's. */
  context?: string;
  kubeconfig?: string;
  maxFps?: number;
  /** Hide every key that changes the cluster. */
  readonly?: boolean;
}

/**
 * interactiveTerminal is true when both ends are a terminal: the dashboard needs one to draw and read keys.
 */
export function interactiveTerminal(): boolean {
  return !!process.stdin.isTTY && !!process.stdout.isTTY;
}

/**
 * connect opens a kubeconfig context for the dashboard: the client, what the header shows, and for the cluster of
 * a minik9s profile (contexts are named after profiles) its clock and fault injection.
 */
async function connect(kubeconfig: string | undefined, contextName: string): Promise<DashboardTarget> {
  const { client, context } = await clientFromKubeconfig({ kubeconfig, context: contextName });
  const simulated = !!openProfile(context.context);
  let serverVersion: string | undefined;
  try {
    serverVersion = (await client.version()).gitVersion;
  } catch {
    serverVersion = undefined; // the header shows it unknown; the dashboard reports the connection itself
  }
  return {
    client,
    context: { context: context.context, cluster: context.cluster, user: context.user, server: context.server },
    serverVersion,
    simulated,
    readClock: simulated ? () => client.request('GET', '/minik9s/v1/clock') : undefined,
    controlClock: simulated ? (a) => client.request('POST', '/minik9s/v1/clock', a) : undefined,
    injectFault: simulated ? (f) => client.request('POST', '/minik9s/v1/faults', f) : undefined,
    traffic: simulated
      ? { burst: (namespace, service) => client.request('POST', '/minik9s/v1/traffic', { namespace, service }), read: () => client.request('GET', '/minik9s/v1/traffic') }
      : undefined,
  };
}

/**
 * dashboard opens the full-screen dashboard on the profile's cluster, or on any kubeconfig context with
 * --context. It refuses, in one line, when there is no terminal or the profile's cluster is not running.
 */
export async function dashboard(opts: DashboardOptions): Promise<number> {
  if (!interactiveTerminal())
    throw new CliError('the dashboard needs an interactive terminal (stdin and stdout must be a TTY)', ExitCode.Failure, 'MK_USAGE');
  if (!opts.context) {
    const conf = openProfile(opts.profile);
    if (!conf) throw profileNotFound(opts.profile);
    if (!(await isRunning(conf)))
      throw notRunning(opts.profile);
  }
  let first: DashboardTarget;
  try {
    first = await connect(opts.kubeconfig, opts.context ?? opts.profile);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), ExitCode.Failure, 'MK_KUBECONFIG');
  }
  let config;
  try {
    config = readDashboardConfig();
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), ExitCode.Failure, 'MK_CONFIG');
  }
  (await import('../tui/process.js')).prepareDashboardProcess();
  const { runDashboard } = await import('../tui/run.js');
  const { withKeys } = await import('../tui/keyconfig.js');
  const keys = withKeys(config.keys);
  try {
    await runDashboard({
      ...first,
      bindings: keys.bindings,
      confirmKill: config.confirmKill,
      notice: keys.problems.length ? `dashboard.json: ${keys.problems.join('; ')}` : undefined,
      maxFps: opts.maxFps,
      readonly: opts.readonly,
      kubeconfig: opts.kubeconfig,
      contexts: { list: () => listContexts(opts.kubeconfig), open: (name) => connect(opts.kubeconfig, name) },
    });
  } finally {
    (first.client as HttpClient).close();
  }
  return 0;
}
