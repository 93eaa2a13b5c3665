import { openProfile, pidAlive, validateProfileName } from '../profile/profile.js';
import { profileNotFound } from './status.js';
import { CliError, ExitCode, out } from './output.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** stopDaemon sends SIGTERM to a profile's daemon and waits for it to exit (SIGKILL after timeoutMs). */
export async function stopDaemon(pid: number | undefined, timeoutMs = 10_000): Promise<void> {
  if (!pidAlive(pid)) return;
  process.kill(pid!, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid) && Date.now() < deadline) await sleep(20);
  if (pidAlive(pid)) {
    process.kill(pid!, 'SIGKILL');
    while (pidAlive(pid)) await sleep(20);
  }
}

/** stop stops a profile's cluster like `minikube stop`. */
export async function stop(profile: string): Promise<number> {
  const bad = validateProfileName(profile);
  if (bad) throw new CliError(bad, ExitCode.Usage, 'MK_USAGE');
  const conf = openProfile(profile);
  if (!conf) throw profileNotFound(profile);
  out('stopping', `Stopping node "${profile}"  ...`);
  await stopDaemon(conf.get('pid'));
  conf.delete('pid');
  out('stopped', '1 node stopped.');
  return 0;
}
