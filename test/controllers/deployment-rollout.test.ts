import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import { startCluster, deployment, replicaSets, events, deployKind, type D, type RS } from './helpers.js';

const REVISION = 'deployment.kubernetes.io/revision';

let c: Cluster;
let clock: ManualClock;

beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

const getD = (name = 'web') => c.registry.get(deployKind, 'default', name) as D;
const cond = (type: string, name = 'web') => getD(name).status?.conditions?.find((x) => x.type === type);
const owned = (name = 'web') => {
  const d = getD(name);
  return replicaSets(c).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid));
};
const byImage = (image: string, name = 'web') => owned(name).find((rs) => rs.spec!.template!.spec!.containers[0]!.image === image) as RS;

async function create(replicas: number, extra: Record<string, unknown> = {}, image = 'nginx:1.27'): Promise<void> {
  await c.client.create(deployKind, 'default', deployment('web', replicas, image, extra));
  await c.settle();
}
async function patch(body: Record<string, unknown>, type: 'merge' | 'strategic' = 'merge'): Promise<void> {
  await c.client.patch(deployKind, 'default', 'web', type, body);
  await c.settle();
}
const setImage = (image: string, extra: Record<string, unknown> = {}) =>
  patch({ spec: { template: { spec: { containers: [{ name: 'nginx', image, ...extra }] } } } }, 'strategic');

/** Progressing reasons in the order they were written (a watch on the Deployment). */
function progressHistory(): { reasons: string[]; stop(): void } {
  const reasons: string[] = [];
  const w = c.registry.watch(deployKind, 'default', { resourceVersion: String(c.store.revision) }, (e) => {
    const p = (e.object as D).status?.conditions?.find((x) => x.type === 'Progressing');
    const r = p ? `${p.status}/${p.reason}` : '';
    if (!reasons.length && r === 'True/NewReplicaSetAvailable') return; // the state before the test's change
    if (r && reasons[reasons.length - 1] !== r) reasons.push(r);
  });
  return { reasons, stop: () => w.stop() };
}

