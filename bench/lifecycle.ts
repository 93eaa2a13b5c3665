/**
 * Lifecycle benchmarks for `npm run bench`: durable write throughput (the store alone, the whole API over HTTPS,
 * and etcd 3.4 on the same machine when Debian's etcd-server is installed), `stop`, and a restart of a profile
 * holding 10,000 objects, after a clean stop (snapshot) and after kill -9 (log replay).
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PersistentStore } from '../src/store/persistent-store.js';
import { clientFromKubeconfig } from '../src/client/kubeconfig.js';
import { mustKind } from '../src/api/kinds.js';
import type { KubeObject } from '../src/api/types.js';

const BIN = path.resolve(import.meta.dirname, '../src/cli/main.js');
const CONCURRENCY = 64;
/** ~1 KiB of data per object, like a small ConfigMap. */
const VALUE = 'x'.repeat(1000);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/** run does `total` writes from CONCURRENCY writers, each waiting for its answer, and times them. */
async function run(total: number, write: (i: number) => Promise<unknown>): Promise<{ perSec: number; p50: number; p99: number }> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < total; i = next++) {
        const s = performance.now();
        await write(i);
        lat.push(performance.now() - s);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return { perSec: total / secs, p50: pct(lat, 50), p99: pct(lat, 99) };
}

const row = (what: string, r: { perSec: number; p50: number; p99: number }, note: string) => [what, `${Math.round(r.perSec).toLocaleString('en')}/s`, `${r.p50.toFixed(1)} ms`, `${r.p99.toFixed(1)} ms`, note];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** etcdRow starts etcd 3.4 on loopback (its own data dir) and puts keys through its JSON gateway. */
async function etcdRow(total: number): Promise<(string | number)[]> {
  const version = await execa('etcd', ['--version'], { reject: false });
  if (version.exitCode !== 0) return ['etcd 3.4 (not installed: apt-get install etcd-server)', '-', '-', '-', ''];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const proc = execa('etcd', ['--data-dir', dir, '--listen-client-urls', `http://127.0.0.1:${client}`, '--advertise-client-urls', `http://127.0.0.1:${client}`, '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`, '--initial-cluster', `default=http://127.0.0.1:${peer}`], { reject: false, all: true });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (p: string, body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: client, path: p, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`etcd answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  try {
    for (let i = 0; ; i++) {
      try {
        await post('/v3/kv/range', JSON.stringify({ key: Buffer.from('x').toString('base64') }));
        break;
      } catch (err) {
        if (i > 100) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const value = Buffer.from(VALUE).toString('base64');
    const r = await run(total, (i) => post('/v3/kv/put', JSON.stringify({ key: Buffer.from(`/registry/configmaps/default/cm-${i}`).toString('base64'), value })));
    return row(`etcd ${version.stdout.split('\n')[0]!.replace('etcd Version: ', '')} (HTTP JSON gateway /v3/kv/put)`, r, 'fsync per raft batch; the store kube-apiserver writes to');
  } finally {
    agent.destroy();
    proc.kill('SIGKILL');
    await proc;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** storeRow writes ConfigMaps straight into a PersistentStore, each writer awaiting sync() (its fsync). */
async function storeRow(total: number): Promise<(string | number)[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-store-bench-'));
  const store = await PersistentStore.open(dir);
  try {
    const r = await run(total, (i) => {
      store.create(`/configmaps/default/cm-${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default', uid: `u-${i}` }, data: { v: VALUE } } as KubeObject);
      return store.sync();
    });
    return row('minik9s store (in-process, create + sync)', r, 'write-ahead log, group commit, fdatasync');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function restoreLine(home: string): string {
  const lines = readFileSync(path.join(home, 'profiles', 'minik9s', 'daemon.log'), 'utf8').trim().split('\n');
  return lines.filter((l) => l.includes('store: restored')).at(-1)?.replace(/^\S+ store: /, '') ?? '';
}

/**
 * lifecycleRows: write throughput, then a daemon holding 10,000 ConfigMaps (made through the API, which is the
 * API row) is killed with -9 and started (replaying the log), stopped (timed), and started again (a snapshot).
 */
export async function lifecycleRows(objects = 10_000): Promise<{ writes: (string | number)[][]; restart: (string | number)[][] }> {
  const writes = [await storeRow(20_000)];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-bench-'));
  const env = { MINIK9S_HOME: path.join(dir, 'home'), KUBECONFIG: path.join(dir, 'kubeconfig'), HOME: dir, NO_COLOR: '1' };
  const cli = async (...args: string[]) => {
    const t = performance.now();
    const r = await execa(process.execPath, [BIN, ...args], { env, reject: false });
    if (r.exitCode !== 0) throw new Error(`minik9s ${args.join(' ')}: ${r.stderr}`);
    return (performance.now() - t) / 1000;
  };
  const restart: (string | number)[][] = [];
  try {
    await cli('start');
    const { client } = await clientFromKubeconfig({ kubeconfig: env.KUBECONFIG });
    const cm = mustKind('v1', 'ConfigMap');
    const r = await run(objects, (i) => client.create(cm, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { v: VALUE } } as KubeObject));
    client.close();
    writes.push(row('minik9s API (ConfigMap creates over HTTPS, answered after fsync)', r, 'the whole kube-apiserver path: decode, admission, store, log'));
    writes.push(await etcdRow(20_000));

    const pid = (JSON.parse(readFileSync(path.join(env.MINIK9S_HOME, 'profiles', 'minik9s', 'config.json'), 'utf8')) as { pid: number }).pid;
    process.kill(pid, 'SIGKILL');
    const crashStart = await cli('start');
    restart.push([`\`start\` after kill -9 (${objects.toLocaleString('en')} ConfigMaps + the cluster's own)`, `${crashStart.toFixed(2)} s`, restoreLine(env.MINIK9S_HOME)]);
    const stop = await cli('stop');
    restart.push(['`stop` → stopped (snapshot written)', `${stop.toFixed(2)} s`, '']);
    const cleanStart = await cli('start');
    restart.push(['`start` after `stop`', `${cleanStart.toFixed(2)} s`, restoreLine(env.MINIK9S_HOME)]);
    await cli('delete');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { writes, restart };
}
