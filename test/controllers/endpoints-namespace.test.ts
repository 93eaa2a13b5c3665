import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { ApiError } from '../../src/api/api-error.js';
import { startCluster, deployment, pods, activePods, replicaSets, isReady, deployKind, svcKind, epKind, nsKind, podKind } from './helpers.js';

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
  metadata: { name },
  spec: { selector, ports: [{ name: 'http', port: 80, targetPort }] },
});

const endpointsOf = (name: string, ns = 'default') => c.registry.get(epKind, ns, name) as unknown as Endpoints & KubeObject;
const ipsOf = (addrs: { ip: string }[] | undefined) => (addrs ?? []).map((a) => a.ip).sort();

describe('EndpointsController', () => {
  it('lists ready pod IPs with the service port, not-ready ones under notReadyAddresses, and follows pods', async () => {
    await c.client.create(svcKind, 'default', service('web', { app: 'web' }));
    await c.client.create(deployKind, 'default', deployment('web', 3));
    await c.settle();

    // Before the sandboxes are up the pods have no IP: no endpoints yet.
    expect(endpointsOf('web').subsets ?? []).toEqual([]);

    // At 1 s the sandboxes are up (IPs) but nginx is still being pulled: not ready.
    await clock.advance(1_000);
    let ep = endpointsOf('web');
    const podIPs = activePods(c, 'default', 'app=web').map((p) => p.status!.podIP!).sort();
    expect(podIPs).toHaveLength(3);
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets![0]!.addresses ?? []).toEqual([]);
    expect(ipsOf(ep.subsets![0]!.notReadyAddresses)).toEqual(podIPs);

    await clock.advance(9_000);
    ep = endpointsOf('web');
    expect(ep.subsets).toHaveLength(1);
    const subset = ep.subsets![0]!;
    expect(ipsOf(subset.addresses)).toEqual(podIPs);
    expect(subset.notReadyAddresses ?? []).toEqual([]);
    expect(subset.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    for (const a of subset.addresses!) {
      expect(a.nodeName).toBe('minik9s');
      expect(a.targetRef).toMatchObject({ kind: 'Pod', namespace: 'default' });
    }
    expect(ep.metadata.labels).toMatchObject({ 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });

    // A deleted pod leaves at once (terminating endpoints are dropped); its replacement joins once ready.
    const victim = activePods(c, 'default', 'app=web')[0]!;
    await c.client.delete(podKind, 'default', victim.metadata.name!);
    await c.settle();
    expect(ipsOf(endpointsOf('web').subsets![0]!.addresses)).not.toContain(victim.status!.podIP);
    await clock.advance(40_000);
    const now = activePods(c, 'default', 'app=web');
    expect(now).toHaveLength(3);
    expect(now.every(isReady)).toBe(true);
    expect(ipsOf(endpointsOf('web').subsets![0]!.addresses)).toEqual(now.map((p) => p.status!.podIP!).sort());
  });

  it('resolves a named targetPort to each pod\'s container port', async () => {
    const d = deployment('api', 1);
    (d.spec as { template: { spec: { containers: { ports?: unknown[] }[] } } }).template.spec.containers[0]!.ports = [{ name: 'web', containerPort: 8080 }];
    await c.client.create(deployKind, 'default', d);
    await c.client.create(svcKind, 'default', service('api', { app: 'api' }, 'web'));
    await clock.advance(10_000);
    expect(endpointsOf('api').subsets![0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('removes the Endpoints with the Service', async () => {
    await c.client.create(svcKind, 'default', service('web', { app: 'web' }));
    await c.settle();
    expect(endpointsOf('web')).toBeDefined();
    await c.client.delete(svcKind, 'default', 'web');
    await c.settle();
    expect(() => endpointsOf('web')).toThrow(ApiError);
  });

  it('keeps the bootstrap kubernetes and kube-dns endpoints', async () => {
    await clock.advance(5_000);
    expect(endpointsOf('kubernetes').subsets).toEqual([{ addresses: [{ ip: '192.168.49.2' }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }]);
    const dns = endpointsOf('kube-dns', 'kube-system');
    expect(dns.subsets?.[0]?.addresses).toHaveLength(1);
  });
});

describe('NamespaceController', () => {
  it('deleting a namespace removes its pods and deployments, then the namespace itself', async () => {
    await c.client.create(nsKind, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    await c.client.create(deployKind, 'team', deployment('web', 2));
    await c.client.create(svcKind, 'team', service('web', { app: 'web' }));
    await clock.advance(10_000);
    expect(pods(c, 'team').filter(isReady)).toHaveLength(2);

    await c.client.delete(nsKind, undefined, 'team');
    await c.settle();
    const ns = c.registry.get(nsKind, undefined, 'team');
    expect(ns.status).toMatchObject({ phase: 'Terminating' });
    expect(ns.metadata.deletionTimestamp).toBeDefined();
    await expect(c.client.create(podKind, 'team', { metadata: { name: 'late' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })).rejects.toMatchObject({
      status: { code: 403, message: 'pods "late" is forbidden: unable to create new content in namespace team because it is being terminated' },
    });

    await clock.advance(60_000);
    expect(pods(c, 'team')).toEqual([]);
    expect(replicaSets(c, 'team')).toEqual([]);
    expect(c.registry.list(deployKind, 'team').items).toEqual([]);
    expect(c.registry.list(svcKind, 'team').items).toEqual([]);
    expect(() => c.registry.get(nsKind, undefined, 'team')).toThrow(ApiError);
    // Other namespaces are untouched.
    expect(c.registry.get(nsKind, undefined, 'default').status).toMatchObject({ phase: 'Active' });
  });

  it('an empty namespace goes at once', async () => {
    await c.client.create(nsKind, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'empty' } });
    await c.settle();
    await c.client.delete(nsKind, undefined, 'empty');
    await c.settle();
    expect(() => c.registry.get(nsKind, undefined, 'empty')).toThrow(ApiError);
  });
});
