import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { formatTime } from '../../src/apiserver/registry.js';
import { startCluster, deployment, activePods, pods, events, isReady, nodeKind, podKind, deployKind, type Ev } from './helpers.js';

let c: Cluster;
let clock: ManualClock;
let t0: number;

beforeEach(async () => {
  ({ c, clock } = await startCluster());
  t0 = clock.now();
});
afterEach(async () => {
  await c.stop();
});

type N = Node & KubeObject;
const node = (name = 'minik9s') => c.registry.get(nodeKind, undefined, name) as N;
const cond = (type: string, name = 'minik9s') => node(name).status!.conditions!.find((x) => x.type === type)!;
const taints = (name = 'minik9s') => (node(name).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
const byReason = (reason: string, about?: string): Ev[] => events(c, about).filter((e) => e.reason === reason);
const kubelet = () => c.kubelets[0]!;

/** addNode joins a second node, as `minikube node add` would (minik9s-m02). */
const addNode = () => c.addNode();

const pinned = (name: string, replicas: number, nodeName: string) =>
  deployment(name, replicas, 'nginx', {
    template: {
      metadata: { labels: { app: name } },
      spec: { nodeSelector: { 'kubernetes.io/hostname': nodeName }, containers: [{ name: 'nginx', image: 'nginx' }] },
    },
  });

describe('node lifecycle controller', () => {
  it('records RegisteredNode when it first sees a node', () => {
    const ev = byReason('RegisteredNode', 'minik9s');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      type: 'Normal',
      message: 'Node minik9s event: Registered Node minik9s in Controller',
      source: { component: 'node-controller' },
      involvedObject: { kind: 'Node', name: 'minik9s', uid: node().metadata.uid },
    });
  });

  it('sets the conditions Unknown 50 s after the last heartbeat (next 5 s monitor pass), taints the node, marks pods not Ready', async () => {
    await c.client.create(deployKind, 'default', deployment('web', 2));
    await clock.advance(10_000); // the lease is renewed at t0+10s; the pods are Running and Ready
    expect(activePods(c).filter(isReady)).toHaveLength(2);
    await kubelet().setHealthy(false);

    await clock.advance(40_000);
    expect(cond('Ready').status).toBe('True');
    await clock.advance(10_000); // t0+60s: 50 s exactly is not past the grace period
    expect(cond('Ready').status).toBe('True');
    await clock.advance(5_000); // t0+65s: the first monitor pass after it
    const at = formatTime(t0 + 65_000);
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
      expect(cond(type)).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        // The last status the kubelet posted: at t0+10s, when the nginx it pulled joined status.images.
        lastHeartbeatTime: formatTime(t0 + 10_000),
        lastTransitionTime: at,
      });
    }
    // A single node is a zone in full disruption: master disruption mode taints nothing NoExecute.
    expect(taints()).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    expect(node().spec!.taints![0]!.timeAdded).toBe(at);
    expect(c.nodeReady()).toBe(false);

    const notReady = byReason('NodeNotReady', 'minik9s');
    expect(notReady).toHaveLength(1);
    expect(notReady[0]).toMatchObject({ type: 'Normal', message: 'Node minik9s status is now: NodeNotReady', source: { component: 'node-controller' } });
    for (const p of activePods(c)) {
      expect(isReady(p)).toBe(false);
      expect(p.status!.conditions!.find((x) => x.type === 'Ready')!.lastTransitionTime).toBe(at);
      expect(byReason('NodeNotReady', p.metadata.name)[0]).toMatchObject({ type: 'Warning', message: 'Node is not ready', source: { component: 'node-controller' } });
    }
    const kubeSystem = activePods(c, 'kube-system');
    expect(kubeSystem.length).toBeGreaterThan(0);
    expect(kubeSystem.some(isReady)).toBe(false);

    // ... and, all nodes being down, evicts nothing even after the 300 s tolerations.
    await clock.advance(400_000);
    expect(byReason('TaintManagerEviction')).toHaveLength(0);
    expect(activePods(c)).toHaveLength(2);

    await kubelet().setHealthy(true);
    await c.settle();
    expect(cond('Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(cond('MemoryPressure')).toMatchObject({ status: 'False', reason: 'KubeletHasSufficientMemory' });
    expect(taints()).toEqual([]);
    expect(c.nodeReady()).toBe(true);
    expect(byReason('NodeReady', 'minik9s')[0]).toMatchObject({ count: 2, source: { component: 'kubelet' } });
    expect(activePods(c).filter(isReady)).toHaveLength(2);
  });

  it('evicts pods from an unreachable node after their 300 s toleration; replacements stay Pending until it is back', async () => {
    await addNode();
    expect(byReason('RegisteredNode', 'minik9s-m02')[0]!.message).toBe('Node minik9s-m02 event: Registered Node minik9s-m02 in Controller');
    await c.client.create(deployKind, 'default', pinned('web', 2, 'minik9s'));
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'quick' },
      spec: {
        nodeName: 'minik9s', containers: [{ name: 'c', image: 'nginx' }],
        tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
      },
    });
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'forever' },
      spec: { nodeName: 'minik9s', containers: [{ name: 'c', image: 'nginx' }], tolerations: [{ operator: 'Exists', effect: 'NoExecute' }] },
    });
    await clock.advance(10_000);
    const web = activePods(c, 'default', 'app=web');
    expect(web.map((p) => p.spec!.nodeName)).toEqual(['minik9s', 'minik9s']);
    expect(web.every(isReady)).toBe(true);

    await kubelet().setHealthy(false);
    await clock.advance(55_000);
    const tainted = t0 + 65_000;
    expect(cond('Ready').status).toBe('Unknown');
    expect(cond('Ready', 'minik9s-m02').status).toBe('True');
    // The other node is Ready, so the zone is Normal: the NoExecute taint goes on at once (rate 0.1 node/s).
    expect(taints()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    expect(node().spec!.taints!.every((t) => t.timeAdded === formatTime(tainted))).toBe(true);

    await clock.advance(30_000);
    const quick = pods(c).find((p) => p.metadata.name === 'quick')!;
    expect(quick.metadata.deletionTimestamp).toBeDefined();
    expect(byReason('TaintManagerEviction', 'quick')[0]).toMatchObject({
      type: 'Normal', message: 'Marking for deletion Pod default/quick', source: { component: 'taint-eviction-controller' },
    });

    await clock.advance(300_000 - 30_000 - 1);
    expect(activePods(c, 'default', 'app=web').map((p) => p.metadata.name).sort()).toEqual(web.map((p) => p.metadata.name).sort());
    await clock.advance(1);
    for (const old of web) {
      const p = pods(c).find((x) => x.metadata.name === old.metadata.name)!;
      expect(p.metadata.deletionTimestamp).toBeDefined(); // Terminating: the kubelet that would stop it is down
      expect(p.status!.conditions!.find((x) => x.type === 'DisruptionTarget')).toMatchObject({
        status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint',
      });
      expect(byReason('TaintManagerEviction', old.metadata.name)[0]!.message).toBe(`Marking for deletion Pod default/${old.metadata.name}`);
    }
    const replacements = activePods(c, 'default', 'app=web');
    expect(replacements).toHaveLength(2);
    for (const p of replacements) {
      expect(p.spec!.nodeName).toBeUndefined();
      expect(p.status!.phase).toBe('Pending');
      const message = byReason('FailedScheduling', p.metadata.name)[0]!.message;
      expect(message).toMatch(/^0\/2 nodes are available: /);
      // The failed node is rejected for its real taint, as upstream words it.
      expect(message).toContain('1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }');
    }
    expect(pods(c).find((p) => p.metadata.name === 'forever')!.metadata.deletionTimestamp).toBeUndefined();

    await kubelet().setHealthy(true);
    await clock.advance(10_000);
    expect(cond('Ready').status).toBe('True');
    expect(taints()).toEqual([]);
    const running = activePods(c, 'default', 'app=web');
    expect(running.map((p) => p.spec!.nodeName)).toEqual(['minik9s', 'minik9s']);
    expect(running.every(isReady)).toBe(true);
    await clock.advance(40_000); // the kubelet stops the evicted pods, and they go
    expect(pods(c, 'default', 'app=web')).toHaveLength(2);
  });

  it('cancels the pending evictions when the node is back in time', async () => {
    await addNode();
    await c.client.create(deployKind, 'default', pinned('web', 1, 'minik9s'));
    await clock.advance(10_000);
    const [p] = activePods(c, 'default', 'app=web');
    await kubelet().setHealthy(false);
    await clock.advance(120_000);
    expect(taints()).toContain('node.kubernetes.io/unreachable:NoExecute');
    await kubelet().setHealthy(true);
    await clock.advance(400_000);
    expect(byReason('TaintManagerEviction', p!.metadata.name).map((e) => e.message)).toEqual([`Cancelling deletion of Pod default/${p!.metadata.name}`]);
    expect(activePods(c, 'default', 'app=web').map((x) => x.metadata.name)).toEqual([p!.metadata.name]);
  });
});

