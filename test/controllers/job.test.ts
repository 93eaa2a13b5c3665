import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Job, JobSpec } from 'kubernetes-types/batch/v1.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { formatTime } from '../../src/apiserver/registry.js';
import { jobStatus, jobCompletions } from '../../src/api/printers/batch.js';
import { startCluster, pods, events, podKind, type P } from './helpers.js';

const jobKind = mustKind('batch/v1', 'Job');
type J = Job & KubeObject;
const FINALIZER = 'batch.kubernetes.io/job-tracking';
const INDEX = 'batch.kubernetes.io/job-completion-index';

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

/** A Job whose pods run `sleep 3600` in busybox: they run until the test decides how they end. */
function jobManifest(name: string, spec: Partial<JobSpec> = {}, command = ['sleep', '3600']): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name, image: 'busybox', command }] } } },
  };
}

async function createJob(name: string, spec: Partial<JobSpec> = {}): Promise<J> {
  const j = await c.client.create<J>(jobKind, 'default', jobManifest(name, spec));
  await c.settle();
  return j;
}

const getJob = (name: string) => c.registry.get(jobKind, 'default', name) as J;
const jobPods = (name: string) => pods(c, 'default', `batch.kubernetes.io/job-name=${name}`);
const activeOf = (name: string) => jobPods(name).filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
const conds = (j: J) => (j.status?.conditions ?? []).map((x) => [x.type, x.status, x.reason, x.message]);

