import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { startCluster, events, podKind, nodeKind, deployKind, type P } from '../controllers/helpers.js';

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
// FitError.Error() ends each part with '.', and the preemption part is itself a FitError: hence the '..'.
const UNSCHEDULABLE_TAIL = '. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..';
const NO_VICTIMS_TAIL = '. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..';

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
    // A node update that could help moves the pod out of the unschedulable pods at once.
    expect(get('picky').spec!.nodeName).toBe('minik9s');
    expect(get('picky').status!.conditions!.find((x) => x.type === 'PodScheduled')?.status).toBe('True');
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

const withRequests = (name: string, requests: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject =>
  pod(name, { containers: [{ name: 'app', image: 'nginx', resources: { requests } }], ...spec });

const scheduledCondition = (name: string) => get(name).status?.conditions?.find((x) => x.type === 'PodScheduled');

/** addNode registers a node without a kubelet (Ready, with the given allocatable and labels). */
async function addNode(name: string, allocatable: Record<string, string>, labels: Record<string, string> = {}, spec: Record<string, unknown> = {}): Promise<void> {
  await c.client.create(nodeKind, undefined, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels } },
    spec,
  });
  const n = (await c.client.get(nodeKind, undefined, name)) as KubeObject;
  await c.client.update(nodeKind, undefined, {
    ...n,
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }] },
  } as KubeObject, { subresource: 'status' });
  await c.settle();
}

describe('Scheduler: resources', () => {
  it('a pod asking more cpu than is free stays Pending with the upstream message, and schedules once a big pod is gone', async () => {
    await c.client.create(podKind, 'default', withRequests('big', { cpu: '1500m' }));
    await c.settle();
    expect(get('big').spec!.nodeName).toBe('minik9s');

    await c.client.create(podKind, 'default', withRequests('second', { cpu: '1', memory: '64Mi' }));
    await c.settle();
    const msg = `0/1 nodes are available: 1 Insufficient cpu${NO_VICTIMS_TAIL}`;
    expect(get('second').spec!.nodeName).toBeUndefined();
    expect(scheduledCondition('second')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    const failed = events(c, 'second').filter((e) => e.reason === 'FailedScheduling');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: 'Warning', message: msg, reportingComponent: 'default-scheduler' });

    // A terminating pod still holds its room until it is gone (grace period 30 s).
    await c.client.delete(podKind, 'default', 'big');
    await c.settle();
    expect(get('second').spec!.nodeName).toBeUndefined();
    await clock.advance(35_000);
    expect(get('second').spec!.nodeName).toBe('minik9s');
    expect(scheduledCondition('second')?.status).toBe('True');
  });

  it('a request above the whole allocatable is unresolvable: preemption is not helpful', async () => {
    await c.client.create(podKind, 'default', withRequests('huge', { cpu: '3' }));
    await c.settle();
    expect(scheduledCondition('huge')?.message).toBe(`0/1 nodes are available: 1 Insufficient cpu${UNSCHEDULABLE_TAIL}`);
  });

  it('memory: Insufficient memory; cpu and memory both short list both reasons, sorted', async () => {
    await c.client.create(podKind, 'default', withRequests('m1', { memory: '3Gi' }));
    await c.client.create(podKind, 'default', withRequests('m2', { memory: '2Gi' }));
    await c.settle();
    expect(get('m1').spec!.nodeName).toBe('minik9s');
    expect(scheduledCondition('m2')?.message).toBe(`0/1 nodes are available: 1 Insufficient memory${NO_VICTIMS_TAIL}`);
    await c.client.create(podKind, 'default', withRequests('both', { cpu: '2500m', memory: '2Gi' }));
    await c.settle();
    expect(scheduledCondition('both')?.message).toBe(`0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory${UNSCHEDULABLE_TAIL}`);
  });

  it('init containers count as the max of the largest init container and the app containers, plus overhead', async () => {
    // app 500m, init 1800m → 1800m effective; a second pod of 500m no longer fits on 2 cores.
    await c.client.create(podKind, 'default', withRequests('init', { cpu: '500m' }, { initContainers: [{ name: 'setup', image: 'busybox', resources: { requests: { cpu: '1800m' } } }] }));
    await c.settle();
    expect(get('init').spec!.nodeName).toBe('minik9s');
    await c.client.create(podKind, 'default', withRequests('after', { cpu: '500m' }));
    await c.settle();
    expect(get('after').spec!.nodeName).toBeUndefined();
    expect(scheduledCondition('after')?.message).toBe(`0/1 nodes are available: 1 Insufficient cpu${NO_VICTIMS_TAIL}`);
  });

  it('Too many pods, counted per node, and reasons of several nodes sorted with their counts', async () => {
    await c.client.patch(nodeKind, undefined, 'minik9s', 'merge', { spec: { unschedulable: true } });
    await addNode('tiny', { cpu: '4', memory: '8Gi', pods: '2' });
    await c.client.create(podKind, 'default', pod('first'));
    await c.settle();
    expect(get('first').spec!.nodeName).toBe('tiny'); // tiny also runs its kube-proxy pod
    await c.client.create(podKind, 'default', pod('third'));
    await c.settle();
    expect(scheduledCondition('third')?.message).toBe(
      '0/2 nodes are available: 1 Too many pods, 1 node(s) were unschedulable. ' +
        'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..',
    );
    // A finished pod frees its slot.
    const first = get('first');
    await c.client.update(podKind, 'default', { ...first, metadata: { ...first.metadata, resourceVersion: undefined }, status: { ...first.status, phase: 'Succeeded' } } as KubeObject, { subresource: 'status' });
    await c.settle();
    expect(get('third').spec!.nodeName).toBe('tiny');
  });

  it('preemptionPolicy Never says so', async () => {
    await c.client.create(podKind, 'default', withRequests('polite', { cpu: '3' }, { preemptionPolicy: 'Never' }));
    await c.settle();
    expect(scheduledCondition('polite')?.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..');
  });

  it('retries an unschedulable pod every 5 minutes, one FailedScheduling event with a growing count', async () => {
    await c.client.create(podKind, 'default', pod('picky', { nodeSelector: { disk: 'ssd' } }));
    await c.settle();
    expect(events(c, 'picky').filter((e) => e.reason === 'FailedScheduling').map((e) => e.count ?? 1)).toEqual([1]);
    await clock.advance(4 * 60_000);
    expect(events(c, 'picky').filter((e) => e.reason === 'FailedScheduling').map((e) => e.count ?? 1)).toEqual([1]);
    await clock.advance(60_000);
    expect(events(c, 'picky').filter((e) => e.reason === 'FailedScheduling').map((e) => e.count)).toEqual([2]);
    // A status-only update of the pod does not trigger another attempt.
    expect(get('picky').spec!.nodeName).toBeUndefined();
  });
});

