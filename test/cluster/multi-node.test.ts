import { describe, it, expect, afterEach } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { deployment, activePods, pods, isReady, nodeKind, podKind, deployKind, seeded } from '../controllers/helpers.js';

type N = Node & KubeObject;
type P = Pod & KubeObject;

let c: Cluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

async function start(opts: Parameters<typeof Cluster.start>[0] = {}): Promise<{ c: Cluster; clock: ManualClock }> {
  const clock = new ManualClock();
  c = await Cluster.start({ clock, random: seeded(), ...opts });
  return { c, clock };
}

const nodes = (cl: Cluster) => cl.registry.list(nodeKind, undefined).items as N[];
const inCIDR = (ip: string, cidr: string) => {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return ipToInt(ip) >= ipToInt(base!) && ipToInt(ip) < ipToInt(base!) + size;
};

describe('a multi-node cluster', () => {
  it('registers minikube-named nodes with their own address, pod CIDR and roles', async () => {
    const { c } = await start({ nodes: 3 });
    const ns = nodes(c);
    expect(ns.map((n) => n.metadata.name)).toEqual(['minik9s', 'minik9s-m02', 'minik9s-m03']);
    expect(ns.map((n) => n.spec!.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    expect(ns.map((n) => n.status!.addresses!.find((a) => a.type === 'InternalIP')!.address)).toEqual(['192.168.49.2', '192.168.49.3', '192.168.49.4']);
    expect(ns.map((n) => 'node-role.kubernetes.io/control-plane' in n.metadata.labels!)).toEqual([true, false, false]);
    expect(ns.map((n) => n.metadata.labels!['minik9s.io/primary'])).toEqual(['true', 'false', 'false']);
    expect(ns.every((n) => n.status!.conditions!.some((x) => x.type === 'Ready' && x.status === 'True'))).toBe(true);
    // The control-plane mirror pods live on the first node only; the kube-proxy DaemonSet runs one pod per node.
    const system = pods(c, 'kube-system');
    expect(system.filter((p) => p.metadata.name.startsWith('etcd-')).map((p) => p.spec!.nodeName)).toEqual(['minik9s']);
    const proxies = system.filter((p) => p.metadata.name.startsWith('kube-proxy-'));
    expect(proxies.map((p) => p.spec!.nodeName).sort()).toEqual(['minik9s', 'minik9s-m02', 'minik9s-m03']);
  });

  it('spreads a Deployment over the nodes, each pod addressed from its node’s CIDR', async () => {
    const { c, clock } = await start({ nodes: 3 });
    await c.client.create(deployKind, 'default', deployment('web', 9));
    await clock.advance(10_000);
    const ps = activePods(c);
    expect(ps.filter(isReady)).toHaveLength(9);
    const perNode = new Map<string, number>();
    for (const p of ps) perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    // Least-allocated scoring: the workers, free of the control plane's requests, take at least their share.
    expect(perNode.get('minik9s-m02')).toBeGreaterThanOrEqual(3);
    expect(perNode.get('minik9s-m03')).toBeGreaterThanOrEqual(3);
    const cidr = new Map(nodes(c).map((n) => [n.metadata.name, n.spec!.podCIDR!]));
    for (const p of ps) expect(inCIDR(p.status!.podIP!, cidr.get(p.spec!.nodeName!)!), `${p.status!.podIP} on ${p.spec!.nodeName}`).toBe(true);
    expect(new Set(ps.map((p) => p.status!.podIP)).size).toBe(9);
  });

  it('addNode joins the next worker, which takes pods', async () => {
    const { c, clock } = await start();
    const k = await c.addNode();
    expect(k.opts.nodeName).toBe('minik9s-m02');
    expect(nodes(c).map((n) => n.metadata.name)).toEqual(['minik9s', 'minik9s-m02']);
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'there' },
      spec: { nodeSelector: { 'kubernetes.io/hostname': 'minik9s-m02' }, containers: [{ name: 'c', image: 'nginx' }] },
    } as KubeObject);
    await clock.advance(10_000);
    const p = c.registry.get(podKind, 'default', 'there') as P;
    expect(p.status!.phase).toBe('Running');
    expect(inCIDR(p.status!.podIP!, '10.244.1.0/24')).toBe(true);
  });

  it('removeNode drains a worker (its pods move), then removes it; addNode never reuses a number; the control plane stays', async () => {
    const { c, clock } = await start({ nodes: 3 });
    await c.client.create(deployKind, 'default', deployment('web', 6));
    await clock.advance(15_000);
    const onM02 = () => (pods(c, 'default', 'app=web') as P[]).filter((p) => p.spec?.nodeName === 'minik9s-m02' && !p.metadata.deletionTimestamp);
    expect(onM02().length).toBeGreaterThan(0);
    const removing = c.removeNode('minik9s-m02');
    let done = false;
    void removing.then(() => (done = true));
    for (let i = 0; i < 200 && !done; i++) await clock.advance(500);
    expect(await removing).toBeUndefined();
    expect(nodes(c).map((n) => n.metadata.name)).toEqual(['minik9s', 'minik9s-m03']);
    expect(c.nodeList().map((n) => n.name)).toEqual(['minik9s', 'minik9s-m03']);
    await clock.advance(15_000);
    const running = (pods(c, 'default', 'app=web') as P[]).filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    expect(running).toHaveLength(6);
    expect(running.map((p) => p.spec?.nodeName)).not.toContain('minik9s-m02');
    expect((await c.addNode()).opts.nodeName).toBe('minik9s-m04');
    expect(await c.removeNode('minik9s')).toMatch(/is the control plane/);
    expect(await c.removeNode('nope')).toBe('node "nope" not found in cluster "minik9s"');
  });

  it('widens a node’s pod CIDR to fit maxPods, and reports the capacity', async () => {
    const { c } = await start({ nodes: 2, maxPods: 1000 });
    const ns = nodes(c);
    expect(ns.map((n) => n.spec!.podCIDR)).toEqual(['10.244.0.0/22', '10.244.4.0/22']);
    expect(ns.map((n) => n.status!.capacity!.pods)).toEqual(['1000', '1000']);
    expect(ns.map((n) => n.status!.allocatable!.pods)).toEqual(['1000', '1000']);
  });

  it('gives a new pod the next address, not the one just freed (host-local IPAM)', async () => {
    const { c, clock } = await start();
    const bare = (name: string) =>
      ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as KubeObject;
    await c.client.create(podKind, 'default', bare('a'));
    await clock.advance(10_000);
    const ipA = (c.registry.get(podKind, 'default', 'a') as P).status!.podIP!;
    await c.client.delete(podKind, 'default', 'a');
    await clock.advance(10_000);
    expect(pods(c)).toHaveLength(0);
    await c.client.create(podKind, 'default', bare('b'));
    await clock.advance(10_000);
    const ipB = (c.registry.get(podKind, 'default', 'b') as P).status!.podIP!;
    expect(ipB).not.toBe(ipA);
    expect(ipToInt(ipB)).toBe(ipToInt(ipA) + 1);
  });
});

function ipToInt(a: string): number {
  return a.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}