describe('Deployment: progress deadline', () => {
  it('a rollout that never gets ready times out: Progressing=False ProgressDeadlineExceeded at the deadline', async () => {
    await create(2, { progressDeadlineSeconds: 30 });
    await clock.advance(10_000);
    expect(cond('Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    // A readiness probe on a port nothing listens on: the new pods run but never get Ready.
    await setImage('nginx:1.28', { readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 } });
    const newRS = byImage('nginx:1.28');
    expect(cond('Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata.name}" is progressing.` });
    await clock.advance(25_000);
    expect(cond('Progressing')?.status).toBe('True');
    await clock.advance(10_000);
    expect(cond('Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    });
    // The old pods keep serving: still available.
    expect(cond('Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    // A fix of the template starts a new rollout, and progress again.
    await patch({ spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.29' }] } } } });
    expect(cond('Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    await clock.advance(60_000);
    expect(cond('Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${byImage('nginx:1.29').metadata.name}" has successfully progressed.` });
  });
});

describe('Deployment: minReadySeconds', () => {
  it('pods count as available only minReadySeconds after Ready, and Available waits for them', async () => {
    await create(2, { minReadySeconds: 20 });
    expect(owned()[0]!.spec!.minReadySeconds).toBe(20);
    await clock.advance(10_000);
    expect(getD().status).toMatchObject({ readyReplicas: 2 });
    expect(getD().status!.availableReplicas).toBeUndefined();
    expect(cond('Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    expect(cond('Progressing')?.reason).not.toBe('NewReplicaSetAvailable');
    await clock.advance(25_000);
    expect(getD().status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
    expect(cond('Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(cond('Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });

  it('a changed minReadySeconds reaches the current ReplicaSet', async () => {
    await create(1);
    await patch({ spec: { minReadySeconds: 7 } });
    expect(owned()).toHaveLength(1);
    expect(owned()[0]!.spec!.minReadySeconds).toBe(7);
  });
});

describe('Deployment: pause and resume', () => {
  it('paused: Progressing Unknown DeploymentPaused, no rollout, scaling still applies; resume: DeploymentResumed, then the rollout', async () => {
    await create(2);
    await clock.advance(10_000);
    expect(cond('Progressing')?.reason).toBe('NewReplicaSetAvailable');
    const h = progressHistory();
    await patch({ spec: { paused: true } });
    expect(cond('Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });

    await setImage('nginx:1.28');
    expect(owned()).toHaveLength(1);
    await patch({ spec: { replicas: 4 } });
    expect(owned()).toHaveLength(1);
    expect(owned()[0]!.spec!.replicas).toBe(4);
    expect(owned()[0]!.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('4');
    expect(cond('Progressing')?.reason).toBe('DeploymentPaused');

    await patch({ spec: { paused: false } });
    expect(owned()).toHaveLength(2);
    expect(byImage('nginx:1.28').metadata.annotations?.[REVISION]).toBe('2');
    await clock.advance(60_000);
    expect(byImage('nginx:1.28').spec!.replicas).toBe(4);
    expect(h.reasons).toEqual(['Unknown/DeploymentPaused', 'Unknown/DeploymentResumed', 'True/NewReplicaSetCreated', 'True/ReplicaSetUpdated', 'True/NewReplicaSetAvailable']);
    h.stop();
  });
});

describe('Deployment: proportional scaling', () => {
  it('scaling mid-rollout shares the new replicas out by ReplicaSet size (the docs example: 10 → 15, +3 old, +2 new)', async () => {
    await create(10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } });
    await clock.advance(10_000);
    await setImage('nginx:1.28', { readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 } });
    await clock.advance(20_000);
    const oldRS = byImage('nginx:1.27');
    const newRS = byImage('nginx:1.28');
    expect([oldRS.spec!.replicas, newRS.spec!.replicas]).toEqual([8, 5]);

    await patch({ spec: { replicas: 15 } });
    expect([byImage('nginx:1.27').spec!.replicas, byImage('nginx:1.28').spec!.replicas]).toEqual([11, 7]);
    for (const rs of [byImage('nginx:1.27'), byImage('nginx:1.28')])
      expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '15', 'deployment.kubernetes.io/max-replicas': '18' });
    const msgs = events(c, 'web').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    expect(msgs).toContain(`Scaled up replica set ${oldRS.metadata.name} from 8 to 11`);
    expect(msgs).toContain(`Scaled up replica set ${newRS.metadata.name} from 5 to 7`);

    // And down: 15 → 5 (allowed 8 = 5 + 3): old 11·8/18 ≈ 5, new 7·8/18 ≈ 3 (then the rollout goes on).
    await patch({ spec: { replicas: 5 } });
    const after = events(c, 'web').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    expect(after).toContain(`Scaled down replica set ${oldRS.metadata.name} from 11 to 5`);
    expect(after).toContain(`Scaled down replica set ${newRS.metadata.name} from 7 to 3`);
  });
});

describe('Deployment: revisions', () => {
  it('rolling back reuses the old ReplicaSet with a new revision and records revision-history', async () => {
    await create(1);
    await clock.advance(10_000);
    await setImage('nginx:1.28');
    await clock.advance(20_000);
    const first = byImage('nginx:1.27');
    expect(first.metadata.annotations?.[REVISION]).toBe('1');
    await setImage('nginx:1.27');
    await clock.advance(20_000);
    const back = byImage('nginx:1.27');
    expect(back.metadata.uid).toBe(first.metadata.uid);
    expect(back.metadata.annotations).toMatchObject({ [REVISION]: '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(getD().metadata.annotations?.[REVISION]).toBe('3');
    await setImage('nginx:1.28');
    await clock.advance(20_000);
    await setImage('nginx:1.27');
    await clock.advance(20_000);
    expect(byImage('nginx:1.27').metadata.annotations).toMatchObject({ [REVISION]: '5', 'deployment.kubernetes.io/revision-history': '1,3' });
    expect(byImage('nginx:1.28').metadata.annotations).toMatchObject({ [REVISION]: '4', 'deployment.kubernetes.io/revision-history': '2' });
  });

  it('rollout restart (the restartedAt annotation on the template) makes a new ReplicaSet', async () => {
    await create(2);
    await clock.advance(10_000);
    await patch({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:10Z' } } } } });
    expect(owned()).toHaveLength(2);
    await clock.advance(60_000);
    const sets = owned();
    const current = sets.find((rs) => rs.spec!.template!.metadata!.annotations?.['kubectl.kubernetes.io/restartedAt'])!;
    expect(current.spec!.replicas).toBe(2);
    expect(current.metadata.annotations?.[REVISION]).toBe('2');
    expect(sets.find((rs) => rs !== current)!.spec!.replicas).toBe(0);
  });

  it('revisionHistoryLimit keeps that many old ReplicaSets; Deployment annotations are copied to ReplicaSets', async () => {
    await create(1, { revisionHistoryLimit: 1 });
    await c.client.patch(deployKind, 'default', 'web', 'merge', { metadata: { annotations: { team: 'blue' } } });
    for (const v of ['1.28', '1.29', '1.30']) {
      await setImage(`nginx:${v}`);
      await clock.advance(30_000);
    }
    const sets = owned();
    expect(sets.map((rs) => rs.spec!.template!.spec!.containers[0]!.image).sort()).toEqual(['nginx:1.29', 'nginx:1.30']);
    expect(byImage('nginx:1.30').metadata.annotations?.team).toBe('blue');
  });
});