/** finish ends a running pod behind the kubelet's back: phase and terminated container states, as the kubelet writes them. */
async function finish(p: P, phase: 'Succeeded' | 'Failed'): Promise<void> {
  const cur = c.registry.get(podKind, 'default', p.metadata.name!) as P;
  expect(cur.status?.phase).toBe('Running');
  const now = formatTime(clock.now());
  const status = {
    ...cur.status,
    phase,
    conditions: (cur.status?.conditions ?? []).map((x) =>
      x.type === 'Ready' || x.type === 'ContainersReady' ? { ...x, status: 'False', reason: 'PodCompleted', lastTransitionTime: now } : x,
    ),
    containerStatuses: (cur.status?.containerStatuses ?? []).map((s) => ({
      ...s,
      ready: false,
      started: false,
      state: { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error', startedAt: s.state?.running?.startedAt, finishedAt: now } },
    })),
  };
  c.registry.update(podKind, 'default', cur.metadata.name!, { ...cur, status } as KubeObject, { subresource: 'status' });
  await c.settle();
}

describe('Job controller', () => {
  it('creates pods from the template with the job labels, owner and tracking finalizer', async () => {
    const j = await createJob('pi');
    const ps = jobPods('pi');
    expect(ps).toHaveLength(1);
    const p = ps[0]!;
    expect(p.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/);
    expect(p.metadata.labels).toMatchObject({
      'batch.kubernetes.io/job-name': 'pi',
      'job-name': 'pi',
      'batch.kubernetes.io/controller-uid': j.metadata.uid,
      'controller-uid': j.metadata.uid,
    });
    expect(p.metadata.finalizers).toEqual([FINALIZER]);
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: j.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(events(c, 'pi').filter((e) => e.reason === 'SuccessfulCreate').map((e) => [e.type, e.message, e.source?.component])).toEqual([
      ['Normal', `Created pod: ${p.metadata.name}`, 'job-controller'],
    ]);
    const s = getJob('pi').status!;
    expect(s.startTime).toBe(formatTime(t0));
    expect(s.active).toBe(1);
    expect(s.uncountedTerminatedPods).toEqual({});
    expect(jobStatus(getJob('pi'))).toBe('Running');
    expect(jobCompletions(getJob('pi'))).toBe('0/1');
  });

  it('runs completions with at most parallelism pods, then SuccessCriteriaMet and Complete', async () => {
    await createJob('work', { completions: 3, parallelism: 2 });
    expect(activeOf('work')).toHaveLength(2);
    await clock.advance(3000);
    expect(getJob('work').status).toMatchObject({ active: 2, ready: 2 });

    const [a] = activeOf('work');
    await finish(a!, 'Succeeded');
    await clock.advance(1000);
    expect(getJob('work').status?.succeeded).toBe(1);
    // The counted pod keeps its object but loses its finalizer; a third pod replaces it, still only 2 active.
    expect(c.registry.get(podKind, 'default', a!.metadata.name!).metadata.finalizers ?? []).toEqual([]);
    expect(activeOf('work')).toHaveLength(2);
    expect(jobPods('work')).toHaveLength(3);

    await clock.advance(3000);
    for (const p of activeOf('work')) await finish(p, 'Succeeded');
    await clock.advance(1000);
    const j = getJob('work');
    expect(conds(j)).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(j.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(j.status?.active).toBeUndefined();
    expect(j.status?.completionTime).toBe(formatTime(clock.now()));
    expect(jobStatus(j)).toBe('Complete');
    expect(jobCompletions(j)).toBe('3/3');
    expect(events(c, 'work').filter((e) => e.reason === 'Completed').map((e) => [e.type, e.message])).toEqual([['Normal', 'Job completed']]);
    expect(jobPods('work').every((p) => !p.metadata.finalizers?.length)).toBe(true);
  });

  it('recreates failed pods after a 10 s, 20 s back-off and fails with BackoffLimitExceeded', async () => {
    await createJob('flaky', { backoffLimit: 2 });
    await clock.advance(3000);
    const first = activeOf('flaky')[0]!;
    // Pod times are whole seconds (metav1.Time): the back-off runs from the truncated finishedAt.
    const failedAt1 = Math.floor(clock.now() / 1000) * 1000;
    await finish(first, 'Failed');
    await clock.advance(1000);
    expect(getJob('flaky').status?.failed).toBe(1);
    expect(activeOf('flaky')).toHaveLength(0);
    await clock.advance(8500);
    expect(jobPods('flaky')).toHaveLength(1); // still backing off, 9.5 s after the failure
    await clock.advance(1000);
    const second = activeOf('flaky')[0]!;
    expect(Date.parse(second.metadata.creationTimestamp!) - failedAt1).toBe(10_000);

    await clock.advance(3000);
    const failedAt2 = Math.floor(clock.now() / 1000) * 1000;
    await finish(activeOf('flaky')[0]!, 'Failed');
    await clock.advance(18_000);
    expect(activeOf('flaky')).toHaveLength(0);
    await clock.advance(2000);
    const third = activeOf('flaky')[0]!;
    expect(Date.parse(third.metadata.creationTimestamp!) - failedAt2).toBe(20_000);

    await clock.advance(3000);
    await finish(third, 'Failed');
    await clock.advance(1000);
    const j = getJob('flaky');
    expect(conds(j)).toEqual([
      ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect(j.status?.failed).toBe(3);
    expect(j.status?.completionTime).toBeUndefined();
    expect(jobStatus(j)).toBe('Failed');
    expect(jobCompletions(j)).toBe('0/1');
    expect(events(c, 'flaky').filter((e) => e.reason === 'BackoffLimitExceeded').map((e) => [e.type, e.message])).toEqual([
      ['Warning', 'Job has reached the specified backoff limit'],
    ]);
    await clock.advance(60_000);
    expect(jobPods('flaky')).toHaveLength(3); // no more pods once failed
  });

  it('stops a Job past activeDeadlineSeconds: FailureTarget at once, Failed when its pod has terminated', async () => {
    await createJob('slow', { activeDeadlineSeconds: 10 });
    await clock.advance(9000);
    expect(conds(getJob('slow'))).toEqual([]);
    await clock.advance(1500);
    let j = getJob('slow');
    expect(conds(j)).toEqual([['FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline']]);
    expect(jobPods('slow')[0]!.metadata.deletionTimestamp).toBeDefined();
    expect(events(c, 'slow').filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message)).toEqual([`Deleted pod: ${jobPods('slow')[0]!.metadata.name}`]);
    await clock.advance(45_000);
    j = getJob('slow');
    expect(conds(j).map((x) => x[0])).toEqual(['FailureTarget', 'Failed']);
    expect(conds(j)[1]).toEqual(['Failed', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline']);
    expect(j.status).toMatchObject({ failed: 1, terminating: 0 });
    expect(events(c, 'slow').filter((e) => e.reason === 'DeadlineExceeded').map((e) => [e.type, e.message])).toEqual([
      ['Warning', 'Job was active longer than specified deadline'],
    ]);
  });

  it('suspends and resumes: Suspended condition, events, pods deleted without counting them as failed', async () => {
    await createJob('later', { suspend: true, parallelism: 2, completions: 4 });
    expect(jobPods('later')).toHaveLength(0);
    let j = getJob('later');
    expect(conds(j)).toEqual([['Suspended', 'True', 'JobSuspended', 'Job suspended']]);
    expect(j.status?.startTime).toBeUndefined();
    expect(jobStatus(j)).toBe('Suspended');

    await clock.advance(5000);
    await c.client.patch(jobKind, 'default', 'later', 'merge', { spec: { suspend: false } });
    await c.settle();
    j = getJob('later');
    expect(activeOf('later')).toHaveLength(2);
    expect(conds(j)).toEqual([['Suspended', 'False', 'JobResumed', 'Job resumed']]);
    expect(j.status?.startTime).toBe(formatTime(t0 + 5000));

    await clock.advance(3000);
    const running = activeOf('later').map((p) => p.metadata.name).sort();
    await c.client.patch(jobKind, 'default', 'later', 'merge', { spec: { suspend: true } });
    await c.settle();
    j = getJob('later');
    expect(conds(j)).toEqual([['Suspended', 'True', 'JobSuspended', 'Job suspended']]);
    expect(activeOf('later')).toHaveLength(0);
    expect(events(c, 'later').filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message).sort()).toEqual(running.map((n) => `Deleted pod: ${n}`));
    expect(events(c, 'later').filter((e) => ['Suspended', 'Resumed'].includes(e.reason!)).map((e) => [e.reason, e.message, e.count])).toEqual([
      ['Suspended', 'Job suspended', 2],
      ['Resumed', 'Job resumed', 1],
    ]);
    await clock.advance(40_000);
    expect(getJob('later').status?.failed).toBeUndefined();
    expect(jobPods('later')).toHaveLength(0);
  });

  it('deletes a finished Job after ttlSecondsAfterFinished on the cluster clock', async () => {
    await createJob('once', { ttlSecondsAfterFinished: 30 });
    await clock.advance(3000);
    await finish(activeOf('once')[0]!, 'Succeeded');
    await clock.advance(1000);
    expect(jobStatus(getJob('once'))).toBe('Complete');
    await clock.advance(28_000);
    expect(getJob('once').metadata.deletionTimestamp).toBeUndefined();
    await clock.advance(2000);
    await clock.advance(40_000); // foreground deletion: the pod goes first, then the Job
    expect(c.registry.list(jobKind, 'default').items.map((x) => x.metadata.name)).not.toContain('once');
    expect(jobPods('once')).toHaveLength(0);
  });

  it('Indexed mode: one pod per index with the index annotation, label, hostname and env; completedIndexes', async () => {
    await createJob('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' });
    const ps = jobPods('idx');
    expect(ps).toHaveLength(3);
    const byIndex = new Map(ps.map((p) => [p.metadata.annotations?.[INDEX], p]));
    expect([...byIndex.keys()].sort()).toEqual(['0', '1', '2']);
    for (const [ix, p] of byIndex) {
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      expect(p.metadata.labels?.[INDEX]).toBe(ix);
      expect(p.spec?.hostname).toBe(`idx-${ix}`);
      expect(p.spec?.containers[0]?.env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${INDEX}']` } } }]);
    }
    await clock.advance(3000);
    await finish(byIndex.get('1')!, 'Succeeded');
    await clock.advance(1000);
    expect(getJob('idx').status).toMatchObject({ completedIndexes: '1', succeeded: 1 });
    expect(activeOf('idx')).toHaveLength(2); // index 1 is done: no replacement
    await finish(byIndex.get('0')!, 'Succeeded');
    await finish(byIndex.get('2')!, 'Succeeded');
    await clock.advance(1000);
    const j = getJob('idx');
    expect(j.status).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
    expect(jobStatus(j)).toBe('Complete');
  });

  it('removes the tracking finalizer from the pods of a deleted Job', async () => {
    await createJob('gone', { parallelism: 2, completions: 2 });
    await clock.advance(3000);
    await c.client.delete(jobKind, 'default', 'gone');
    await c.settle();
    await clock.advance(40_000);
    expect(jobPods('gone')).toHaveLength(0);
  });

  // End to end through the kubelet: busybox runs `echo hi` and exits 0, the Job completes by itself.
  it('runs `kubectl create job --image=busybox -- echo hi` to Complete on its own', async () => {
    await c.client.create(jobKind, 'default', jobManifest('hello', {}, ['echo', 'hi']));
    await c.settle();
    await clock.advance(10_000);
    const j = getJob('hello');
    expect(jobStatus(j)).toBe('Complete');
    expect(jobCompletions(j)).toBe('1/1');
    expect(conds(j).map((x) => x[0])).toEqual(['SuccessCriteriaMet', 'Complete']);
    const p = jobPods('hello')[0]!;
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.metadata.finalizers ?? []).toEqual([]);
    expect(events(c, 'hello').map((e) => e.reason)).toEqual(expect.arrayContaining(['SuccessfulCreate', 'Completed']));
  });
});
