import { describe, it, expect, afterEach } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { hostCluster, type HostedCluster } from '../../src/cluster/host.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { deployment, activePods, deployKind, podKind, seeded } from '../controllers/helpers.js';
import { httpGet } from '../helpers/http.js';

const svcKind = mustKind('v1', 'Service');

let h: HostedCluster | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function boot(nodes = 1) {
  const clock = new ManualClock();
  h = await hostCluster({ clock, random: seeded(), nodes });
  return { h, c: h.cluster, clock };
}

const service = (name: string, spec: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 80 }], ...spec } }) as KubeObject;

const get = (url: string, agent: http.Agent | false = false) => httpGet(url, { agent });

describe('kube-proxy and the node ports', () => {
  it('a NodePort Service on 127.0.0.1: round robin over the ready pods, each request logged by the pod that answered', async () => {
    const { c, clock, h } = await boot();
    await c.client.create(deployKind, 'default', deployment('web', 3));
    await c.client.create(svcKind, 'default', service('web', { type: 'NodePort' }));
    await clock.advance(30_000);
    const [u] = h.nodePorts.list();
    expect(u).toMatchObject({ namespace: 'default', name: 'web', port: 80, targetPort: '80' });
    expect(u!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const counts = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const r = await get(u!.url);
      expect(r.status).toBe(200);
      expect(r.body).toContain(`served by pod <strong>${r.pod}</strong>`);
      counts.set(r.pod, (counts.get(r.pod) ?? 0) + 1);
    }
    // Fair: every pod had exactly a third.
    expect([...counts.values()]).toEqual([20, 20, 20]);
    expect([...counts.keys()].sort()).toEqual(activePods(c, 'default', 'app=web').map((p) => p.metadata.name).sort());
    const pod = [...counts.keys()][0]!;
    const { log } = c.containerLog(c.store.get(`/pods/default/${pod}`) as never, 'nginx', false) as { log: { lines(): { text: string }[] } };
    const access = log.lines().filter((l) => l.text.includes('"GET / HTTP/1.1" 200'));
    expect(access).toHaveLength(20);
    expect(access[0]!.text).toMatch(/^10\.244\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "-" "-"$/);
    // A keep-alive connection stays on its pod, as kube-proxy balances connections.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get(u!.url, agent);
    for (let i = 0; i < 5; i++) expect((await get(u!.url, agent)).pod).toBe(first.pod);
    agent.destroy();
  });

  it('not-ready and terminating pods get no traffic; deleting a pod mid-burst loses no request once the endpoints moved', async () => {
    const { c, clock, h } = await boot();
    await c.client.create(deployKind, 'default', deployment('web', 2));
    await c.client.create(svcKind, 'default', service('web', { type: 'NodePort' }));
    await clock.advance(30_000);
    // A third pod with the Service's label whose image is still being pulled: not ready, so never chosen.
    await c.client.create(podKind, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'slow', labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } as KubeObject);
    await c.settle();
    const url = h.nodePorts.list()[0]!.url;
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) seen.add((await get(url)).pod);
    expect(seen.size).toBe(2);
    expect(seen.has('slow')).toBe(false);
    // Delete one serving pod: it is terminating at once (out of the endpoints), and every request still succeeds.
    const victim = [...seen][0]!;
    await c.client.delete(podKind, 'default', victim);
    await c.settle();
    for (let i = 0; i < 12; i++) {
      const r = await get(url);
      expect(r.status).toBe(200);
      expect(r.pod).not.toBe(victim);
    }
  });

  it('a Service without ready endpoints refuses; named targetPorts, ClientIP affinity and internalTrafficPolicy Local are honoured', async () => {
    const { c, clock, h } = await boot(2);
    await c.client.create(svcKind, 'default', service('empty', { type: 'NodePort' }));
    await c.settle();
    const empty = h.nodePorts.list().find((u) => u.name === 'empty')!;
    await expect(get(empty.url)).rejects.toMatchObject({ code: 'ECONNRESET' });

    // http-echo told to listen on 8080, behind a Service whose targetPort names the container port.
    await c.client.create(deployKind, 'default', deployment('echo', 4, 'hashicorp/http-echo', {
      template: { metadata: { labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo', image: 'hashicorp/http-echo', args: ['-text=hi', '-listen=:8080'], ports: [{ name: 'web', containerPort: 8080 }] }] } },
    }));
    await c.client.create(svcKind, 'default', service('echo', { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'web' }] }));
    await clock.advance(30_000);
    const echo = h.nodePorts.list().find((u) => u.name === 'echo')!;
    expect(echo).toMatchObject({ portName: 'http', targetPort: 'web' });
    expect((await get(echo.url)).body).toBe('hi\n');

    const svc = c.proxy.service('default', 'echo')!;
    const port = svc.spec!.ports![0]!;
    expect(c.proxy.backends(svc, port).map((b) => b.port)).toEqual([8080, 8080, 8080, 8080]);
    // ClientIP affinity: one client keeps its pod; another may get another.
    await c.client.patch(svcKind, 'default', 'echo', 'merge', { spec: { sessionAffinity: 'ClientIP' } });
    await c.settle();
    const sticky = c.proxy.service('default', 'echo')!;
    const a = c.proxy.pick(sticky, port, { ip: '10.244.1.5' })!.pod;
    for (let i = 0; i < 8; i++) expect(c.proxy.pick(sticky, port, { ip: '10.244.1.5' })!.pod).toBe(a);
    // internalTrafficPolicy Local: a client on a node only reaches that node's pods.
    await c.client.patch(svcKind, 'default', 'echo', 'merge', { spec: { sessionAffinity: 'None', internalTrafficPolicy: 'Local' } });
    await c.settle();
    const local = c.proxy.service('default', 'echo')!;
    const hosting = new Set(activePods(c, 'default', 'app=echo').map((p) => p.spec!.nodeName!));
    expect(hosting.size).toBe(2); // the scheduler spread the four pods over both nodes
    for (const node of ['minik9s', 'minik9s-m02']) {
      for (let i = 0; i < 6; i++) expect(c.proxy.pick(local, port, { ip: '10.244.0.9', node })!.node).toBe(node);
    }
    expect(c.proxy.pick(local, port, { ip: '10.244.0.9', node: 'elsewhere' })).toBeUndefined();
    // A port nothing listens on is refused by the pod itself.
    const pod = activePods(c, 'default', 'app=echo')[0]!;
    expect(c.connectPod('default', pod.metadata.name!, 9999)).toMatchObject({ refused: expect.stringMatching(/nothing listens on 10\.244\.\d+\.\d+:9999/) });
  });

  it('listeners bind 127.0.0.1 only, follow the Service, and are closed by stop', async () => {
    const { c, clock } = await boot();
    await c.client.create(deployKind, 'default', deployment('web', 1));
    await c.client.create(svcKind, 'default', service('web', { type: 'NodePort' }));
    await clock.advance(30_000);
    const url = new URL(h!.nodePorts.list()[0]!.url);
    expect(url.hostname).toBe('127.0.0.1');
    // Turned into a ClusterIP Service, its node port and listener go.
    await c.client.patch(svcKind, 'default', 'web', 'merge', { spec: { type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, nodePort: null }] } });
    await c.settle();
    await h!.nodePorts.sync();
    expect(h!.nodePorts.list()).toEqual([]);
    await expect(get(url.href)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // Back to NodePort, then the cluster stops: the port is closed.
    await c.client.patch(svcKind, 'default', 'web', 'merge', { spec: { type: 'NodePort' } });
    await c.settle();
    await h!.nodePorts.sync();
    const again = new URL(h!.nodePorts.list()[0]!.url);
    expect((await get(again.href)).status).toBe(200);
    await h!.stop();
    h = undefined;
    await expect(
      new Promise((resolve, reject) => {
        const s = net.connect(Number(again.port), '127.0.0.1', () => resolve(s.destroy()));
        s.on('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
