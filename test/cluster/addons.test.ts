import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';

const pvcKind = mustKind('v1', 'PersistentVolumeClaim');
const podKind = mustKind('v1', 'Pod');
const deployKind = mustKind('apps/v1', 'Deployment');

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
    expect(await c.setAddon('ingress', true)).toMatch(/not available yet/);
    expect(c.addonList().map((a) => `${a.name}:${a.enabled}`)).toEqual([
      'dashboard:false',
      'default-storageclass:true',
      'ingress:false',
      'metrics-server:false',
      'storage-provisioner:true',
    ]);
  });
});
