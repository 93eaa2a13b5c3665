import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { CronJob, CronJobSpec, Job } from 'kubernetes-types/batch/v1.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { formatTime } from '../../src/apiserver/registry.js';
import { parseSchedule, CronError } from '../../src/controllers/cron-schedule.js';
import { getJobName } from '../../src/controllers/cronjob.js';
import { startCluster, pods, events, podKind, type P } from './helpers.js';

const jobKind = mustKind('batch/v1', 'Job');
const cronJobKind = mustKind('batch/v1', 'CronJob');
type J = Job & KubeObject;
type CJ = CronJob & KubeObject;
const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0); // the ManualClock's start: Thursday 2026-01-01 00:00 UTC

describe('cron schedules (robfig/cron ParseStandard)', () => {
  const at = (iso: string) => Date.parse(iso);
  const cases: [string, string | undefined, string, string][] = [
    ['*/5 * * * *', undefined, '2026-01-01T00:00:00Z', '2026-01-01T00:05:00Z'],
    ['*/5 * * * *', undefined, '2026-01-01T00:07:30Z', '2026-01-01T00:10:00Z'],
    ['15,45 * * * *', undefined, '2026-01-01T00:20:00Z', '2026-01-01T00:45:00Z'],
    ['0 9-17/2 * * 1-5', undefined, '2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z'],
    ['0 9-17/2 * * 1-5', undefined, '2026-01-02T17:00:00Z', '2026-01-05T09:00:00Z'], // Friday evening → Monday
    ['30 2 1-3 * *', undefined, '2026-01-03T03:00:00Z', '2026-02-01T02:30:00Z'],
    ['0 0 * jan,feb mon', undefined, '2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z'],
    // Day of month OR day of week when neither is *: the 1st or a Monday.
    ['0 0 1 * 1', undefined, '2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z'],
    // ... but AND when one is *: only the 1st.
    ['0 0 1 * *', undefined, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'],
    // */2 with a step is not a star: odd days OR Mondays.
    ['0 0 */2 * 1', undefined, '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'],
    ['@hourly', undefined, '2026-01-01T00:30:00Z', '2026-01-01T01:00:00Z'],
    ['@daily', undefined, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'],
    ['@midnight', undefined, '2026-01-01T12:00:00Z', '2026-01-02T00:00:00Z'],
    ['@weekly', undefined, '2026-01-01T00:00:00Z', '2026-01-04T00:00:00Z'], // Sunday
    ['@monthly', undefined, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'],
    ['@yearly', undefined, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'],
    ['@annually', undefined, '2026-06-01T00:00:00Z', '2027-01-01T00:00:00Z'],
    ['@every 90s', undefined, '2026-01-01T00:00:00Z', '2026-01-01T00:01:30Z'],
    ['0 0 29 2 *', undefined, '2026-01-01T00:00:00Z', '2028-02-29T00:00:00Z'],
    ['0 9 * * *', 'Asia/Tokyo', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'], // 09:00 JST
    ['5 9 * * *', 'Asia/Tokyo', '2026-01-01T00:00:00Z', '2026-01-01T00:05:00Z'],
    ['0 12 * * *', 'Etc/UTC', '2026-01-01T00:00:00Z', '2026-01-01T12:00:00Z'],
    ['0 12 * * *', 'America/New_York', '2026-07-01T00:00:00Z', '2026-07-01T16:00:00Z'], // EDT
    ['0 12 * * *', 'America/New_York', '2026-01-01T00:00:00Z', '2026-01-01T17:00:00Z'], // EST
  ];
  it.each(cases)('%s (%s) after %s is %s', (spec, tz, after, want) => {
    expect(new Date(parseSchedule(spec, tz).next(at(after))!).toISOString().replace('.000Z', 'Z')).toBe(want);
  });

  it.each([
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
  ])('refuses %s with robfig’s message', (spec, msg) => {
    expect(() => parseSchedule(spec)).toThrow(CronError);
    expect(() => parseSchedule(spec)).toThrow(msg);
  });
});

describe('CronJob controller', () => {
  let c: Cluster;
  let clock: ManualClock;
  beforeEach(async () => {
    ({ c, clock } = await startCluster());
  });
  afterEach(async () => {
    await c.stop();
  });

  function manifest(name: string, schedule: string, spec: Partial<CronJobSpec> = {}, backoffLimit?: number): KubeObject {
    return {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name },
      spec: {
        schedule,
        ...spec,
        jobTemplate: { spec: { ...(backoffLimit === undefined ? {} : { backoffLimit }), template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } } } },
      },
    };
  }
  async function create(name: string, schedule: string, spec: Partial<CronJobSpec> = {}, backoffLimit?: number): Promise<CJ> {
    const cj = await c.client.create<CJ>(cronJobKind, 'default', manifest(name, schedule, spec, backoffLimit));
    await c.settle();
    return cj;
  }
  const jobs = () => (c.registry.list(jobKind, 'default').items as J[]).filter((j) => !j.metadata.deletionTimestamp);
  const jobNames = () => jobs().map((j) => j.metadata.name).sort();
  const getCJ = (name: string) => c.registry.get(cronJobKind, 'default', name) as CJ;
  const slot = (name: string, minutesAfterT0: number) => getJobName(name, T0 + minutesAfterT0 * MIN);

  /** complete finishes the running pod of a Job so the Job controller marks it Complete (or Failed). */
  async function complete(jobName: string, phase: 'Succeeded' | 'Failed' = 'Succeeded'): Promise<void> {
    await clock.advance(3000);
    const p = pods(c, 'default', `batch.kubernetes.io/job-name=${jobName}`).find((x) => x.status?.phase === 'Running') as P;
    const now = formatTime(clock.now());
    const status = {
      ...p.status,
      phase,
      containerStatuses: (p.status?.containerStatuses ?? []).map((s) => ({ ...s, ready: false, state: { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error', finishedAt: now } } })),
    };
    c.registry.update(podKind, 'default', p.metadata.name!, { ...p, status } as KubeObject, { subresource: 'status' });
    await c.settle();
    await clock.advance(1000);
  }

  it('creates the first Job at the next schedule time, named from the scheduled minute', async () => {
    const cj = await create('every5', '*/5 * * * *');
    await clock.advance(4 * MIN + 59_000);
    expect(jobs()).toHaveLength(0);
    await clock.advance(2000);
    const name = 'every5-29453765'; // 2026-01-01T00:05:00Z is minute 29,453,765 of the epoch
    expect(slot('every5', 5)).toBe(name);
    expect(jobNames()).toEqual([name]);
    const j = c.registry.get(jobKind, 'default', name) as J;
    expect(j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-01T00:05:00Z');
    expect(j.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'every5', uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pods(c, 'default', `batch.kubernetes.io/job-name=${name}`)).toHaveLength(1);
    const st = getCJ('every5').status!;
    expect(st.lastScheduleTime).toBe('2026-01-01T00:05:00Z');
    expect(st.active).toEqual([{ kind: 'Job', namespace: 'default', name, uid: j.metadata.uid, apiVersion: 'batch/v1', resourceVersion: expect.any(String) }]);
    expect(events(c, 'every5').filter((e) => e.reason === 'SuccessfulCreate').map((e) => [e.type, e.message, e.source?.component])).toEqual([
      ['Normal', `Created job ${name}`, 'cronjob-controller'],
    ]);

    await clock.advance(5 * MIN);
    expect(jobNames()).toEqual([name, slot('every5', 10)]);
  });

  it('evaluates the schedule in spec.timeZone and stamps the annotation in that zone', async () => {
    await create('tokyo', '5 9 * * *', { timeZone: 'Asia/Tokyo' });
    await clock.advance(5 * MIN + 1000);
    expect(jobNames()).toEqual([slot('tokyo', 5)]);
    expect(jobs()[0]!.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-01T09:05:00+09:00');
  });

  it('records SawCompletedJob and lastSuccessfulTime when a Job completes', async () => {
    await create('tick', '* * * * *');
    await clock.advance(MIN + 1000);
    const name = slot('tick', 1);
    await complete(name);
    const st = getCJ('tick').status!;
    expect(st.active).toBeUndefined();
    expect(st.lastSuccessfulTime).toBe((c.registry.get(jobKind, 'default', name) as J).status?.completionTime);
    expect(events(c, 'tick').filter((e) => e.reason === 'SawCompletedJob').map((e) => e.message)).toEqual([`Saw completed job: ${name}, status: Complete`]);
  });

  it('concurrencyPolicy Forbid skips a slot while the previous Job runs', async () => {
    await create('solo', '* * * * *', { concurrencyPolicy: 'Forbid' });
    await clock.advance(MIN + 1000);
    await clock.advance(2 * MIN);
    expect(jobNames()).toEqual([slot('solo', 1)]);
    expect(events(c, 'solo').filter((e) => e.reason === 'JobAlreadyActive').map((e) => [e.type, e.message])[0]).toEqual([
      'Normal',
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    ]);
    // Once it completes (at 00:03:05), the most recent missed slot, 00:03, starts late; 00:04 is then skipped.
    await complete(slot('solo', 1));
    expect(jobNames()).toEqual([slot('solo', 1), slot('solo', 3)]);
    await clock.advance(MIN);
    expect(jobNames()).toEqual([slot('solo', 1), slot('solo', 3)]);
  });

  it('concurrencyPolicy Replace deletes the running Job and starts the new one', async () => {
    await create('swap', '* * * * *', { concurrencyPolicy: 'Replace' });
    await clock.advance(MIN + 1000);
    const first = slot('swap', 1);
    await clock.advance(MIN);
    expect(jobNames()).toEqual([slot('swap', 2)]);
    expect(events(c, 'swap').filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message)).toEqual([`Deleted job ${first}`]);
    expect(getCJ('swap').status?.active?.map((a) => a.name)).toEqual([slot('swap', 2)]);
  });

  it('concurrencyPolicy Allow runs Jobs side by side', async () => {
    await create('many', '* * * * *');
    await clock.advance(3 * MIN + 1000);
    expect(jobNames()).toEqual([1, 2, 3].map((m) => slot('many', m)));
    expect(getCJ('many').status?.active).toHaveLength(3);
  });

  it('keeps successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs', async () => {
    await create('hist', '* * * * *', { successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 }, 0);
    for (let m = 1; m <= 4; m++) {
      await clock.advance(MIN - (m === 1 ? -1000 : 4000));
      await complete(slot('hist', m));
    }
    await clock.advance(MIN - 4000);
    await complete(slot('hist', 5), 'Failed');
    await clock.advance(MIN - 4000);
    await complete(slot('hist', 6), 'Failed');
    await clock.advance(1000);
    const left = jobs().filter((j) => (j.status?.conditions ?? []).some((x) => ['Complete', 'Failed'].includes(x.type) && x.status === 'True'));
    expect(left.map((j) => j.metadata.name).sort()).toEqual([slot('hist', 3), slot('hist', 4), slot('hist', 6)]);
    const deleted = events(c, 'hist').filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message);
    expect(deleted).toEqual(expect.arrayContaining([`Deleted job ${slot('hist', 1)}`, `Deleted job ${slot('hist', 2)}`, `Deleted job ${slot('hist', 5)}`]));
  });

  it('suspend stops new Jobs; resuming runs the most recent missed slot once', async () => {
    await create('paused', '* * * * *', { suspend: true });
    await clock.advance(3 * MIN + 30_000);
    expect(jobs()).toHaveLength(0);
    await c.client.patch(cronJobKind, 'default', 'paused', 'merge', { spec: { suspend: false } });
    await c.settle();
    expect(jobNames()).toEqual([slot('paused', 3)]);
  });

  it('startingDeadlineSeconds: a slot missed by more than the deadline is skipped with MissSchedule', async () => {
    await create('strict', '*/10 * * * *', { suspend: true, startingDeadlineSeconds: 30 });
    await clock.advance(10 * MIN + 40_000);
    await c.client.patch(cronJobKind, 'default', 'strict', 'merge', { spec: { suspend: false } });
    await c.settle();
    expect(jobs()).toHaveLength(0);
    await clock.advance(10 * MIN);
    expect(jobNames()).toEqual([slot('strict', 20)]);
  });
});
