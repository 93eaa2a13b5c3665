import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { startCluster, deployment, activePods, deployKind, svcKind, podKind } from './helpers.js';

const sliceKind = mustKind('discovery.k8s.io/v1', 'EndpointSlice');
type Slice = EndpointSlice & KubeObject;

let c: Cluster;
let clock: ManualClock;

beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

const service = (name: string, selector: Record<string, string>, targetPort: number | string = 80): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, labels: { tier: 'web' } },
  spec: { selector, ports: [{ name: 'http', port: 80, targetPort }] },
});

const slicesOf = (svc: string, ns = 'default') =>
  (c.registry.list(sliceKind, ns, { labelSelector: `kubernetes.io/service-name=${svc}` }).items as Slice[]).sort((a, b) =>
    a.metadata.name! < b.metadata.name! ? -1 : 1,
  );
const addrs = (s: Slice[]) => s.flatMap((x) => (x.endpoints ?? []).flatMap((e) => e.addresses)).sort();

describe('EndpointSliceController', () => {
  it('keeps one slice per service following its pods: not ready, ready, terminating', async () => {
    const svc = await c.client.create(svcKind, 'default', service('web', { app: 'web' }));
    await c.client.create(deployKind, 'default', deployment('web', 3));
    await c.settle();
    // No pod has an IP yet: a placeholder slice with neither ports nor endpoints.
    let slices = slicesOf('web');
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints ?? []).toEqual([]);
    const name = slices[0]!.metadata.name!;
    expect(name).toMatch(/^web-[a-z0-9]{5}$/);

    await clock.advance(1_000);
    slices = slicesOf('web');
    expect(slices).toHaveLength(1);
    expect(slices[0]!.metadata.name).toBe(name); // the placeholder is reused
    const ips = activePods(c, 'default', 'app=web').map((p) => p.status!.podIP!).sort();
    expect(addrs(slices)).toEqual(ips);
    for (const e of slices[0]!.endpoints!) expect(e.conditions).toEqual({ ready: false, serving: false, terminating: false });

    await clock.advance(9_000);
    const s = slicesOf('web')[0]!;
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(s.metadata.labels).toEqual({
      tier: 'web',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(s.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    for (const e of s.endpoints!) {
      expect(e.conditions).toEqual({ ready: true, serving: true, terminating: false });
      expect(e.nodeName).toBe('minik9s');
      expect(e.zone).toBeUndefined();
      expect(e.targetRef).toMatchObject({ kind: 'Pod', namespace: 'default' });
    }

    // A deleted pod stays listed while it terminates, ready=false terminating=true.
    const victim = activePods(c, 'default', 'app=web')[0]!;
    await c.client.delete(podKind, 'default', victim.metadata.name!);
    await c.settle();
    const ep = slicesOf('web')[0]!.endpoints!.find((e) => e.targetRef?.name === victim.metadata.name)!;
    expect(ep.conditions).toMatchObject({ ready: false, terminating: true });
    await clock.advance(40_000);
    const now = activePods(c, 'default', 'app=web');
    expect(addrs(slicesOf('web'))).toEqual(now.map((p) => p.status!.podIP!).sort());
  });

  it('resolves named target ports per pod', async () => {
    const d = deployment('api', 1);
    (d.spec as { template: { spec: { containers: { ports?: unknown[] }[] } } }).template.spec.containers[0]!.ports = [{ name: 'web', containerPort: 8080 }];
    await c.client.create(deployKind, 'default', d);
    await c.client.create(svcKind, 'default', service('api', { app: 'api' }, 'web'));
    await clock.advance(10_000);
    expect(slicesOf('api')[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('splits more than 100 endpoints over several slices', async () => {
    await c.client.create(svcKind, 'default', service('big', { app: 'big' }));
    // Pods bound to a node no kubelet runs, given addresses by hand: the controller only reads status.
    for (let i = 0; i < 150; i++) {
      const p = await c.client.create(podKind, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `big-${i}`, labels: { app: 'big' } },
        spec: { nodeName: 'elsewhere', containers: [{ name: 'c', image: 'nginx' }] },
      });
      await c.client.update(podKind, 'default', {
        ...p,
        status: { phase: 'Running', podIP: `10.244.9.${i}`, podIPs: [{ ip: `10.244.9.${i}` }], conditions: [{ type: 'Ready', status: 'True' }] },
      }, { subresource: 'status' });
    }
    await c.settle();
    const slices = slicesOf('big');
    expect(slices.map((s) => (s.endpoints ?? []).length).sort((a, b) => b - a)).toEqual([100, 50]);
    expect(new Set(addrs(slices)).size).toBe(150);
  });

  it('publishes the kubernetes slice like the apiserver does', async () => {
    const s = c.registry.get(sliceKind, 'default', 'kubernetes') as Slice;
    expect(s.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
    expect(s.metadata.ownerReferences).toBeUndefined();
    expect(s.addressType).toBe('IPv4');
    expect(s.endpoints).toEqual([{ addresses: ['192.168.49.2'], conditions: { ready: true } }]);
    expect(s.ports).toEqual([{ name: 'https', port: 8443, protocol: 'TCP' }]);
    // kube-dns has a controller-managed slice too.
    expect(slicesOf('kube-dns', 'kube-system')).toHaveLength(1);
  });
});
