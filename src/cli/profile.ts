import { listProfiles, openProfile } from '../profile/profile.js';
import { readKubeconfig } from '../profile/kubeconfig.js';
import { KUBERNETES_VERSION } from '../cluster/version.js';
import { activeProfile, minik9sHome } from '../profile/paths.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { profileNotFound } from './status.js';
import { isRunning } from './cluster-state.js';
import { CliError, ExitCode, out } from './output.js';

/** renderBoxTable draws minikube's `profile list` table: `|` columns between `|---|` rules. */
export function renderBoxTable(head: string[], rows: string[][], align: 'center' | 'auto' = 'center'): string {
  // Columns on a terminal: an emoji such as ✅ takes two.
  const cols = (s: string) => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) >= 0x2600 ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(cols(h), ...rows.map((r) => cols(r[i] ?? ''))) + 2);
  const rule = `|${widths.map((w) => '-'.repeat(w)).join('|')}|`;
  const center = (s: string, w: number) => {
    const left = Math.floor((w - cols(s)) / 2);
    return ' '.repeat(left) + s + ' '.repeat(w - cols(s) - left);
  };
  // 'auto' is tablewriter's default as minikube's service list uses it: text to the left, numbers to the right.
  const cell = (s: string, w: number) => {
    if (align === 'center') return center(s, w);
    const gap = ' '.repeat(w - cols(s) - 1);
    return /^\d+$/.test(s) ? `${gap}${s} ` : ` ${s}${gap}`;
  };
  const line = (cells: string[], isHead = false) => `|${cells.map((c, i) => (isHead ? center(c, widths[i]!) : cell(c, widths[i]!))).join('|')}|`;
  return [rule, line(head, true), rule, ...rows.map((r) => line(r)), rule].join('\n') + '\n';
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
  const active = activeProfile();
  for (const name of names) {
    const conf = openProfile(name)!;
    const running = await isRunning(conf);
    rows.push([
      name,
      'simulated',
      'docker',
      '192.168.49.2',
      String(conf.get('port') ?? ''),
      conf.get('kubernetesVersion') ?? KUBERNETES_VERSION,
      running ? 'OK' : 'Stopped',
      String(conf.get('nodes') ?? 1),
      name === active ? '*' : '',
      name === current ? '*' : '',
    ]);
  }
  process.stdout.write(
    renderBoxTable(['Profile', 'Driver', 'Runtime', 'IP', 'Port', 'Version', 'Status', 'Nodes', 'Active Profile', 'Active Kubecontext'], rows),
  );
  return 0;
}

/**
 * profile runs `minik9s profile list`, `minik9s profile` (the active profile's name) and `minik9s profile NAME`
 * (make NAME the profile commands use without -p, as minikube does; it must exist).
 */
export async function profile(sub: string | undefined): Promise<number> {
  if (sub === 'list') return profileList();
  if (sub === undefined) {
    process.stdout.write(`${activeProfile()}\n`);
    return 0;
  }
  if (!openProfile(sub)) throw profileNotFound(sub);
  mkdirSync(minik9sHome(), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(minik9sHome(), 'config.json'), `${JSON.stringify({ profile: sub }, null, 2)}\n`, { mode: 0o600 });
  out('check', `minik9s profile was successfully set to ${sub}`);
  return 0;
}
