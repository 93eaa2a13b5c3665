import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';

const pvcKind = mustKind('v1', 'PersistentVolumeClaim');
const podKind = mustKind('v1', 'Pod');
const deployKind = mustKind('apps/v1', 'Deployment');
const ingKind = mustKind('networking.k8s.io/v1', 'Ingress');
const classKind = mustKind('networking.k8s.io/v1', 'IngressClass');
const nsKind = mustKind('v1', 'Namespace');
const eventKind = mustKind('v1', 'Event');

const ingress = (name: string, spec: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name },
    spec: { rules: [{ host: `${name}.example`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }], ...spec },
  }) as KubeObject;
type Ing = KubeObject & { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } };

let c: Cluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

describe('addons on the cluster', () => {
  it('storage-provisioner off: claims wait and its pod is gone; on again: the claim is bound and the pod is back', async () => {
    const clock = new ManualClock();
    c = await Cluster.start({ clock });
    expect(await c.setAddon('storage-provisioner', false)).toBeUndefined();
    await clock.advance(35_000); // its grace period
    await expect(c.client.get(podKind, 'kube-system', 'storage-provisioner')).rejects.toMatchObject({ code: 404 });
    await c.client.create(pvcKind, 'default', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    } as KubeObject);
    await c.settle();
    const phase = async () => ((await c!.client.get(pvcKind, 'default', 'data')) as KubeObject & { status?: { phase?: string } }).status?.phase;
    expect(await phase()).toBe('Pending');
    expect(await c.setAddon('storage-provisioner', true)).toBeUndefined();
    await c.settle();
    expect(await phase()).toBe('Bound');
    expect((await c.client.get(podKind, 'kube-system', 'storage-provisioner')).metadata.name).toBe('storage-provisioner');
  });

  it('metrics-server on makes its Deployment, off removes it; unknown and unavailable addons say why', async () => {
    c = await Cluster.start({ clock: new ManualClock() });
    expect(c.addonEnabled('metrics-server')).toBe(true);
    await c.setAddon('metrics-server', true);
    expect((await c.client.get(deployKind, 'kube-system', 'metrics-server')).metadata.labels).toMatchObject({ 'k8s-app': 'metrics-server' });
    await c.setAddon('metrics-server', false);
    expect(c.addonEnabled('metrics-server')).toBe(false);
    await expect(c.client.get(deployKind, 'kube-system', 'metrics-server')).rejects.toMatchObject({ code: 404 });
    expect(await c.setAddon('nope', true)).toMatch(/not a valid addon/);
    expect(await c.setAddon('dashboard', true)).toBeUndefined(); // built in: only the switch
    expect(c.addonEnabled('dashboard')).toBe(true);
    expect(c.addonList().map((a) => `${a.name}:${a.enabled}`)).toEqual([
      'dashboard:true',
      'default-storageclass:true',
      'ingress:false',
      'metrics-server:false',
      'storage-provisioner:true',
    ]);
  });

  it('ingress on: ingress-nginx runs in its namespace, the nginx class is the default, Ingresses get the node address and a Sync event; off: all of it goes', async () => {
    const clock = new ManualClock();
    c = await Cluster.start({ clock, nodes: 2 });
    await c.client.create(ingKind, 'default', ingress('early'));
    expect(await c.setAddon('ingress', true)).toBeUndefined();
    expect(c.addonEnabled('ingress')).toBe(true);
    const cls = await c.client.get(classKind, undefined, 'nginx');
    expect(cls).toMatchObject({ metadata: { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } });
    await clock.advance(30_000); // the controller image is pulled and started
    const pods = (await c.client.list(podKind, 'ingress-nginx')).items as (KubeObject & { spec?: { nodeName?: string }; status?: { phase?: string } })[];
    expect(pods).toHaveLength(1);
    expect(pods[0]!.metadata.name).toMatch(/^ingress-nginx-controller-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(pods[0]!.status!.phase).toBe('Running');
    expect(pods[0]!.spec!.nodeName).toBe('minik9s'); // pinned to the control plane, as minikube does
    // An Ingress made before (no class: the default class is nginx), one made now, one of another class.
    await c.client.create(ingKind, 'default', ingress('named', { ingressClassName: 'nginx' }));
    await c.client.create(ingKind, 'default', ingress('other', { ingressClassName: 'traefik' }));
    await c.settle();
    const address = async (name: string) => ((await c!.client.get(ingKind, 'default', name)) as Ing).status?.loadBalancer?.ingress;
    expect(await address('early')).toEqual([{ ip: '192.168.49.2' }]);
    expect(await address('named')).toEqual([{ ip: '192.168.49.2' }]);
    expect(await address('other')).toBeUndefined();
    const sync = (await c.client.list(eventKind, 'default')).items.filter((e) => (e as { reason?: string }).reason === 'Sync');
    expect(sync.map((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name).sort()).toEqual(['early', 'named']);
    expect(sync[0]).toMatchObject({ message: 'Scheduled for sync', source: { component: 'nginx-ingress-controller' } });

    expect(await c.setAddon('ingress', false)).toBeUndefined();
    await clock.advance(30_000);
    await expect(c.client.get(classKind, undefined, 'nginx')).rejects.toMatchObject({ code: 404 });
    await expect(c.client.get(nsKind, undefined, 'ingress-nginx')).rejects.toMatchObject({ code: 404 });
    expect(await address('early')).toEqual([]);
  });
});
