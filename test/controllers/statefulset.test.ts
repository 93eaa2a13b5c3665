import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { StatefulSet, ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { startCluster, pods, activePods, recordEvents, isReady, podKind, type P } from './helpers.js';

const stsKind = mustKind('apps/v1', 'StatefulSet');
const crKind = mustKind('apps/v1', 'ControllerRevision');
const pvcKind = mustKind('v1', 'PersistentVolumeClaim');
type SS = StatefulSet & KubeObject;
type CR = ControllerRevision & KubeObject;
type PVC = PersistentVolumeClaim & KubeObject;

let c: Cluster;
let clock: ManualClock;
beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

function statefulSet(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      ],
      ...extra,
    },
  };
}

async function create(obj: KubeObject): Promise<SS> {
  const s = await c.client.create<SS>(stsKind, 'default', obj);
  await c.settle();
  return s;
}
const names = (ps: P[]) => ps.map((p) => p.metadata.name).sort();
const getSet = (name: string) => c.registry.get(stsKind, 'default', name) as SS;
const claims = () => (c.registry.list(pvcKind, 'default').items as PVC[]).map((x) => x.metadata.name).sort();
const revisions = () => c.registry.list(crKind, 'default').items as CR[];
const ready = (name: string) => {
  const p = pods(c).find((x) => x.metadata.name === name);
  return !!p && p.status?.phase === 'Running' && isReady(p);
};

/** advanceUntil steps the clock a second at a time until cond holds, checking invariant at every step. */
async function advanceUntil(cond: () => boolean, invariant: () => void = () => {}, limitMs = 120_000): Promise<number> {
  let t = 0;
  invariant();
  while (!cond()) {
    if (t >= limitMs) throw new Error('condition not reached');
    await clock.advance(1_000);
    t += 1_000;
    invariant();
  }
  return t;
}

