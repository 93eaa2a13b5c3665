import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { hostCluster, type HostedCluster } from '../../src/cluster/host.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { ensureTools } from '../setup/tools.js';
import { httpGet as get } from '../helpers/http.js';
import { deployment, activePods, deployKind, seeded } from '../controllers/helpers.js';

const svcKind = mustKind('v1', 'Service');

/** The real kubectl 1.35 port-forward, over its WebSocket-tunneled SPDY and over the plain SPDY fallback. */
describe('kubectl port-forward', () => {
  let h: HostedCluster;
  let kubectl: string;
  let cache: string;
  const running: ResultPromise[] = [];

  beforeAll(async () => {
    kubectl = (await ensureTools()).kubectl;
    cache = mkdtempSync(path.join(os.tmpdir(), 'minik9s-pf-'));
    const clock = new ManualClock();
    h = await hostCluster({ clock, random: seeded() });
    await h.cluster.client.create(deployKind, 'default', deployment('web', 2));
    await h.cluster.client.create(svcKind, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 80 }] } } as KubeObject);
    await clock.advance(30_000);
  });
  afterAll(async () => {
    for (const p of running) p.kill();
    await h?.stop();
    rmSync(cache, { recursive: true, force: true });
  });

  /** forward starts kubectl port-forward TARGET :PORT and resolves with the local URL it prints. */
  async function forward(target: string, port: number, env: Record<string, string> = {}) {
    const p = execa(kubectl, ['--server', h.url, '--cache-dir', cache, 'port-forward', target, `:${port}`], { reject: false, env: { ...env, KUBECONFIG: '/dev/null' } });
    running.push(p);
    let out = '';
    let err = '';
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      p.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
        if (m) resolve(`http://127.0.0.1:${m[1]}`);
      });
      void p.then(() => reject(new Error(`kubectl port-forward exited: ${out} ${err}`)));
    });
    return { url, proc: p, output: () => out, errors: () => err };
  }

  it('forwards to a pod over the WebSocket tunnel: its nginx answers, again and again', async () => {
    const pod = activePods(h.cluster, 'default', 'app=web')[0]!.metadata.name!;
    const f = await forward(`pod/${pod}`, 80);
    for (let i = 0; i < 3; i++) {
      const r = await get(`${f.url}/`);
      expect(r.status).toBe(200);
      expect(r.pod).toBe(pod);
      expect(r.body).toContain('<title>Welcome to nginx!</title>');
    }
    expect((await get(`${f.url}/missing`)).status).toBe(404);
    expect(f.output()).toContain('Handling connection for');
    f.proc.kill('SIGINT');
  });

  it('svc/NAME over the plain SPDY upgrade (kubectl picks one pod of the Service, its targetPort)', async () => {
    const f = await forward('svc/web', 8080, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
    const r = await get(`${f.url}/`);
    expect(r.status).toBe(200);
    expect(activePods(h.cluster, 'default', 'app=web').map((p) => p.metadata.name)).toContain(r.pod);
    f.proc.kill('SIGINT');
  });

  it('a port nothing listens on: the kubelet error reaches kubectl, which gives up on the connection', async () => {
    const pod = activePods(h.cluster, 'default', 'app=web')[0]!.metadata.name!;
    const f = await forward(`pod/${pod}`, 81);
    await expect(get(`${f.url}/`)).rejects.toBeDefined();
    const done = await f.proc;
    expect(done.exitCode).toBe(1);
    expect(f.errors()).toMatch(/an error occurred forwarding \d+ -> 81: error forwarding port 81 to pod [0-9a-f-]+, uid : failed to connect to localhost:81/);
    expect(f.errors()).toContain('error: lost connection to pod');
  });
});
