import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { startCluster, events, recordEvents, podKind } from './helpers.js';

const pvcKind = mustKind('v1', 'PersistentVolumeClaim');
const pvKind = mustKind('v1', 'PersistentVolume');
const scKind = mustKind('storage.k8s.io/v1', 'StorageClass');
type PVC = PersistentVolumeClaim & KubeObject;
type PV = PersistentVolume & KubeObject;

let c: Cluster;
let clock: ManualClock;

beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

const claim = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra },
});
const getClaim = (name: string) => c.registry.get(pvcKind, 'default', name) as PVC;
const getPV = (name: string) => c.registry.get(pvKind, undefined, name) as PV;
const pvs = () => c.registry.list(pvKind, undefined).items as PV[];

describe('PersistentVolume provisioning (minikube storage-provisioner) and binding', () => {
  it('gives a claim without a class the default class, provisions pvc-<uid> and binds it', async () => {
    const rec = recordEvents(c);
    const created = await c.client.create<PVC>(pvcKind, 'default', claim('data'));
    await c.settle();
    rec.stop();
    const pvc = getClaim('data');
    const pvName = `pvc-${created.metadata.uid}`;
    expect(pvc.spec!.storageClassName).toBe('standard');
    expect(pvc.spec!.volumeName).toBe(pvName);
    expect(pvc.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
    expect(pvc.metadata.annotations).toEqual({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'k8s.io/minikube-hostpath',
      'volume.kubernetes.io/storage-provisioner': 'k8s.io/minikube-hostpath',
    });
    const pv = getPV(pvName);
    expect(pv.metadata.annotations).toMatchObject({ 'pv.kubernetes.io/provisioned-by': 'k8s.io/minikube-hostpath' });
    expect(pv.metadata.annotations!['hostPathProvisionerIdentity']).toBeTruthy();
    expect(pv.spec).toMatchObject({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      hostPath: { path: '/tmp/hostpath-provisioner/default/data' },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: created.metadata.uid, apiVersion: 'v1' },
    });
    expect(pv.status!.phase).toBe('Bound');

    const evs = rec.about('data');
    expect(evs.map((e) => e.reason)).toEqual(['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']);
    expect(evs[0]!.source).toEqual({ component: 'persistentvolume-controller' });
    expect(evs[0]!.message).toBe(
      "Waiting for a volume to be created either by the external provisioner 'k8s.io/minikube-hostpath' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    );
    expect(evs[1]!.message).toBe('External provisioner is provisioning volume for claim "default/data"');
    expect(evs[1]!.source!.component).toMatch(/^k8s\.io\/minikube-hostpath_minik9s_[0-9a-f-]{36}$/);
    expect(evs[2]!.message).toBe(`Successfully provisioned volume ${pvName}`);

    // Reclaim policy Delete: the claim goes, the volume is Released and then deleted by its provisioner.
    await c.client.delete(pvcKind, 'default', 'data');
    await c.settle();
    expect(pvs().find((v) => v.metadata.name === pvName)).toBeUndefined();
  });

  it('leaves a Retain volume Released', async () => {
    await c.client.create(scKind, undefined, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'keep' },
      provisioner: 'k8s.io/minikube-hostpath',
      reclaimPolicy: 'Retain',
    });
    await c.client.create(pvcKind, 'default', claim('kept', { storageClassName: 'keep' }));
    await c.settle();
    const pvName = getClaim('kept').spec!.volumeName!;
    expect(getPV(pvName).spec!.persistentVolumeReclaimPolicy).toBe('Retain');
    await c.client.delete(pvcKind, 'default', 'kept');
    await c.settle();
    expect(getPV(pvName).status!.phase).toBe('Released');
  });

  it('binds a claim to a matching Available volume without provisioning', async () => {
    await c.client.create(pvKind, undefined, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv0001' },
      spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' }, storageClassName: 'standard', hostPath: { path: '/data/pv0001/' } },
    });
    await c.settle();
    expect(getPV('pv0001').status!.phase).toBe('Available');
    const created = await c.client.create<PVC>(pvcKind, 'default', claim('static'));
    await c.settle();
    const pvc = getClaim('static');
    expect(pvc.spec!.volumeName).toBe('pv0001');
    expect(pvc.status).toMatchObject({ phase: 'Bound', capacity: { storage: '5Gi' } });
    expect(pvc.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    const pv = getPV('pv0001');
    expect(pv.status!.phase).toBe('Bound');
    expect(pv.spec!.claimRef).toMatchObject({ name: 'static', namespace: 'default', uid: created.metadata.uid });
    expect(pv.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(pvs()).toHaveLength(1);
    expect(events(c, 'static')).toEqual([]);
  });

  it('waits for the first consumer in a WaitForFirstConsumer class', async () => {
    await c.client.create(scKind, undefined, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'late' },
      provisioner: 'k8s.io/minikube-hostpath',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    await c.client.create(pvcKind, 'default', claim('lazy', { storageClassName: 'late' }));
    await c.settle();
    expect(getClaim('lazy').status!.phase).toBe('Pending');
    expect(pvs()).toHaveLength(0);
    const evs = events(c, 'lazy');
    expect(evs.map((e) => [e.reason, e.message])).toEqual([['WaitForFirstConsumer', 'waiting for first consumer to be created before binding']]);

    await c.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'user' },
      spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'lazy' } }] },
    });
    await clock.advance(1_000);
    const pvc = getClaim('lazy');
    expect(pvc.metadata.annotations!['volume.kubernetes.io/selected-node']).toBe('minik9s');
    expect(pvc.status!.phase).toBe('Bound');
    expect(getPV(pvc.spec!.volumeName!).status!.phase).toBe('Bound');
  });
});