const antiAffinity = (app: string, topologyKey = 'kubernetes.io/hostname') => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey }] },
});

describe('Scheduler: affinity', () => {
  it('required anti-affinity on hostname leaves the second replica Pending until another node joins', async () => {
    const spec = { containers: [{ name: 'nginx', image: 'nginx' }], affinity: antiAffinity('web') };
    await c.client.create(deployKind, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec } },
    });
    await c.settle();
    const ps = (c.registry.list(podKind, 'default', { labelSelector: 'app=web' }).items as P[]);
    expect(ps).toHaveLength(2);
    const pending = ps.filter((p) => !p.spec!.nodeName);
    expect(pending).toHaveLength(1);
    const msg = `0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules${NO_VICTIMS_TAIL}`;
    expect(pending[0]!.status!.conditions!.find((x) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    expect(events(c, pending[0]!.metadata.name).find((e) => e.reason === 'FailedScheduling')?.message).toBe(msg);

    await addNode('worker', { cpu: '2', memory: '4Gi', pods: '110' });
    expect(get(pending[0]!.metadata.name!).spec!.nodeName).toBe('worker');
  });

  it("an existing pod's anti-affinity keeps matching pods away", async () => {
    await c.client.create(podKind, 'default', pod('loner', { affinity: antiAffinity('crowd') }));
    await c.settle();
    await c.client.create(podKind, 'default', { ...pod('crowd'), metadata: { name: 'crowd', labels: { app: 'crowd' } } });
    await c.settle();
    expect(scheduledCondition('crowd')?.message).toBe(`0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules${NO_VICTIMS_TAIL}`);
    await c.client.delete(podKind, 'default', 'loner', { gracePeriodSeconds: 0 });
    await c.settle();
    expect(get('crowd').spec!.nodeName).toBe('minik9s');
  });

  it('required pod affinity: unresolvable while no matching pod runs; the first of a self-affine group may go anywhere', async () => {
    const affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    await c.client.create(podKind, 'default', pod('follower', { affinity }));
    await c.settle();
    expect(scheduledCondition('follower')?.message).toBe(`0/1 nodes are available: 1 node(s) didn't match pod affinity rules${UNSCHEDULABLE_TAIL}`);
    await c.client.create(podKind, 'default', { ...pod('db', { affinity }), metadata: { name: 'db', labels: { app: 'db' } } });
    await c.settle();
    expect(get('db').spec!.nodeName).toBe('minik9s');
    expect(get('follower').spec!.nodeName).toBe('minik9s');
  });

  it('scores: least allocated spreads, preferred node affinity attracts, PreferNoSchedule repels, preferred anti-affinity spreads', async () => {
    await addNode('a-node', { cpu: '2', memory: '4Gi', pods: '110' }, { zone: 'a' });
    await addNode('b-node', { cpu: '2', memory: '4Gi', pods: '110' }, { zone: 'b' }, { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] });
    // The busy control-plane node (1500m requested) loses to the empty a-node; b-node is tainted PreferNoSchedule.
    await c.client.create(podKind, 'default', withRequests('load', { cpu: '1500m' }, { nodeName: 'minik9s' }));
    await c.settle();
    await c.client.create(podKind, 'default', withRequests('spread', { cpu: '100m' }));
    await c.settle();
    expect(get('spread').spec!.nodeName).toBe('a-node');

    const prefer = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] } }] } };
    await c.client.create(podKind, 'default', pod('zoned', { affinity: prefer, tolerations: [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }] }));
    await c.settle();
    expect(get('zoned').spec!.nodeName).toBe('b-node');

    const apart = {
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'spread' } }, topologyKey: 'kubernetes.io/hostname' } }] },
    };
    await c.client.patch(podKind, 'default', 'spread', 'merge', { metadata: { labels: { app: 'spread' } } });
    await c.client.create(podKind, 'default', { ...pod('apart', { affinity: apart }), metadata: { name: 'apart', labels: { app: 'spread' } } });
    await c.settle();
    expect(get('apart').spec!.nodeName).not.toBe('a-node');
  });
});
