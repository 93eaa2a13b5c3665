import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isAlreadyExists, isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext, controllerOf, controllerRef } from './controller.js';
import { isJobFinished } from './job.js';
import { parseSchedule, checkTimeZone, formatInZone, CronError, type CronSchedule } from './cron-schedule.js';
import { cloneJSON } from '../api/clone.js';

type J = Job & KubeObject;
type CJ = CronJob & KubeObject;

const jobKind = mustKind('batch/v1', 'Job');
const cronJobKind = mustKind('batch/v1', 'CronJob');

/** The annotation with the time a Job was scheduled for, in the CronJob's time zone (RFC 3339). */
export const CRONJOB_SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** nextScheduleDelta: requeues land 100 ms after the scheduled time, to absorb clock skew. */
const NEXT_SCHEDULE_DELTA_MS = 100;

/** getJobName is `<cronjob>-<scheduled time in minutes since the epoch>`, so one schedule slot makes one Job. */
export function getJobName(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledMs / 60_000)}`;
}

const isJobSucceeded = (j: Job) => (j.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');
const finishedType = (j: Job) => (j.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
const ms = (t: string | undefined) => (t ? Date.parse(t) : undefined);

/** Go's time.RFC1123Z, in UTC: `Thu, 01 Jan 2026 00:05:00 +0000`. */
function rfc1123z(t: number): string {
  const d = new Date(t);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

type Missed = 'none' | 'few' | 'many';

/**
 * mostRecentScheduleTime (utils.go): from the last schedule time (or the creation time, or now less
 * startingDeadlineSeconds if later), the latest activation not after now, and whether many were missed.
 */
function mostRecentScheduleTime(cj: CJ, now: number, sched: CronSchedule, withDeadline: boolean): { earliest: number; recent?: number; missed: Missed; err?: string } {
  let earliest = ms(cj.status?.lastScheduleTime) ?? ms(cj.metadata.creationTimestamp) ?? now;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && sds != null) earliest = Math.max(earliest, now - sds * 1000);
  const t1 = sched.next(earliest);
  if (t1 === undefined || now < t1) return { earliest, missed: 'none' };
  const t2 = sched.next(t1);
  if (t2 === undefined || now < t2) return { earliest, recent: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: 'none', err: 'time difference between two schedules is less than 1 second' };
  const missedCount = Math.floor((now - t1) / 1000 / between) + 1;
  let recent: number | undefined;
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  for (let t = sched.next(potentialEarliest); t !== undefined && t <= now; t = sched.next(t)) recent = t;
  const missed: Missed = missedCount > 100 ? 'many' : 'few';
  return { earliest, recent, missed };
}

/** nextScheduleTimeDuration: how long until the next activation after the most recent one, plus the delta. */
function nextScheduleDuration(cj: CJ, now: number, sched: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, sched, false);
  let from: number;
  if (r.err) from = now;
  else if (r.recent === undefined) from = r.missed === 'none' ? r.earliest : now;
  else from = r.recent;
  const next = sched.next(from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}

/**
 * CronJobController creates Jobs on a schedule as kube-controller-manager's cronjob controller (v2) does:
 * one Job per schedule slot named `<cronjob>-<minutes since epoch>`, timeZone, concurrencyPolicy
 * Allow / Forbid / Replace, suspend, startingDeadlineSeconds, status active / lastScheduleTime /
 * lastSuccessfulTime, and the successful / failed Jobs history limits. Every wait is on the cluster clock.
 */
export class CronJobController extends Controller {
  private readonly jobs;
  private readonly cronJobs;

  constructor(ctx: ControllerContext) {
    super(ctx, 'cronjob-controller');
    this.jobs = ctx.informers.for<J>(jobKind);
    this.cronJobs = ctx.informers.for<CJ>(cronJobKind);
    this.cronJobs.on({
      add: (cj) => this.enqueue(objectKey(cj)),
      update: (cj, old) => this.updateCronJob(cj, old),
      delete: (cj) => this.enqueue(objectKey(cj)),
    });
    const jobChanged = (j: J) => {
      const owner = this.resolveOwner(j);
      if (owner) this.enqueue(objectKey(owner));
    };
    this.jobs.on({
      add: jobChanged,
      update: (j, old) => {
        if (j.metadata.resourceVersion === old.metadata.resourceVersion) return;
        const prev = this.resolveOwner(old);
        if (prev && controllerOf(old)?.uid !== controllerOf(j)?.uid) this.enqueue(objectKey(prev));
        jobChanged(j);
      },
      delete: jobChanged,
    });
  }

  private resolveOwner(j: J): CJ | undefined {
    const ref = controllerOf(j);
    if (!ref || ref.kind !== 'CronJob') return undefined;
    const cj = this.cronJobs.get(`${j.metadata.namespace}/${ref.name}`);
    return cj && cj.metadata.uid === ref.uid ? cj : undefined;
  }

  private updateCronJob(cj: CJ, old: CJ): void {
    const key = objectKey(cj);
    if (cj.spec?.schedule !== old.spec?.schedule || cj.spec?.timeZone !== old.spec?.timeZone) {
      let sched: CronSchedule;
      try {
        sched = parseSchedule(cj.spec?.schedule ?? '', checkTimeZone(cj.spec?.timeZone) ? undefined : cj.spec?.timeZone);
      } catch {
        this.recorder.event(cj, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cj.spec?.schedule}`);
        return;
      }
      const d = nextScheduleDuration(cj, this.ctx.clock.now(), sched);
      if (d !== undefined) this.queue.addAfter(key, d);
      return;
    }
    this.enqueue(key);
  }

  async reconcile(key: string): Promise<void> {
    const cached = this.cronJobs.get(key);
    if (!cached) return;
    // Every Job whose controller reference names this CronJob, whatever its labels now say.
    const jobs = this.jobs.list().filter((j) => j.metadata.namespace === cached.metadata.namespace && controllerOf(j)?.name === cached.metadata.name);
    const cj = cloneJSON(cached) as CJ;
    cj.status ??= {};
    const cleaned = await this.cleanupFinishedJobs(cj, jobs);
    let requeue: number | undefined;
    let synced = false;
    let syncErr: unknown;
    try {
      ({ requeue, update: synced } = await this.syncCronJob(cj, jobs));
    } catch (err) {
      syncErr = err;
    }
    if (cleaned || synced) {
      const status = cj.status ?? {};
      const body = { ...cj, status: { ...status, active: status.active?.length ? status.active : undefined } } as KubeObject;
      try {
        await this.ctx.client.update(cronJobKind, cj.metadata.namespace, body, { subresource: 'status' });
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
    }
    if (requeue !== undefined) this.queue.addAfter(key, requeue);
    if (syncErr) throw syncErr;
  }

  /** syncCronJob (cronjob_controllerv2.go): bookkeeping of the active list, then at most one new Job. */
  private async syncCronJob(cj: CJ, jobs: J[]): Promise<{ requeue?: number; update: boolean }> {
    const now = this.ctx.clock.now();
    const st = cj.status!;
    let update = false;
    const children = new Set<string>();
    for (const j of jobs) {
      children.add(j.metadata.uid!);
      const found = (st.active ?? []).some((a) => a.uid === j.metadata.uid);
      if (!found && !isJobFinished(j)) {
        const fresh = await this.ctx.client.get<CJ>(cronJobKind, cj.metadata.namespace, cj.metadata.name!);
        if ((fresh.status?.active ?? []).some((a) => a.uid === j.metadata.uid)) {
          st.active = cloneJSON(fresh.status!.active);
          continue;
        }
        this.recorder.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (found && isJobFinished(j)) {
        st.active = (st.active ?? []).filter((a) => a.uid !== j.metadata.uid);
        this.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${finishedType(j)}`);
        update = true;
      } else if (isJobSucceeded(j)) {
        const done = j.status?.completionTime;
        if (done && (!st.lastSuccessfulTime || Date.parse(done) > Date.parse(st.lastSuccessfulTime))) {
          st.lastSuccessfulTime = done;
          update = true;
        }
      }
    }
    // An active Job that no longer exists is dropped, so the CronJob is not stuck "active" forever.
    for (const a of [...(st.active ?? [])]) {
      if (children.has(a.uid ?? '')) continue;
      try {
        await this.ctx.client.get(jobKind, a.namespace, a.name ?? '');
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${a.name}`);
        st.active = (st.active ?? []).filter((x) => x.uid !== a.uid);
        update = true;
      }
    }
    if (cj.metadata.deletionTimestamp) return { update };
    const tz = cj.spec?.timeZone ?? undefined;
    const tzErr = tz != null ? checkTimeZone(tz) : undefined;
    if (tzErr) {
      this.recorder.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: ${tzErr}`);
      return { update };
    }
    if (cj.spec?.suspend === true) return { update };
    let sched: CronSchedule;
    try {
      sched = parseSchedule(cj.spec?.schedule ?? '', tz);
    } catch (err) {
      const msg = err instanceof CronError ? err.message : String(err);
      this.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${msg}`);
      return { update };
    }
    const r = mostRecentScheduleTime(cj, now, sched, true);
    if (r.err) {
      this.recorder.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec?.schedule} : ${r.err}`);
      return { update };
    }
    const scheduled = r.recent !== undefined && r.recent <= now ? r.recent : undefined;
    if (scheduled !== undefined && r.missed === 'many')
      this.recorder.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    const next = () => nextScheduleDuration(cj, now, sched);
    if (scheduled === undefined) return { requeue: next(), update };

    const sds = cj.spec?.startingDeadlineSeconds;
    if (sds != null && scheduled + sds * 1000 < now) {
      this.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return { requeue: next(), update };
    }
    const name = getJobName(cj.metadata.name!, scheduled);
    const lastSchedule = ms(st.lastScheduleTime);
    if ((st.active ?? []).some((a) => a.name === name && a.namespace === cj.metadata.namespace) || lastSchedule === scheduled) {
      return { requeue: next(), update };
    }
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && (st.active ?? []).length > 0) {
      this.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return { requeue: next(), update };
    }
    if (policy === 'Replace') {
      for (const a of [...(st.active ?? [])]) {
        let job: J;
        try {
          job = await this.ctx.client.get<J>(jobKind, a.namespace, a.name ?? '');
        } catch (err) {
          this.recorder.event(cj, 'Warning', 'FailedGet', `Get job: ${err instanceof Error ? err.message : String(err)}`);
          throw err;
        }
        if (!(await this.deleteJob(cj, job))) throw new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`);
        update = true;
      }
    }

    let created: J;
    let existed = false;
    try {
      created = await this.ctx.client.create<J>(jobKind, cj.metadata.namespace, this.jobFromTemplate(cj, scheduled, name));
    } catch (err) {
      if (!isAlreadyExists(err)) {
        this.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
      // Created before but not recorded (a crash between the two writes): record it now, if it is ours.
      existed = true;
      created = await this.ctx.client.get<J>(jobKind, cj.metadata.namespace, name);
      if (controllerOf(created)?.uid !== cj.metadata.uid) return { update };
      if ((st.active ?? []).some((a) => a.uid === created.metadata.uid)) return { update };
    }
    if (!existed) this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
    const ref: ObjectReference = {
      kind: 'Job',
      namespace: created.metadata.namespace,
      name: created.metadata.name,
      uid: created.metadata.uid,
      apiVersion: 'batch/v1',
      resourceVersion: created.metadata.resourceVersion,
    };
    st.active = [...(st.active ?? []), ref];
    st.lastScheduleTime = formatTime(scheduled);
    return { requeue: next(), update: true };
  }

  /** jobFromTemplate (getJobFromTemplate2): the template's labels and annotations, the scheduled-time annotation, the owner. */
  private jobFromTemplate(cj: CJ, scheduled: number, name: string): KubeObject {
    const tmpl = cj.spec?.jobTemplate ?? {};
    const annotations: Record<string, string> = { ...(tmpl.metadata?.annotations ?? {}) };
    annotations[CRONJOB_SCHEDULED_TIMESTAMP] = formatInZone(scheduled, cj.spec?.timeZone ?? undefined);
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        annotations,
        ownerReferences: [controllerRef(cj)],
      },
      spec: cloneJSON(tmpl.spec ?? {}),
    };
    const labels = tmpl.metadata?.labels;
    if (labels && Object.keys(labels).length) job.metadata.labels = { ...labels };
    return job;
  }

  /** cleanupFinishedJobs keeps the newest successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs. */
  private async cleanupFinishedJobs(cj: CJ, jobs: J[]): Promise<boolean> {
    const okLimit = cj.spec?.successfulJobsHistoryLimit;
    const failLimit = cj.spec?.failedJobsHistoryLimit;
    if (okLimit == null && failLimit == null) return false;
    const ok = jobs.filter((j) => finishedType(j) === 'Complete');
    const failed = jobs.filter((j) => finishedType(j) === 'Failed');
    let update = false;
    if (okLimit != null && (await this.removeOldest(cj, ok, okLimit))) update = true;
    if (failLimit != null && (await this.removeOldest(cj, failed, failLimit))) update = true;
    return update;
  }

  private async removeOldest(cj: CJ, jobs: J[], max: number): Promise<boolean> {
    const n = jobs.length - max;
    if (n <= 0) return false;
    // byJobStartTime: by status.startTime (Jobs without one last), then by name.
    const sorted = [...jobs].sort((a, b) => {
      const ta = ms(a.status?.startTime);
      const tb = ms(b.status?.startTime);
      if (ta === undefined && tb !== undefined) return 1;
      if (ta !== undefined && tb === undefined) return -1;
      if (ta === tb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
      return ta! - tb!;
    });
    let update = false;
    for (const j of sorted.slice(0, n)) if (await this.deleteJob(cj, j)) update = true;
    return update;
  }

  /** deleteJob deletes a Job (background propagation: the garbage collector takes its pods) and drops it from active. */
  private async deleteJob(cj: CJ, job: J): Promise<boolean> {
    try {
      await this.ctx.client.delete(jobKind, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
    } catch (err) {
      this.recorder.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
    const st = (cj.status ??= {});
    st.active = (st.active ?? []).filter((a) => a.uid !== job.metadata.uid);
    this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    return true;
  }
}
