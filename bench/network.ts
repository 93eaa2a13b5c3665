/**
 * Networking benchmark for `npm run bench`: requests per second and latency through a NodePort listener to a
 * 3-pod nginx Deployment in the daemon, against the same client hitting a plain Node.js HTTP server (in a process
 * of its own, answering a body of the same size) on 127.0.0.1. Everything stays on loopback, bounded in count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

const BIN = path.resolve(import.meta.dirname, '../src/cli/main.js');
const REQUESTS = 6_000;
const CONNECTIONS = 16;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/** load sends REQUESTS GETs over CONNECTIONS keep-alive connections and times each. */
async function load(url: string): Promise<{ perSec: number; p50: number; p99: number; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const lat: number[] = [];
  let bytes = 0;
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const s = performance.now();
      http
        .get(url, { agent }, (res) => {
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
            lat.push(performance.now() - s);
            resolve();
          });
        })
        .on('error', reject);
    });
  // Warm-up, then the measured run.
  for (let i = 0; i < 200; i++) await one();
  lat.length = 0;
  bytes = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next++ < REQUESTS) await one();
  }));
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  return { perSec: REQUESTS / secs, p50: pct(lat, 50), p99: pct(lat, 99), bytes: bytes / REQUESTS };
}

export async function networkRows(): Promise<(string | number)[][]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-bench-net-'));
  const env = { MINIK9S_HOME: path.join(dir, 'home'), KUBECONFIG: path.join(dir, 'kubeconfig'), HOME: dir, NO_COLOR: '1' };
  const cli = (...args: string[]) => execa(process.execPath, [BIN, ...args], { env });
  const kubectl = (await import('../test/setup/tools.js')).KUBECTL;
  const k = (...args: string[]) => execa(kubectl, ['--cache-dir', path.join(dir, 'cache'), ...args], { env });
  const plain = execa(process.execPath, ['-e', `
    const body = Buffer.alloc(Number(process.argv[1]), 'x');
    const s = require('http').createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': body.length }); res.end(body); });
    s.listen(0, '127.0.0.1', () => console.log(s.address().port));
  `, '721'], { reject: false });
  const port = new Promise<string>((resolve) => plain.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  try {
    await cli('start');
    await k('create', 'deployment', 'web', '--image=nginx', '--replicas=3');
    await k('expose', 'deployment', 'web', '--type=NodePort', '--port=80');
    await k('rollout', 'status', 'deploy/web', '--timeout=60s');
    const url = (await cli('service', 'web', '--url')).stdout.trim();
    const base = await load(`http://127.0.0.1:${await port}/`);
    const np = await load(url);
    const row = (what: string, r: Awaited<ReturnType<typeof load>>, note: string) => [what, `${Math.round(r.perSec).toLocaleString('en')}/s`, `${r.p50.toFixed(2)} ms`, `${r.p99.toFixed(2)} ms`, note];
    return [
      row('plain Node.js HTTP server (its own process)', base, `${Math.round(base.bytes)} bytes a response`),
      row('NodePort → kube-proxy → 3 nginx pods (the daemon)', np, `${Math.round(np.bytes)} bytes; ratio ${(np.perSec / base.perSec).toFixed(2)} (target ≥ 0.5)`),
    ];
  } finally {
    plain.kill();
    await cli('delete').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
