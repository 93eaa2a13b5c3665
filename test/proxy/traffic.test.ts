import { describe, it, expect, afterEach } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { serveTraffic } from '../../src/apiserver/http/traffic-api.js';
import { burstLine } from '../../src/tui/requests.js';
import { deployment, activePods, deployKind, podKind, seeded } from '../controllers/helpers.js';

const svcKind = mustKind('v1', 'Service');

let c: Cluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

async function boot() {
  const clock = new ManualClock();
  c = await Cluster.start({ clock, random: seeded() });
  await c.client.create(deployKind, 'default', deployment('web', 3));
  await c.client.create(svcKind, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } as KubeObject);
  await clock.advance(30_000);
  return { c, clock };
}

describe('bursts of requests at a Service (the dashboard\'s b)', () => {
  it('spread evenly over the pods, one every 100 ms of cluster time; the pods count what they answered', async () => {
    const { c, clock } = await boot();
    const started = serveTraffic(c, 'POST', { namespace: 'default', service: 'web', count: 30 }) as { burst: { sent: number; done: boolean } };
    expect(started.burst).toMatchObject({ sent: 0, done: false });
    await clock.advance(1_000);
    expect(c.traffic.state()).toMatchObject({ sent: 10, answered: 10, done: false });
    await clock.advance(2_000);
    const b = c.traffic.state()!;
    expect(b).toMatchObject({ count: 30, sent: 30, answered: 30, failed: 0, done: true });
    expect(Object.values(b.byPod)).toEqual([10, 10, 10]);
    const counts = (serveTraffic(c, 'GET', undefined) as { pods: Record<string, number> }).pods;
    expect(Object.values(counts)).toEqual([10, 10, 10]);
    expect(burstLine(b)).toMatch(/^Burst to default\/web: 30\/30 answered, 0 failed — web-[a-z0-9-]+ 10 · web-[a-z0-9-]+ 10 · web-[a-z0-9-]+ 10$/);
  });

  it('a pod deleted mid-burst stops getting requests and none fails; a Service without pods fails them all', async () => {
    const { c, clock } = await boot();
    c.traffic.burst('default', 'web', 60);
    await clock.advance(1_500);
    const victim = activePods(c, 'default', 'app=web')[0]!.metadata.name!;
    const before = c.traffic.state()!.byPod[victim] ?? 0;
    await c.client.delete(podKind, 'default', victim);
    await clock.advance(6_000);
    const b = c.traffic.state()!;
    expect(b).toMatchObject({ sent: 60, answered: 60, failed: 0, done: true });
    expect(b.byPod[victim]).toBe(before);
    await c.client.create(svcKind, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nobody' }, spec: { selector: { app: 'nobody' }, ports: [{ port: 80 }] } } as KubeObject);
    await c.settle();
    c.traffic.burst('default', 'nobody', 5);
    await clock.advance(1_000);
    expect(c.traffic.state()).toMatchObject({ sent: 5, answered: 0, failed: 5, done: true });
    expect(() => serveTraffic(c, 'POST', { namespace: 'default', service: 'nope' })).toThrow(/services "nope" not found/);
    expect(() => serveTraffic(c, 'POST', { namespace: 'default', service: 'web', count: 0 })).toThrow(/count must be a whole number/);
    expect(() => serveTraffic(c, 'POST', { service: 'web' })).toThrow(/a burst needs \{"namespace": \.\.\., "service": \.\.\.\}/);
    expect(() => serveTraffic(c, 'DELETE', undefined)).toThrow(/does not allow this method/);
  });
});
