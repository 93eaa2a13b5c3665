import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Pod, Node } from 'kubernetes-types/core/v1.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { startApiServer, type RunningApiServer } from '../../src/apiserver/http/server.js';
import { podStatus } from '../../src/api/printers/core.js';
import { podKind, nodeKind, eventKind } from '../helpers/fixtures.js';

/** Fault injection through the daemon's /minik9s/v1/faults endpoint, on a manual clock. */
describe('fault injection', () => {
  let c: Cluster;
  let clock: ManualClock;
  let server: RunningApiServer;
  const post = async (body: unknown) => {
    const r = await fetch(`${server.url}/minik9s/v1/faults`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    return { status: r.status, body: (await r.json()) as { message?: string; reason?: string } };
  };
  const pod = (name: string) => c.registry.get(podKind, 'default', name) as unknown as Pod;
  const run = async (name: string, image: string, policy: 'Always' | 'IfNotPresent' = 'IfNotPresent') => {
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'app', image, imagePullPolicy: policy }] },
    });
    await clock.advance(5_000);
  };

  beforeEach(async () => {
    clock = new ManualClock();
    c = await Cluster.start({ clock });
    server = await startApiServer(c.registry, { nodes: c, faults: c });
  });
  afterEach(async () => {
    await server.close();
    await c.stop();
  });

  it('crashes a container: Error, then the restartPolicy brings it back', async () => {
    await run('web', 'nginx:1.27');
    expect(podStatus(pod('web'), clock.now()).status).toBe('Running');
    expect((await post({ type: 'crash-container', namespace: 'default', pod: 'web' })).status).toBe(200);
    await clock.advance(100);
    const crashed = pod('web').status!.containerStatuses![0]!;
    expect(crashed.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    await clock.advance(5_000);
    const back = pod('web').status!.containerStatuses![0]!;
    expect(back.restartCount).toBe(1);
    expect(back.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(podStatus(pod('web'), clock.now()).status).toBe('Running');
  });

  it('OOM-kills a container: exit 137, reason OOMKilled', async () => {
    await run('web', 'nginx:1.27');
    await post({ type: 'crash-container', namespace: 'default', pod: 'web', oomKilled: true });
    await clock.advance(100);
    expect(pod('web').status!.containerStatuses![0]!.state?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('makes an image\'s pulls fail until they are restored', async () => {
    expect((await post({ type: 'fail-pulls', image: 'nginx' })).status).toBe(200);
    await run('pull', 'nginx:1.27', 'Always');
    const s = podStatus(pod('pull'), clock.now()).status;
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(s);
    const events = c.registry.list(eventKind, 'default').items.map((e) => (e as { message?: string }).message ?? '');
    expect(events.some((m) => m.includes('toomanyrequests: You have reached your unauthenticated pull rate limit'))).toBe(true);
    await post({ type: 'restore-pulls', image: 'nginx' });
    await clock.advance(60_000);
    expect(podStatus(pod('pull'), clock.now()).status).toBe('Running');
  });

  it('takes a node down and brings it back', async () => {
    expect((await post({ type: 'node-down', node: 'minik9s' })).status).toBe(200);
    await clock.advance(70_000);
    const down = c.registry.get(nodeKind, undefined, 'minik9s') as unknown as Node;
    expect(down.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    await post({ type: 'node-up', node: 'minik9s' });
    await clock.advance(15_000);
    const up = c.registry.get(nodeKind, undefined, 'minik9s') as unknown as Node;
    expect(up.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
  });

  it('answers bad fault requests with a Status', async () => {
    expect(await post({ type: 'explode' })).toMatchObject({ status: 400, body: { reason: 'BadRequest' } });
    expect(await post({ type: 'crash-container', namespace: 'default' })).toMatchObject({ status: 400 });
    expect(await post({ type: 'crash-container', namespace: 'default', pod: 'nope' })).toMatchObject({ status: 404, body: { message: 'pods "nope" not found' } });
    expect(await post({ type: 'node-down', node: 'm02' })).toMatchObject({ status: 404 });
    expect((await fetch(`${server.url}/minik9s/v1/faults`)).status).toBe(405);
  });
});
