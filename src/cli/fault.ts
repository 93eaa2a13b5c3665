import { validateProfileName } from '../profile/profile-file.js';
import { FAULTS_PATH, type Fault } from '../apiserver/http/faults-api.js';
import { daemonRequest } from './daemon-api.js';
import { CliError, ExitCode, out } from './output.js';

export interface FaultFlags {
  namespace?: string;
  container?: string;
  exitCode?: string;
  oom?: boolean;
}

const HELP = `use one of:
  minik9s fault crash POD [-n NAMESPACE] [-c CONTAINER] [--exit-code N | --oom]
  minik9s fault node-down NODE     (the kubelet stops: NotReady, taints, evictions after 300 s)
  minik9s fault node-up NODE
  minik9s fault fail-pulls IMAGE   (every pull of the image fails, as a rate-limited registry's)
  minik9s fault restore-pulls IMAGE`;

const usage = (msg: string) => new CliError(`${msg}\n${HELP}`, ExitCode.Usage, 'MK_USAGE');

/**
 * fault runs `minik9s fault ...`: break (or mend) part of the simulated cluster through the daemon's fault API, the
 * same path the dashboard and the tests use, then watch the cluster react with kubectl or the dashboard.
 */
export async function fault(profile: string, sub: string | undefined, target: string | undefined, flags: FaultFlags): Promise<number> {
  const bad = validateProfileName(profile);
  if (bad) throw new CliError(bad, ExitCode.Usage, 'MK_USAGE');
  if (!sub) throw usage('"minik9s fault" needs a fault to inject');
  if (!target) throw usage(`"minik9s fault ${sub}" needs ${sub === 'crash' ? 'a pod name' : sub.endsWith('pulls') ? 'an image' : 'a node name'}`);
  let f: Fault;
  let done: string;
  switch (sub) {
    case 'crash': {
      let exitCode: number | undefined;
      if (flags.exitCode !== undefined) {
        exitCode = Number(flags.exitCode);
        if (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255) throw usage(`invalid value "${flags.exitCode}" for --exit-code: a whole number from 0 to 255 is needed`);
        if (flags.oom) throw usage('--exit-code and --oom cannot be used together: an OOM kill always exits 137');
      }
      const namespace = flags.namespace ?? 'default';
      f = { type: 'crash-container', namespace, pod: target, container: flags.container, exitCode, oomKilled: flags.oom };
      const what = flags.container ? `Container "${flags.container}" of pod "${namespace}/${target}"` : `Pod "${namespace}/${target}"`;
      done = flags.oom ? `${what} was OOM-killed (exit code 137): watch it restart with "kubectl get pod ${target} -n ${namespace} -w"` : `${what} crashed (exit code ${exitCode ?? 1}): watch it restart with "kubectl get pod ${target} -n ${namespace} -w"`;
      break;
    }
    case 'node-down':
      f = { type: 'node-down', node: target };
      done = `Node "${target}" stopped posting its status: NotReady after 50 s, its pods evicted 300 s later ("minik9s clock" shows when)`;
      break;
    case 'node-up':
      f = { type: 'node-up', node: target };
      done = `Node "${target}" is back: it posts Ready again`;
      break;
    case 'fail-pulls':
      f = { type: 'fail-pulls', image: target };
      done = `Pulls of "${target}" now fail (ErrImagePull, then ImagePullBackOff) until "minik9s fault restore-pulls ${target}"`;
      break;
    case 'restore-pulls':
      f = { type: 'restore-pulls', image: target };
      done = `Pulls of "${target}" work again`;
      break;
    default:
      throw usage(`unknown fault "${sub}"`);
  }
  if (sub !== 'crash' && (flags.namespace || flags.container || flags.exitCode !== undefined || flags.oom))
    throw usage(`-n, -c, --exit-code and --oom apply to "minik9s fault crash" only`);
  await daemonRequest(profile, 'POST', FAULTS_PATH, f);
  out(sub === 'node-up' || sub === 'restore-pulls' ? 'thumbsUp' : 'warning', done);
  return 0;
}
