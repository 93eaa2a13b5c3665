import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import { SAFE_ALPHABET } from '../../src/api/names.js';
import { templateHash } from '../../src/controllers/deployment.js';
import { startCluster, deployment, pods, activePods, replicaSets, events, recordEvents, isReady, deployKind, rsKind, podKind, type D, type RS } from './helpers.js';

const SAFE = `[${SAFE_ALPHABET}]`;
const REVISION = 'deployment.kubernetes.io/revision';

let c: Cluster;
let clock: ManualClock;

beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

async function createDeployment(name: string, replicas: number, image = 'nginx', extra: Record<string, unknown> = {}): Promise<D> {
  const d = await c.client.create<D>(deployKind, 'default', deployment(name, replicas, image, extra));
  await c.settle();
  return d;
}

const ownedRS = (d: D) => replicaSets(c).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid));

async function scale(name: string, replicas: number): Promise<void> {
  await c.client.patch(deployKind, 'default', name, 'merge', { spec: { replicas } });
  await c.settle();
}

describe('Deployment → ReplicaSet → Pods', () => {
  it('creates a ReplicaSet named <deploy>-<hash> with pod-template-hash everywhere and revision 1', async () => {
    const d = await createDeployment('web', 3);
    const sets = ownedRS(d);
    expect(sets).toHaveLength(1);
    const rs = sets[0]!;
    const hash = rs.metadata.labels!['pod-template-hash']!;
    expect(hash).toMatch(new RegExp(`^${SAFE}+$`));
    expect(hash.length).toBeGreaterThanOrEqual(1);
    expect(hash.length).toBeLessThanOrEqual(10);
    expect(hash).toBe(templateHash(d.spec!.template));
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec!.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec!.template!.metadata!.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec!.replicas).toBe(3);
    expect(rs.metadata.annotations?.[REVISION]).toBe('1');
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('3');
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).toBe('4');
    expect(rs.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);

    const ps = pods(c, 'default', 'app=web');
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-${SAFE}{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true });
    }

    const scaling = events(c, 'web').filter((e) => e.reason === 'ScalingReplicaSet');
    expect(scaling.map((e) => e.message)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    expect(scaling[0]).toMatchObject({ type: 'Normal', involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default' }, source: { component: 'deployment-controller' } });
    const created = events(c, rs.metadata.name).filter((e) => e.reason === 'SuccessfulCreate');
    expect(created.map((e) => e.message).sort()).toEqual(ps.map((p) => `Created pod: ${p.metadata.name}`).sort());
  });

  it('the hash depends on the template only, not on replicas', async () => {
    const a = await createDeployment('web', 1);
    await scale('web', 4);
    expect(ownedRS(a).map((rs) => rs.metadata.labels!['pod-template-hash'])).toEqual([templateHash(a.spec!.template)]);
    expect(ownedRS(a)[0]!.metadata.annotations?.[REVISION]).toBe('1');
  });

  it('pods get Running and Ready after ~10 s, and the Deployment reports them available', async () => {
    await createDeployment('web', 3);
    await clock.advance(10_000);
    const ps = pods(c, 'default', 'app=web');
    expect(ps).toHaveLength(3);
    const ips = new Set<string>();
    for (const p of ps) {
      expect(p.status!.phase).toBe('Running');
      expect(isReady(p)).toBe(true);
      expect(p.status!.podIP).toMatch(/^10\.244\.0\.\d{1,3}$/);
      expect(p.status!.podIPs).toEqual([{ ip: p.status!.podIP }]);
      expect(p.status!.hostIP).toBe('192.168.49.2');
      expect(p.spec!.nodeName).toBe('minik9s');
      expect(p.status!.containerStatuses).toHaveLength(1);
      const cs = p.status!.containerStatuses![0]!;
      expect(cs).toMatchObject({ name: 'nginx', ready: true, started: true, restartCount: 0, image: 'nginx:latest' });
      expect(cs.state!.running!.startedAt).toMatch(/^2026-01-01T00:00:0\dZ$/);
      for (const t of ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready', 'PodReadyToStartContainers'])
        expect(p.status!.conditions!.find((x) => x.type === t)?.status).toBe('True');
      ips.add(p.status!.podIP!);
    }
    expect(ips.size).toBe(3);

    const d = (await c.client.get<D>(deployKind, 'default', 'web')) as D;
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(d.status!.conditions!.find((x) => x.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(d.status!.conditions!.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    const rs = ownedRS(d)[0]!;
    expect(rs.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, fullyLabeledReplicas: 3 });
  });

  it('a deleted pod is replaced at once while the old one is Terminating, then the old one disappears', async () => {
    await createDeployment('web', 3);
    await clock.advance(10_000);
    const before = pods(c, 'default', 'app=web');
    const victim = before[0]!;
    const rsName = victim.metadata.ownerReferences![0]!.name;
    const rec = recordEvents(c);

    await c.client.delete(podKind, 'default', victim.metadata.name!);
    await c.settle();

    const now = pods(c, 'default', 'app=web');
    expect(now).toHaveLength(4);
    const old = now.find((p) => p.metadata.name === victim.metadata.name)!;
    expect(old.metadata.deletionTimestamp).toBe('2026-01-01T00:00:40Z');
    expect(old.metadata.deletionGracePeriodSeconds).toBe(30);
    const replacement = now.filter((p) => !before.some((b) => b.metadata.name === p.metadata.name));
    expect(replacement).toHaveLength(1);
    expect(activePods(c, 'default', 'app=web')).toHaveLength(3);

    const created = rec.all.filter((e) => e.reason === 'SuccessfulCreate');
    expect(created.map((e) => [e.involvedObject.name, e.message])).toEqual([[rsName, `Created pod: ${replacement[0]!.metadata.name}`]]);
    const killing = rec.about(victim.metadata.name!).filter((e) => e.reason === 'Killing');
    expect(killing.map((e) => e.message)).toEqual(['Stopping container nginx']);

    await clock.advance(35_000);
    const after = pods(c, 'default', 'app=web');
    expect(after.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(after).toHaveLength(3);
    expect(after.every((p) => p.status!.phase === 'Running' && isReady(p))).toBe(true);
    rec.stop();
  });

  it('scales up 3 → 5 and down 5 → 2, deleting the youngest pods first', async () => {
    await createDeployment('web', 3);
    await clock.advance(10_000);
    const originals = pods(c, 'default', 'app=web').map((p) => p.metadata.name);

    await scale('web', 5);
    expect(activePods(c, 'default', 'app=web')).toHaveLength(5);
    await clock.advance(10_000);
    expect(activePods(c, 'default', 'app=web').filter(isReady)).toHaveLength(5);
    const scaling = events(c, 'web').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    const rsName = replicaSets(c)[0]!.metadata.name;
    expect(scaling).toContain(`Scaled up replica set ${rsName} from 3 to 5`);

    await scale('web', 2);
    const left = activePods(c, 'default', 'app=web').map((p) => p.metadata.name);
    expect(left).toHaveLength(2);
    for (const n of left) expect(originals).toContain(n);
    expect(events(c, 'web').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message)).toContain(
      `Scaled down replica set ${rsName} from 5 to 2`,
    );
    const deletes = events(c, rsName).filter((e) => e.reason === 'SuccessfulDelete');
    expect(deletes).toHaveLength(3);
    for (const e of deletes) expect(e.message).toMatch(new RegExp(`^Deleted pod: ${rsName}-${SAFE}{5}$`));

    await clock.advance(40_000);
    expect(pods(c, 'default', 'app=web')).toHaveLength(2);
    const rs = (await c.client.get<RS>(rsKind, 'default', rsName!)) as RS;
    expect(rs.spec!.replicas).toBe(2);
    expect(rs.status).toMatchObject({ replicas: 2, readyReplicas: 2 });
  });

  it('scale-down prefers pending / not-ready pods over running ones', async () => {
    await createDeployment('web', 2);
    await clock.advance(10_000);
    const running = pods(c, 'default', 'app=web').map((p) => p.metadata.name);
    await scale('web', 4);
    const fresh = activePods(c, 'default', 'app=web').filter((p) => !running.includes(p.metadata.name));
    expect(fresh).toHaveLength(2);
    expect(fresh.every((p) => !isReady(p))).toBe(true);
    await scale('web', 2);
    expect(activePods(c, 'default', 'app=web').map((p) => p.metadata.name).sort()).toEqual([...running].sort());
  });

  it('a template change rolls out a new ReplicaSet (revision 2); the old one ends at 0 and every pod runs the new image', async () => {
    const d = await createDeployment('web', 3);
    await clock.advance(10_000);
    const oldRS = ownedRS(d)[0]!;

    await c.client.patch(deployKind, 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } });
    await c.settle();
    const sets = ownedRS(d);
    expect(sets).toHaveLength(2);
    const newRS = sets.find((rs) => rs.metadata.uid !== oldRS.metadata.uid)!;
    expect(newRS.metadata.annotations?.[REVISION]).toBe('2');
    expect(newRS.metadata.name).toBe(`web-${newRS.metadata.labels!['pod-template-hash']}`);
    expect(newRS.metadata.name).not.toBe(oldRS.metadata.name);

    await clock.advance(60_000);
    const final = ownedRS(d);
    const o = final.find((rs) => rs.metadata.uid === oldRS.metadata.uid)!;
    const n = final.find((rs) => rs.metadata.uid === newRS.metadata.uid)!;
    expect(o.spec!.replicas).toBe(0);
    expect(o.metadata.annotations?.[REVISION]).toBe('1');
    expect(n.spec!.replicas).toBe(3);
    const ps = pods(c, 'default', 'app=web');
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(p.spec!.containers[0]!.image).toBe('nginx:1.27');
      expect(p.metadata.labels!['pod-template-hash']).toBe(n.metadata.labels!['pod-template-hash']);
      expect(p.status!.phase).toBe('Running');
    }
    const dep = (await c.client.get<D>(deployKind, 'default', 'web')) as D;
    expect(dep.metadata.generation).toBe(2);
    expect(dep.status).toMatchObject({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    const msgs = events(c, 'web').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    expect(msgs).toContain(`Scaled up replica set ${n.metadata.name} from 0 to 1`);
    expect(msgs.some((m) => /^Scaled down replica set .+ from \d+ to 0$/.test(m ?? '') && m!.includes(oldRS.metadata.name!))).toBe(true);
  });

  it('scaling alone starts no rollout', async () => {
    const d = await createDeployment('web', 2);
    await clock.advance(10_000);
    await scale('web', 3);
    await clock.advance(10_000);
    expect(ownedRS(d)).toHaveLength(1);
    expect(ownedRS(d)[0]!.metadata.annotations?.[REVISION]).toBe('1');
  });

  it('deleting the Deployment garbage-collects its ReplicaSet and pods (background)', async () => {
    const d = await createDeployment('web', 2);
    await clock.advance(10_000);
    const rsName = ownedRS(d)[0]!.metadata.name;
    await c.client.delete(deployKind, 'default', 'web');
    await c.settle();
    expect(replicaSets(c).map((rs) => rs.metadata.name)).not.toContain(rsName);
    expect(activePods(c, 'default', 'app=web')).toHaveLength(0);
    await clock.advance(40_000);
    expect(pods(c, 'default', 'app=web')).toHaveLength(0);
  });

  it('Orphan propagation leaves the ReplicaSet (and its pods) without an owner', async () => {
    const d = await createDeployment('web', 2);
    await clock.advance(10_000);
    const rs = ownedRS(d)[0]!;
    await c.client.delete(deployKind, 'default', 'web', { propagationPolicy: 'Orphan' });
    await c.settle();
    await clock.advance(1_000);
    expect(c.registry.list(deployKind, 'default').items).toHaveLength(0);
    const kept = (await c.client.get<RS>(rsKind, 'default', rs.metadata.name!)) as RS;
    expect(kept.metadata.uid).toBe(rs.metadata.uid);
    expect(kept.metadata.ownerReferences ?? []).toEqual([]);
    expect(kept.spec!.replicas).toBe(2);
    const ps = activePods(c, 'default', 'app=web');
    expect(ps).toHaveLength(2);
    for (const p of ps) expect(p.metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
  });

  it('a ReplicaSet adopts a matching orphan pod instead of creating one', async () => {
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', labels: { app: 'solo' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
    });
    await c.settle();
    const rs = await c.client.create<RS>(rsKind, 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'solo' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'solo' } },
        template: { metadata: { labels: { app: 'solo' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      },
    });
    await c.settle();
    const ps = activePods(c, 'default', 'app=solo');
    expect(ps).toHaveLength(2);
    expect(ps.map((p) => p.metadata.name)).toContain('stray');
    for (const p of ps) expect(p.metadata.ownerReferences?.find((r) => r.controller)?.uid).toBe(rs.metadata.uid);
  });
});
