import { clientFromKubeconfig } from '../client/kubeconfig.js';
import { start } from './start.js';
import { applySample } from './sample.js';
import { dashboard, interactiveTerminal } from './dashboard.js';
import { CliError, ExitCode, out } from './output.js';

/**
 * startAndOpen is `minik9s` without arguments, the main job: start the cluster if it is not running, give a
 * brand-new profile the sample workload (so there is something to watch), then open the dashboard.
 */
export async function startAndOpen(profile: string, opts: { cpus?: number; memoryMiB?: number; nodes?: number }): Promise<number> {
  // Fail before starting anything when there is no terminal to draw the dashboard on.
  if (!interactiveTerminal())
    throw new CliError('the dashboard needs an interactive terminal (stdin and stdout must be a TTY); use "minik9s start" to only start the cluster', ExitCode.Failure, 'MK_USAGE');
  const result = await start({ profile, ...opts });
  if (!result.conf.get('sampleApplied')) {
    const { client } = await clientFromKubeconfig({ context: profile });
    try {
      const created = await applySample(client);
      if (created.length) out('option', `Applied the sample: ${created.join(', ')}`);
      result.conf.set('sampleApplied', true);
    } finally {
      client.close();
    }
  }
  return dashboard({ profile });
}
