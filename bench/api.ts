/**
 * API benchmarks for `npm run bench`: listing 10,000 pods with the real kubectl, daemon memory at 10,000 pods,
 * and 100 watchers each receiving 10,000 writes in order.
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { Cluster } from '../src/cluster/cluster.js';
import { startApiServer } from '../src/apiserver/http/server.js';
import { HttpClient } from '../src/client/http-client.js';
import { clientFromKubeconfig } from '../src/client/kubeconfig.js';
import { mustKind } from '../src/api/kinds.js';
import type { KubeObject } from '../src/api/types.js';

const BIN = path.resolve(import.meta.dirname, '../src/cli/main.js');

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * createPods makes `count` Pending pods in `default`, 100 requests at a time: nobody runs their scheduler, so one
 * simulated node holds any number of them.
 */
export async function createPods(client: HttpClient, count: number): Promise<void> {
  const podKind = mustKind('v1', 'Pod');
  const batch = 100;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, (_, j) =>
        client.create(podKind, 'default', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `bench-${i + j}`, labels: { app: 'bench' } },
          spec: { schedulerName: 'bench-unscheduled', containers: [{ name: 'c', image: 'nginx' }] },
        } as KubeObject),
      ),
    );
  }
}

/** listTenThousandPods starts a daemon, fills it with pods over HTTPS, and times `kubectl get pods -A`. */
export async function listTenThousandPods(kubectl: string, count = 10_000): Promise<(string | number)[][]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-bench-'));
  const env = { MINIK9S_HOME: path.join(dir, 'home'), KUBECONFIG: path.join(dir, 'kubeconfig'), HOME: dir, NO_COLOR: '1' };
  try {
    const r = await execa(process.execPath, [BIN, 'start'], { env, reject: false });
    if (r.exitCode !== 0) throw new Error(r.stderr);
    const pid = (JSON.parse(readFileSync(path.join(env.MINIK9S_HOME, 'profiles', 'minik9s', 'config.json'), 'utf8')) as { pid: number }).pid;
    const rssBefore = rssMiB(pid);
    process.env.KUBECONFIG = env.KUBECONFIG;
    const { client } = await clientFromKubeconfig({ kubeconfig: env.KUBECONFIG });
    const t0 = performance.now();
    await createPods(client, count);
    const createSecs = (performance.now() - t0) / 1000;
    client.close();
    const rssAfter = rssMiB(pid);
    const times: number[] = [];
    let lines = 0;
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      const out = await execa(kubectl, ['--cache-dir', path.join(dir, 'cache'), 'get', 'pods', '-A'], { env, reject: false });
      times.push(performance.now() - s);
      lines = out.stdout.split('\n').length - 1;
    }
    // The same listing by the kubectl built into minik9s (it pages too, without kubectl's client-side throttle).
    const builtIn: number[] = [];
    let builtInLines = 0;
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      const out = await execa(process.execPath, [BIN, 'kubectl', '--', 'get', 'pods', '-A'], { env, reject: false });
      builtIn.push(performance.now() - s);
      builtInLines = out.stdout.split('\n').length - 1;
    }
    const direct: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await execa(kubectl, ['--cache-dir', path.join(dir, 'cache'), 'get', 'pods', '-A', '--chunk-size=0'], { env, reject: false });
      direct.push(performance.now() - s);
    }
    return [
      [`create ${count} pods over HTTPS (batches of 100)`, `${createSecs.toFixed(2)} s`, `${Math.round(count / createSecs)} pods/s`],
      [`kubectl get pods -A, ${lines} rows (pages of 500), median of 5`, `${(median(times) / 1000).toFixed(3)} s`, `target < 1.5 s; kubectl throttles itself to 5 requests/s after 10, a ${((Math.ceil(lines / 500) - 10) / 5).toFixed(1)} s floor for ${Math.ceil(lines / 500)} pages`],
      ['kubectl get pods -A --chunk-size=0 (one list), median of 5', `${(median(direct) / 1000).toFixed(3)} s`, ''],
      [`minik9s kubectl get pods -A (built in), ${builtInLines} rows (pages of 500), median of 5`, `${(median(builtIn) / 1000).toFixed(3)} s`, `${(median(times) / median(builtIn)).toFixed(1)}x faster than kubectl's paged listing`],
      ['daemon RSS idle → with the pods', `${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MiB`, 'target < 400 MiB'],
    ];
  } finally {
    await execa(process.execPath, [BIN, 'delete'], { env, reject: false });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** watchersUnderWrites opens 100 HTTP watches and makes 10,000 writes; every watcher must see all, in order. */
export async function watchersUnderWrites(watchers = 100, writes = 10_000): Promise<(string | number)[][]> {
  const cluster = await Cluster.start();
  const server = await startApiServer(cluster.registry);
  const cmKind = mustKind('v1', 'ConfigMap');
  const clients = Array.from({ length: 4 }, () => new HttpClient({ server: server.url }));
  const start = cluster.store.revision;
  const seen = Array.from({ length: watchers }, () => ({ count: 0, last: 0, outOfOrder: 0 }));
  const handles = seen.map((s, i) =>
    clients[i % clients.length]!.watch(cmKind, 'default', { resourceVersion: String(start) }, (e) => {
      const rv = Number(e.object.metadata.resourceVersion);
      if (rv <= s.last) s.outOfOrder++;
      s.last = rv;
      if (e.object.metadata.name?.startsWith('w-')) s.count++;
    }),
  );
  await new Promise((r) => setTimeout(r, 200));
  const t0 = performance.now();
  for (let i = 0; i < writes; i++) {
    const name = `w-${i % 50}`;
    const existing = cluster.store.get(`/configmaps/default/${name}`);
    if (existing) cluster.registry.update(cmKind, 'default', name, { ...existing, data: { n: String(i) } } as KubeObject);
    else cluster.registry.create(cmKind, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: String(i) } } as KubeObject);
    if (i % 500 === 0) await new Promise((r) => setImmediate(r));
  }
  const writeMs = performance.now() - t0;
  const deadline = Date.now() + 60_000;
  while (seen.some((s) => s.count < writes) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const deliverMs = performance.now() - t0;
  for (const h of handles) h.stop();
  for (const c of clients) c.close();
  await server.close();
  await cluster.stop();
  const complete = seen.filter((s) => s.count === writes).length;
  const lost = seen.reduce((n, s) => n + (writes - s.count), 0);
  const disorder = seen.reduce((n, s) => n + s.outOfOrder, 0);
  return [
    [`${watchers} watchers × ${writes} writes`, `${complete}/${watchers} watchers got every event`, `${lost} lost, ${disorder} out of order`],
    ['writes (registry, in the daemon)', `${(writeMs / 1000).toFixed(2)} s`, `${Math.round(writes / (writeMs / 1000))} writes/s`],
    ['until the last watcher had the last event', `${(deliverMs / 1000).toFixed(2)} s`, `${Math.round((writes * watchers) / (deliverMs / 1000))} events/s delivered`],
  ];
}

