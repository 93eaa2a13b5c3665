import { listProfiles, openProfile } from '../profile/profile.js';
import { readKubeconfig } from '../profile/kubeconfig.js';
import { KUBERNETES_VERSION } from '../cluster/version.js';
import { DEFAULT_PROFILE } from '../profile/paths.js';
import { isRunning } from './cluster-state.js';
import { CliError, ExitCode, out } from './output.js';

/** renderBoxTable draws minikube's `profile list` table: `|` columns between `|---|` rules. */
export function renderBoxTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)) + 2);
  const rule = `|${widths.map((w) => '-'.repeat(w)).join('|')}|`;
  const center = (s: string, w: number) => {
    const left = Math.floor((w - s.length) / 2);
    return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
  };
  const line = (cells: string[]) => `|${cells.map((c, i) => center(c, widths[i]!)).join('|')}|`;
  return [rule, line(head), rule, ...rows.map(line), rule].join('\n') + '\n';
}

/** profileList prints every profile with its status, like `minikube profile list`. */
export async function profileList(): Promise<number> {
  const names = listProfiles();
  if (!names.length) {
    out('meh', 'No minik9s profile was found.');
    out('workaround', 'You can create one using \'minik9s start\'.');
    return 0;
  }
  let current = '';
  try {
    current = readKubeconfig()['current-context'] ?? '';
  } catch {
    current = '';
  }
  const rows: string[][] = [];
  for (const name of names) {
    const conf = openProfile(name)!;
    const running = await isRunning(conf);
    rows.push([
      name,
      'simulated',
      'docker',
      '192.168.49.2',
      String(conf.get('port') ?? ''),
      KUBERNETES_VERSION,
      running ? 'OK' : 'Stopped',
      '1',
      name === DEFAULT_PROFILE ? '*' : '',
      name === current ? '*' : '',
    ]);
  }
  process.stdout.write(
    renderBoxTable(['Profile', 'Driver', 'Runtime', 'IP', 'Port', 'Version', 'Status', 'Nodes', 'Active Profile', 'Active Kubecontext'], rows),
  );
  return 0;
}

/** profile runs `minik9s profile list` (other subcommands come with multi-profile support). */
export async function profile(sub: string | undefined): Promise<number> {
  if (sub === 'list' || sub === undefined) return profileList();
  throw new CliError(`unknown profile subcommand "${sub}": use "minik9s profile list"`, ExitCode.Usage, 'MK_USAGE');
}
