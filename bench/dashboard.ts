/**
 * Dashboard benchmarks for `npm run bench`: the first full frame after connecting, keypress-to-frame latency and
 * the dashboard's RSS, at 100 and at 10,000 pods (the cost must not grow with the cluster).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { clientFromKubeconfig } from '../src/client/kubeconfig.js';
import { createPods } from './api.js';

const BIN = path.resolve(import.meta.dirname, '../src/cli/main.js');
const PROBE = path.resolve(import.meta.dirname, 'dashboard-probe.js');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** dashboardRows measures the dashboard against a daemon holding `counts` pods, one daemon per count. */
export async function dashboardRows(counts = [100, 10_000]): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  for (const count of counts) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-bench-'));
    const env = { MINIK9S_HOME: path.join(dir, 'home'), KUBECONFIG: path.join(dir, 'kubeconfig'), HOME: dir, NO_COLOR: '1' };
    try {
      const r = await execa(process.execPath, [BIN, 'start'], { env, reject: false });
      if (r.exitCode !== 0) throw new Error(r.stderr);
      const { client } = await clientFromKubeconfig({ kubeconfig: env.KUBECONFIG });
      await createPods(client, count);
      client.close();
      const out = await execa(process.execPath, [PROBE, env.KUBECONFIG, String(count)], { env, reject: false, timeout: 120_000 });
      if (out.exitCode !== 0) throw new Error(`dashboard probe failed (exit ${out.exitCode}${out.timedOut ? ", timed out" : ""}): ${out.stdout.slice(-300)} ${out.stderr}`);
      const m = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { firstFrameMs: number; keyMs: number[]; rssMiB: number };
      rows.push([
        count.toLocaleString('en'),
        `${(m.firstFrameMs / 1000).toFixed(2)} s`,
        `${pct(m.keyMs, 50).toFixed(1)} ms`,
        `${pct(m.keyMs, 95).toFixed(1)} ms`,
        `${m.rssMiB.toFixed(0)} MiB`,
      ]);
    } finally {
      // Whatever happened, the daemon goes (a failed probe must not leave it running).
      await execa(process.execPath, [BIN, 'delete'], { env, reject: false });
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

// `node dist/bench/dashboard.js` runs just these figures.
if (import.meta.url === `file://${process.argv[1]}`) {
  void dashboardRows().then((rows) => {
    console.log('| pods | first full frame | keypress → frame p50 | p95 | dashboard RSS |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  });
}