describe('pod garbage collector', () => {
  it('force-deletes the pods of a deleted node after the 40 s quarantine; their controllers replace them', async () => {
    const m02 = await addNode();
    await c.client.create(deployKind, 'default', pinned('web', 1, 'minik9s-m02'));
    await clock.advance(10_000);
    const [old] = activePods(c, 'default', 'app=web');
    expect(old!.spec!.nodeName).toBe('minik9s-m02');
    m02.stop();
    await c.client.delete(nodeKind, undefined, 'minik9s-m02');
    await clock.advance(10_000); // t0+20s: the next GC pass notes the missing node; it is gone 40 s later
    expect(byReason('RemovingNode', 'minik9s-m02')[0]!.message).toBe('Node minik9s-m02 event: Removing Node minik9s-m02 from Controller');
    await clock.advance(39_000);
    expect(pods(c).some((p) => p.metadata.uid === old!.metadata.uid)).toBe(true);
    await clock.advance(1_000);
    expect(pods(c).some((p) => p.metadata.uid === old!.metadata.uid)).toBe(false);
    const [replacement] = activePods(c, 'default', 'app=web');
    expect(replacement!.metadata.uid).not.toBe(old!.metadata.uid);
    expect(replacement!.spec!.nodeName).toBeUndefined();
  });

  it('force-deletes a pod bound to a node that never existed', async () => {
    await c.client.create(podKind, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ghost' }, spec: { nodeName: 'nowhere', containers: [{ name: 'c', image: 'nginx' }] } });
    await clock.advance(39_000);
    expect(pods(c).map((p) => p.metadata.name)).toContain('ghost');
    await clock.advance(1_000);
    expect(pods(c).map((p) => p.metadata.name)).not.toContain('ghost');
  });
});
