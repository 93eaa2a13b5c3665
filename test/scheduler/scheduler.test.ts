import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { startCluster, events, podKind, nodeKind, type P } from '../controllers/helpers.js';

let c: Cluster;
let clock: ManualClock;

beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

const pod = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec },
});

const get = (name: string) => c.registry.get(podKind, 'default', name) as P;
const UNSCHEDULABLE_TAIL = '. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';

describe('Scheduler', () => {
  it('binds a pod to the node and records Scheduled with the real message', async () => {
    await c.client.create(podKind, 'default', pod('web'));
    await c.settle();
    const p = get('web');
    expect(p.spec!.nodeName).toBe('minik9s');
    expect(p.status!.conditions!.find((x) => x.type === 'PodScheduled')?.status).toBe('True');
    const sched = events(c, 'web').filter((e) => e.reason === 'Scheduled');
    expect(sched).toHaveLength(1);
    expect(sched[0]).toMatchObject({
      type: 'Normal',
      message: 'Successfully assigned default/web to minik9s',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-minik9s',
      action: 'Binding',
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: p.metadata.uid },
    });
  });

  it('leaves a pod for another scheduler alone', async () => {
    await c.client.create(podKind, 'default', pod('custom', { schedulerName: 'my-scheduler' }));
    await clock.advance(5_000);
    expect(get('custom').spec!.nodeName).toBeUndefined();
    expect(events(c, 'custom').filter((e) => e.reason === 'Scheduled')).toEqual([]);
  });

  it('a pod whose nodeSelector matches no node stays Pending with PodScheduled=False and FailedScheduling', async () => {
    await c.client.create(podKind, 'default', pod('picky', { nodeSelector: { disk: 'ssd' } }));
    await c.settle();
    const p = get('picky');
    expect(p.spec!.nodeName).toBeUndefined();
    const msg = `0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector${UNSCHEDULABLE_TAIL}`;
    expect(p.status!.conditions!.find((x) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    const failed = events(c, 'picky').filter((e) => e.reason === 'FailedScheduling');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: 'Warning', message: msg });

    // Labelling the node makes it fit.
    await c.client.patch(nodeKind, undefined, 'minik9s', 'merge', { metadata: { labels: { disk: 'ssd' } } });
    await c.settle();
    // Node label changes alone do not retrigger (only spec or conditions do); a pod update does.
    await c.client.patch(podKind, 'default', 'picky', 'merge', { metadata: { labels: { nudge: '1' } } });
    await c.settle();
    expect(get('picky').spec!.nodeName).toBe('minik9s');
  });

  it('does not schedule onto a cordoned node, and does once it is uncordoned', async () => {
    await c.client.patch(nodeKind, undefined, 'minik9s', 'merge', { spec: { unschedulable: true } });
    await c.settle();
    await c.client.create(podKind, 'default', pod('waiting'));
    await c.settle();
    expect(get('waiting').spec!.nodeName).toBeUndefined();
    expect(events(c, 'waiting').find((e) => e.reason === 'FailedScheduling')?.message).toBe(
      `0/1 nodes are available: 1 node(s) were unschedulable${UNSCHEDULABLE_TAIL}`,
    );
    await c.client.patch(nodeKind, undefined, 'minik9s', 'merge', { spec: { unschedulable: false } });
    await c.settle();
    expect(get('waiting').spec!.nodeName).toBe('minik9s');
  });

  it('respects NoSchedule taints unless tolerated', async () => {
    await c.client.patch(nodeKind, undefined, 'minik9s', 'merge', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } });
    await c.settle();
    await c.client.create(podKind, 'default', pod('plain'));
    await c.client.create(podKind, 'default', pod('tolerant', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }));
    await c.settle();
    expect(get('plain').spec!.nodeName).toBeUndefined();
    expect(events(c, 'plain').find((e) => e.reason === 'FailedScheduling')?.message).toBe(
      `0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}${UNSCHEDULABLE_TAIL}`,
    );
    expect(get('tolerant').spec!.nodeName).toBe('minik9s');
  });
});
