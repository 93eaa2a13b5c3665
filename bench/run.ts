/**
 * `npm run bench`: the figures the issues ask for, printed as tables with the machine they were taken on.
 * Everything runs on loopback against a cluster this script starts and stops.
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ensureTools } from '../test/setup/tools.js';
import { builtInKubectlRows, listTenThousandPods, watchersUnderWrites } from './api.js';
import { scaleRows, nodeFailureRows } from './control-plane.js';
import { dashboardRows } from './dashboard.js';
import { lifecycleRows } from './lifecycle.js';
import { networkRows } from './network.js';

const BIN = path.resolve(import.meta.dirname, '../src/cli/main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function table(title: string, head: string[], rows: (string | number)[][]): void {
  console.log(`\n### ${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

function procStat(pid: number): { rssMiB: number; cpuTicks: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const cpuTicks = Number(stat[11]) + Number(stat[12]);
  return { rssMiB: rssKiB / 1024, cpuTicks };
}

async function startToReady(kubectl: string): Promise<{ startMs: number; readyMs: number; pid: number; dir: string; env: Record<string, string> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-bench-'));
  const env = { MINIK9S_HOME: path.join(dir, 'home'), KUBECONFIG: path.join(dir, 'kubeconfig'), HOME: dir, NO_COLOR: '1' };
  const t0 = performance.now();
  const r = await execa(process.execPath, [BIN, 'start'], { env, reject: false });
  const startMs = performance.now() - t0;
  if (r.exitCode !== 0) throw new Error(`minik9s start failed: ${r.stderr}`);
  for (;;) {
    const k = await execa(kubectl, ['--cache-dir', path.join(dir, 'cache'), 'get', 'nodes', '--no-headers'], { env, reject: false });
    if (/\sReady\s/.test(k.stdout)) break;
  }
  const readyMs = performance.now() - t0;
  const pid = (JSON.parse(readFileSync(path.join(env.MINIK9S_HOME, 'profiles', 'minik9s', 'config.json'), 'utf8')) as { pid: number }).pid;
  return { startMs, readyMs, pid, dir, env };
}

async function main(): Promise<void> {
  const { kubectl } = await ensureTools();
  console.log(`## minik9s benchmarks\n\nMachine: ${machine()}`);

  const starts: number[] = [];
  const readies: number[] = [];
  let idle: { rss: number; cpuPct: number } | undefined;
  for (let i = 0; i < RUNS; i++) {
    const run = await startToReady(kubectl);
    starts.push(run.startMs);
    readies.push(run.readyMs);
    if (i === RUNS - 1) {
      // Idle: let start-up work (and its garbage collection) finish, then measure CPU over 60 s and the memory.
      await new Promise((r) => setTimeout(r, 10_000));
      const a = procStat(run.pid);
      const t = performance.now();
      await new Promise((r) => setTimeout(r, 60_000));
      const b = procStat(run.pid);
      const secs = (performance.now() - t) / 1000;
      const hz = 100; // USER_HZ on Linux
      idle = { rss: b.rssMiB, cpuPct: ((b.cpuTicks - a.cpuTicks) / hz / secs) * 100 };
    }
    await execa(process.execPath, [BIN, 'delete'], { env: run.env, reject: false });
    rmSync(run.dir, { recursive: true, force: true });
  }
  const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  table(`Start to a Ready node (${RUNS} runs, fresh profile each)`, ['measure', 'median', 'min', 'max'], [
    ['`minik9s start` returns', fmt(median(starts)), fmt(Math.min(...starts)), fmt(Math.max(...starts))],
    ['... until `kubectl get nodes` shows Ready', fmt(median(readies)), fmt(Math.min(...readies)), fmt(Math.max(...readies))],
  ]);
  table('For comparison (minikube\'s own time-to-k8s benchmark)', ['tool', 'time to a usable cluster'], [
    ['minikube', '50.8 s'],
    ['kind', '33.0 s'],
    ['k3d', '19.9 s'],
    ['minik9s (median above)', fmt(median(readies))],
  ]);
  if (idle)
    table('Idle daemon (10 s after start-up, sampled over 60 s; targets < 1 % CPU, < 80 MB)', ['measure', 'value'], [
      ['resident memory (RSS)', `${idle.rss.toFixed(1)} MiB`],
      ['CPU', `${idle.cpuPct.toFixed(2)} %`],
    ]);
  const life = await lifecycleRows();
  table(`Durable writes (${'64'} writers, ~1 KiB values, each waits for its answer; target: at least etcd's rate)`, ['path', 'writes', 'p50', 'p99', 'note'], life.writes);
  table('Restart of a profile holding 10,000 objects (target < 2 s) and stop', ['measure', 'time', 'restored'], life.restart);
  table(`Requests through a NodePort (6,000 GETs over 16 keep-alive connections, on loopback)`, ['path', 'requests', 'p50', 'p99', 'note'], await networkRows());
  table('The built-in kubectl against the real one, on the same cluster', ['measure', 'time', 'note'], await builtInKubectlRows(kubectl));
  table('10,000 pods, listed by the real kubectl and the built-in one', ['measure', 'value', 'note'], await listTenThousandPods(kubectl));
  table('Watch fan-out', ['measure', 'value', 'note'], await watchersUnderWrites());
  table('Control plane: a Deployment scaled with a zero-delay lifecycle (one node holding 10,200 pods)', ['measure', 'value', 'target'], await scaleRows());
  table('Node failure in a 3-node cluster (simulated time since the kubelet stopped)', ['milestone', 'at', 'real default'], await nodeFailureRows());
  table(
    'Dashboard (all namespaces, 160x50, over HTTPS; keys j/k at 8 a second; targets at 10,000 pods: < 1 s, p95 < 50 ms, < 250 MB)',
    ['pods', 'first full frame', 'keypress → frame p50', 'p95', 'dashboard RSS'],
    await dashboardRows(),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