/**
 * builtInKubectlRows times `minik9s kubectl get pods` (the built-in kubectl, a fresh Node process each time) against
 * the real `kubectl get pods` on the same small cluster (a 3-pod Deployment), 15 runs each after a warm-up.
 */
export async function builtInKubectlRows(kubectl: string): Promise<(string | number)[][]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-bench-'));
  const env = { MINIK9S_HOME: path.join(dir, 'home'), KUBECONFIG: path.join(dir, 'kubeconfig'), HOME: dir, NO_COLOR: '1' };
  try {
    const r = await execa(process.execPath, [BIN, 'start'], { env, reject: false });
    if (r.exitCode !== 0) throw new Error(r.stderr);
    const k = (...args: string[]) => execa(kubectl, ['--cache-dir', path.join(dir, 'cache'), ...args], { env });
    await k('create', 'deployment', 'web', '--image=nginx', '--replicas=3');
    await k('rollout', 'status', 'deployment/web', '--timeout=60s');
    const time = async (run: () => Promise<unknown>) => {
      await run();
      const xs: number[] = [];
      for (let i = 0; i < 15; i++) {
        const s = performance.now();
        await run();
        xs.push(performance.now() - s);
      }
      return median(xs);
    };
    const real = await time(() => k('get', 'pods'));
    // What no Node.js program can go under: the runtime's own start-up.
    const bare = await time(() => execa(process.execPath, ['-e', '0']));
    const ours = await time(() => execa(process.execPath, [BIN, 'kubectl', '--', 'get', 'pods'], { env }));
    const inProcess = await time(async () => {
      const { runKubectl } = await import('../src/cli/kubectl/index.js');
      await runKubectl(['get', 'pods'], { out: () => undefined, err: () => undefined }, { kubeconfig: env.KUBECONFIG });
    });
    return [
      ['kubectl 1.35 get pods (3 pods), median of 15', `${real.toFixed(0)} ms`, ''],
      ['minik9s kubectl get pods (built in, new process), median of 15', `${ours.toFixed(0)} ms`, `${(ours / real).toFixed(2)}x kubectl's time; target <= 1x`],
      ['node -e 0 (Node.js start-up alone), median of 15', `${bare.toFixed(0)} ms`, `${(bare / real).toFixed(2)}x kubectl's time: the floor of any Node.js command`],
      ['the same command run inside an already started process (the dashboard\'s ! prompt)', `${inProcess.toFixed(1)} ms`, ''],
    ];
  } finally {
    await execa(process.execPath, [BIN, 'delete'], { env, reject: false });
    rmSync(dir, { recursive: true, force: true });
  }
}
