import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { formatTime } from '../../src/apiserver/registry.js';
import { microTime, NODE_STATUS_REPORT_MS } from '../../src/kubelet/node-status.js';
import { startCluster, events, nodeKind } from '../controllers/helpers.js';

const leaseKind = mustKind('coordination.k8s.io/v1', 'Lease');

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

const lease = () => c.registry.get(leaseKind, 'kube-node-lease', 'minik9s') as Lease & KubeObject;
const node = () => c.registry.get(nodeKind, undefined, 'minik9s') as Node & KubeObject;
const cond = (type: string) => node().status!.conditions!.find((x) => x.type === type)!;
const kubelet = () => c.kubelets[0]!;

describe('node lease', () => {
  it('is created in kube-node-lease when the kubelet starts, held by the node and owned by the Node', () => {
    const l = lease();
    expect(l.metadata.namespace).toBe('kube-node-lease');
    expect(l.spec).toEqual({ holderIdentity: 'minik9s', leaseDurationSeconds: 40, renewTime: microTime(t0) });
    expect(l.spec!.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(l.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'minik9s', uid: node().metadata.uid }]);
  });

  it('is renewed every 10 s of cluster time, and only then', async () => {
    const renewals: string[] = [];
    const w = c.registry.watch(leaseKind, 'kube-node-lease', { resourceVersion: String(c.store.revision) }, (e) => {
      if (e.type === 'MODIFIED') renewals.push((e.object as Lease).spec!.renewTime!);
    });
    await clock.advance(9_999);
    expect(lease().spec!.renewTime).toBe(microTime(t0));
    await clock.advance(1);
    expect(lease().spec!.renewTime).toBe(microTime(t0 + 10_000));
    await clock.advance(30_000);
    w.stop();
    expect(renewals).toEqual([10_000, 20_000, 30_000, 40_000].map((ms) => microTime(t0 + ms)));
  });

  it('costs one timer per node: pausing the heartbeat removes exactly one, and idling adds none', async () => {
    await clock.advance(60_000);
    const idle = clock.pending;
    await clock.advance(60_000);
    expect(clock.pending).toBe(idle);
    await kubelet().setHealthy(false);
    expect(clock.pending).toBe(idle - 1);
    await kubelet().setHealthy(true);
    expect(clock.pending).toBe(idle);
    const renewed = lease().spec!.renewTime;
    kubelet().stop();
    await clock.advance(30_000);
    expect(lease().spec!.renewTime).toBe(renewed);
  });

  it('stops renewing while the node is down and renews at once when it is back', async () => {
    await clock.advance(10_000);
    await kubelet().setHealthy(false);
    await clock.advance(30_000);
    expect(lease().spec!.renewTime).toBe(microTime(t0 + 10_000));
    await kubelet().setHealthy(true);
    await c.settle();
    expect(lease().spec!.renewTime).toBe(microTime(t0 + 40_000));
    await clock.advance(10_000);
    expect(lease().spec!.renewTime).toBe(microTime(t0 + 50_000));
  });
});

describe('node status', () => {
  it('is posted every 5 minutes when nothing changed (nodeStatusReportFrequency), refreshing lastHeartbeatTime', async () => {
    const rv = node().metadata.resourceVersion;
    await clock.advance(NODE_STATUS_REPORT_MS - 10_000);
    expect(node().metadata.resourceVersion).toBe(rv);
    expect(cond('Ready').lastHeartbeatTime).toBe(formatTime(t0));
    await clock.advance(10_000);
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
      expect(cond(type).lastHeartbeatTime).toBe(formatTime(t0 + NODE_STATUS_REPORT_MS));
      expect(cond(type).lastTransitionTime).toBe(formatTime(t0));
    }
  });

  it('is posted within 10 s when it differs from what the kubelet reports, with a NodeReady event', async () => {
    await clock.advance(20_000);
    const n = node();
    const conditions = n.status!.conditions!.map((x) => (x.type === 'Ready' ? { ...x, status: 'False', reason: 'Test', message: 'test' } : x));
    await c.client.update(nodeKind, undefined, { ...n, status: { ...n.status, conditions } } as KubeObject, { subresource: 'status' });
    await clock.advance(10_000);
    expect(cond('Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
      lastHeartbeatTime: formatTime(t0 + 30_000),
      lastTransitionTime: formatTime(t0 + 30_000),
    });
    expect(cond('MemoryPressure').lastTransitionTime).toBe(formatTime(t0));
    // The same event as at registration: the recorder counts the repeat (count 2) instead of writing a new one.
    const nodeReady = events(c, 'minik9s').filter((e) => e.reason === 'NodeReady' && e.source?.component === 'kubelet');
    expect(nodeReady).toHaveLength(1);
    expect(nodeReady[0]).toMatchObject({
      type: 'Normal',
      message: 'Node minik9s status is now: NodeReady',
      source: { component: 'kubelet', host: 'minik9s' },
      count: 2,
      lastTimestamp: formatTime(t0 + 30_000),
    });
  });
});