describe('StatefulSet controller', () => {
  it('OrderedReady: web-0, then web-1 only once web-0 is Running and Ready, each after its claim', async () => {
    const rec = recordEvents(c);
    const set = await create(statefulSet('web', 3));
    expect(names(pods(c))).toEqual(['web-0']);
    expect(claims()).toEqual(['www-web-0']);
    // Pod n+1 never exists before pod n is Running and Ready.
    const ordered = () => {
      for (const n of [1, 2]) if (pods(c).some((p) => p.metadata.name === `web-${n}`)) expect([n, ready(`web-${n - 1}`)]).toEqual([n, true]);
    };
    const seenWhileZeroPending: string[][] = [];
    await advanceUntil(() => ready('web-0'), () => {
      if (!ready('web-0')) seenWhileZeroPending.push(names(pods(c)));
    });
    expect(seenWhileZeroPending.length).toBeGreaterThan(0);
    for (const seen of seenWhileZeroPending) expect(seen).toEqual(['web-0']);
    await advanceUntil(() => ready('web-2'), ordered);

    const created = rec.all.filter((e) => e.reason === 'SuccessfulCreate' && e.involvedObject.kind === 'StatefulSet');
    expect(created.map((e) => e.message)).toEqual([
      'create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'create Pod web-0 in StatefulSet web successful',
      'create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'create Pod web-1 in StatefulSet web successful',
      'create Claim www-web-2 Pod web-2 in StatefulSet web success',
      'create Pod web-2 in StatefulSet web successful',
    ]);
    expect(created[0]).toMatchObject({ type: 'Normal', involvedObject: { name: 'web', uid: set.metadata.uid }, source: { component: 'statefulset-controller' } });
    rec.stop();
  });

  it('gives each pod its identity: name, hostname, subdomain, labels, claim volume, owner', async () => {
    const set = await create(statefulSet('web', 1));
    const [rev] = revisions();
    expect(rev!.metadata.name).toBe(`web-${rev!.metadata.labels!['controller.kubernetes.io/hash']}`);
    expect(rev!.revision).toBe(1);
    expect(rev!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true });
    const p = pods(c)[0]!;
    expect(p.metadata.name).toBe('web-0');
    expect(p.metadata.labels).toEqual({
      app: 'nginx',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
      'controller-revision-hash': rev!.metadata.name,
    });
    expect(p.spec!.hostname).toBe('web-0');
    expect(p.spec!.subdomain).toBe('nginx');
    expect(p.spec!.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }]);
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const pvc = c.registry.get(pvcKind, 'default', 'www-web-0') as PVC;
    expect(pvc.metadata.labels).toEqual({ app: 'nginx' });
    expect(pvc.metadata.ownerReferences).toBeUndefined();
    expect(pvc.spec!.resources!.requests!.storage).toBe('1Gi');
  });

  it('Parallel creates every pod at once', async () => {
    await create(statefulSet('web', 3, { podManagementPolicy: 'Parallel' }));
    expect(names(pods(c))).toEqual(['web-0', 'web-1', 'web-2']);
    expect(claims()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
  });

  it('reports status: replicas, ready, current, updated, available, revisions, collisionCount', async () => {
    await create(statefulSet('web', 3));
    await advanceUntil(() => ready('web-2'));
    await c.settle();
    const rev = revisions()[0]!.metadata.name;
    expect(getSet('web').status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: rev,
      updateRevision: rev,
      collisionCount: 0,
      availableReplicas: 3,
    });
  });

  it('scales down from the highest ordinal, one at a time, and keeps the claims', async () => {
    await create(statefulSet('web', 3));
    await advanceUntil(() => ready('web-2'));
    const rec = recordEvents(c);
    await c.client.patch(stsKind, 'default', 'web', 'merge', { spec: { replicas: 1 } });
    await c.settle();
    expect(names(activePods(c))).toEqual(['web-0', 'web-1']);
    expect(pods(c).find((p) => p.metadata.name === 'web-2')!.metadata.deletionTimestamp).toBeTruthy();
    // web-1 is deleted only after web-2 has gone from the store.
    await advanceUntil(() => names(pods(c)).join() === 'web-0', () => {
      if (pods(c).some((p) => p.metadata.name === 'web-2')) expect(names(activePods(c))).toContain('web-1');
    });
    expect(rec.all.filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message)).toEqual([
      'delete Pod web-2 in StatefulSet web successful',
      'delete Pod web-1 in StatefulSet web successful',
    ]);
    expect(claims()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    await c.settle();
    expect(getSet('web').status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
    rec.stop();
  });

  it('a deleted pod comes back with the same name once the old one is gone', async () => {
    await create(statefulSet('web', 2));
    await advanceUntil(() => ready('web-1'));
    const old = pods(c).find((p) => p.metadata.name === 'web-0')!;
    await c.client.delete(podKind, 'default', 'web-0');
    await c.settle();
    expect(names(pods(c))).toEqual(['web-0', 'web-1']);
    expect(pods(c).find((p) => p.metadata.name === 'web-0')!.metadata.uid).toBe(old.metadata.uid);
    await advanceUntil(() => pods(c).some((p) => p.metadata.name === 'web-0' && p.metadata.uid !== old.metadata.uid));
    await advanceUntil(() => ready('web-0'));
    expect(claims()).toEqual(['www-web-0', 'www-web-1']);
  });

  it('rolls an update from the highest ordinal down, stopping at the partition', async () => {
    await create(statefulSet('web', 3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    await advanceUntil(() => ready('web-2'));
    const before = revisions()[0]!.metadata.name!;
    const rec = recordEvents(c);
    await c.client.patch(stsKind, 'default', 'web', 'merge', {
      spec: { template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    });
    await c.settle();
    const after = revisions().find((r) => r.revision === 2)!.metadata.name!;
    await advanceUntil(() => {
      const p = pods(c).find((x) => x.metadata.name === 'web-1');
      return !!p && p.metadata.labels!['controller-revision-hash'] === after && ready('web-1');
    });
    await clock.advance(60_000);
    const rev = (n: string) => pods(c).find((p) => p.metadata.name === n)!.metadata.labels!['controller-revision-hash'];
    expect([rev('web-0'), rev('web-1'), rev('web-2')]).toEqual([before, after, after]);
    expect(rec.all.filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message)).toEqual([
      'delete Pod web-2 in StatefulSet web successful',
      'delete Pod web-1 in StatefulSet web successful',
    ]);
    expect(getSet('web').status).toMatchObject({ currentRevision: before, updateRevision: after, currentReplicas: 1, updatedReplicas: 2, replicas: 3, readyReplicas: 3 });
    rec.stop();
  });
});
