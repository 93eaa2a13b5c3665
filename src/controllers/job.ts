import type { Pod, PodTemplateSpec, Container } from 'kubernetes-types/core/v1.js';
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isNotFound, isConflict } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext, controllerOf, indexed, ownedBy, controllerRef } from './controller.js';
import { Expectations } from './expectations.js';
import { isPodActive, isPodReady, byDeletionPreference } from './pod-utils.js';
import { cloneJSON } from '../api/clone.js';

type P = Pod & KubeObject;
type J = Job & KubeObject;

const podKind = mustKind('v1', 'Pod');
const jobKind = mustKind('batch/v1', 'Job');

/** The finalizer that keeps a finished pod until the Job has counted it (batch.JobTrackingFinalizer). */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** The annotation (and label) carrying an Indexed Job pod's completion index. */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

/** syncJobBatchPeriod: pod events and status-only Job updates are batched into one sync a second later. */
const SYNC_BATCH_MS = 1000;
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go): 10 s doubling, capped at 10 min. */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
/** MaxPodCreateDeletePerSync and MaxUncountedPods. */
const MAX_PODS_PER_SYNC = 500;
const MAX_UNCOUNTED = 500;

const hasTrackingFinalizer = (p: P) => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

/** findCondition returns the first condition of a type. */
function findCondition(job: J, type: string): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c) => c.type === type);
}

/** isJobFinished: a Complete or Failed condition is True (job/util.IsJobFinished). */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** finishTime is when the Job finished: the transition time of its Complete or Failed condition. */
function finishTime(job: J): number | undefined {
  const c = (job.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}

const isIndexed = (job: J) => job.spec?.completionMode === 'Indexed';

function completionIndex(p: P): number {
  const v = p.metadata.annotations?.[JOB_COMPLETION_INDEX];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  return Number(v);
}

/** isPodFailed: phase Failed, or deleted before succeeding (podReplacementPolicy TerminatingOrFailed, no podFailurePolicy). */
function isPodFailed(p: P, job: J): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

const onlyReplaceFailedPods = (job: J) => job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;

/** isTerminating is controller.CountTerminatingPods' test: deleted but not yet in a terminal phase. */
const isTerminating = (p: P) => !!p.metadata.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded';

/**
 * podFinishedTime is backoff_utils.go's getFinishedTime: the latest container finish, else when Ready turned
 * False, else the deletion time less the grace period, else the creation time.
 */
function podFinishedTime(p: P): number {
  const statuses = p.status?.containerStatuses ?? [];
  let latest: number | undefined;
  let all = statuses.length > 0;
  for (const s of statuses) {
    const at = s.state?.terminated?.finishedAt;
    if (!at) {
      all = false;
      break;
    }
    latest = Math.max(latest ?? 0, Date.parse(at));
  }
  if (all && latest !== undefined) return latest;
  const ready = (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (p.metadata.deletionTimestamp) return Date.parse(p.metadata.deletionTimestamp) - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(p.metadata.creationTimestamp ?? '') || 0;
}

interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** newBackoffRecord folds the newly finished pods into a Job's back-off record (backoff_utils.go). */
function newBackoffRecord(old: BackoffRecord | undefined, succeeded: P[], failed: P[]): BackoffRecord {
  const rec: BackoffRecord = { failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0, lastFailureTime: old?.lastFailureTime };
  const byTime = (a: P, b: P) => podFinishedTime(a) - podFinishedTime(b);
  const s = [...succeeded].sort(byTime);
  const f = [...failed].sort(byTime);
  if (!s.length) {
    if (!f.length) return rec;
    rec.failuresAfterLastSuccess += f.length;
    rec.lastFailureTime = podFinishedTime(f[f.length - 1]!);
    return rec;
  }
  rec.failuresAfterLastSuccess = 0;
  rec.lastFailureTime = undefined;
  const lastSuccess = podFinishedTime(s[s.length - 1]!);
  for (let i = f.length - 1; i >= 0; i--) {
    const t = podFinishedTime(f[i]!);
    if (t <= lastSuccess) break;
    rec.lastFailureTime ??= t;
    rec.failuresAfterLastSuccess++;
  }
  return rec;
}

/** backoffRemaining is how long pod creation still waits: 10 s × 2^(failures-1), capped, since the last failure. */
function backoffRemaining(rec: BackoffRecord, now: number): number {
  if (!rec.failuresAfterLastSuccess || rec.lastFailureTime === undefined) return 0;
  let d = POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    d *= 2;
    if (d >= MAX_POD_FAILURE_BACKOFF_MS) {
      d = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - rec.lastFailureTime;
  return elapsed > d ? 0 : d - elapsed;
}

/** formatIndexes prints sorted indexes as the API does: `0-2,4,6-7`. */
export function formatIndexes(ix: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ix.length; ) {
    let j = i;
    while (j + 1 < ix.length && ix[j + 1] === ix[j]! + 1) j++;
    out.push(j === i ? String(ix[i]) : `${ix[i]}-${ix[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** parseIndexes reads `0-2,4` back, keeping indexes below completions. */
function parseIndexes(s: string | undefined, completions: number): number[] {
  const out = new Set<number>();
  for (const part of (s ?? '').split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-');
    const lo = Number(a);
    const hi = b === undefined ? lo : Number(b);
    if (!Number.isInteger(lo) || !Number.isInteger(hi)) continue;
    for (let i = lo; i <= hi && i < completions; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

/** The working status of one sync, serialised the way the API prints it (zero counters omitted, ready/terminating kept). */
interface WorkStatus {
  startTime?: string;
  completionTime?: string;
  active: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  conditions: JobCondition[];
  uncountedSucceeded: string[];
  uncountedFailed: string[];
  completedIndexes: string;
}

function readStatus(job: J): WorkStatus {
  const s = job.status ?? {};
  return {
    startTime: s.startTime,
    completionTime: s.completionTime,
    active: s.active ?? 0,
    ready: s.ready ?? 0,
    terminating: s.terminating ?? 0,
    succeeded: s.succeeded ?? 0,
    failed: s.failed ?? 0,
    conditions: cloneJSON(s.conditions ?? []) as JobCondition[],
    uncountedSucceeded: [...(s.uncountedTerminatedPods?.succeeded ?? [])],
    uncountedFailed: [...(s.uncountedTerminatedPods?.failed ?? [])],
    completedIndexes: s.completedIndexes ?? '',
  };
}

function writeStatus(w: WorkStatus): JobStatus {
  const s: Record<string, unknown> = {};
  if (w.conditions.length) s.conditions = w.conditions;
  if (w.startTime) s.startTime = w.startTime;
  if (w.completionTime) s.completionTime = w.completionTime;
  if (w.active) s.active = w.active;
  if (w.succeeded) s.succeeded = w.succeeded;
  if (w.failed) s.failed = w.failed;
  if (w.completedIndexes) s.completedIndexes = w.completedIndexes;
  const u: Record<string, string[]> = {};
  if (w.uncountedSucceeded.length) u.succeeded = w.uncountedSucceeded;
  if (w.uncountedFailed.length) u.failed = w.uncountedFailed;
  s.uncountedTerminatedPods = u;
  s.ready = w.ready;
  s.terminating = w.terminating;
  return s as JobStatus;
}

/** One sync's view of a Job (job_controller.go's syncJobCtx). */
interface SyncCtx {
  key: string;
  job: J;
  status: WorkStatus;
  pods: P[];
  activePods: P[];
  succeeded: number;
  failed: number;
  ready: number;
  terminating: number;
  finished?: JobCondition;
  prevSucceededIndexes: number[];
  succeededIndexes: number[];
  backoff: BackoffRecord;
  expectedRmFinalizers: Set<string>;
}

/**
 * JobController runs Jobs to completion as kube-controller-manager's job controller does (pkg/controller/job,
 * Kubernetes 1.33+ behaviour): pods from the template with the tracking finalizer, parallelism and completions
 * (NonIndexed and Indexed), counting finished pods through status.uncountedTerminatedPods before their
 * finalizer goes, the pod-failure back-off, backoffLimit and activeDeadlineSeconds (FailureTarget, then Failed
 * once no pod is terminating), SuccessCriteriaMet then Complete, suspend / resume, and, as the
 * ttl-after-finished controller does, deleting a finished Job once ttlSecondsAfterFinished has passed.
 * Not simulated: podFailurePolicy, successPolicy, backoffLimitPerIndex, managedBy other controllers, adoption
 * of orphan pods.
 */
export class JobController extends Controller {
  private readonly pods;
  private readonly jobs;
  private readonly expectations = new Expectations();
  /** Pod uids whose finalizer removal was sent but not yet seen, per Job key (uidTrackingExpectations). */
  private readonly finalizerExpectations = new Map<string, Set<string>>();
  private readonly backoffs = new Map<string, BackoffRecord>();
  /** Delayed syncs: the earliest wins, as with client-go's AddAfter (WorkQueue.addAfter keeps the first). */

  constructor(ctx: ControllerContext) {
    super(ctx, 'job-controller');
    this.pods = indexed(ctx.informers.for<P>(podKind));
    this.jobs = ctx.informers.for<J>(jobKind);
    this.jobs.on({
      add: (j) => this.enqueue(objectKey(j)),
      update: (j, old) => this.updateJob(j, old),
      delete: (j) => {
        this.enqueue(objectKey(j));
        this.cleanupPodFinalizers(j);
      },
    });
    this.pods.on({
      add: (p) => this.addPod(p),
      update: (p, old) => this.updatePod(p, old),
      delete: (p) => this.deletePod(p, true),
    });
  }

  private resolveJob(p: P): J | undefined {
    const ref = controllerOf(p);
    if (!ref || ref.kind !== 'Job') return undefined;
    const job = this.jobs.get(`${p.metadata.namespace}/${ref.name}`);
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  private updateJob(j: J, old: J): void {
    const key = objectKey(j);
    if (j.metadata.generation === old.metadata.generation) this.queue.addAfter(key, SYNC_BATCH_MS);
    else this.enqueue(key);
    if (isJobFinished(j)) this.cleanupPodFinalizers(j);
    const ads = j.spec?.activeDeadlineSeconds;
    if (j.status?.startTime && ads != null && ads !== old.spec?.activeDeadlineSeconds) {
      const passed = this.ctx.clock.now() - Date.parse(j.status.startTime);
      this.queue.addAfter(key, ads * 1000 - passed);
    }
  }

  private addPod(p: P): void {
    if (p.metadata.deletionTimestamp) return this.deletePod(p, false);
    const job = this.resolveJob(p);
    if (job) {
      this.expectations.creationObserved(objectKey(job));
      this.queue.addAfter(objectKey(job), SYNC_BATCH_MS);
      return;
    }
    if (hasTrackingFinalizer(p)) this.enqueueOrphan(p);
  }

  private updatePod(p: P, old: P): void {
    if (p.metadata.resourceVersion === old.metadata.resourceVersion) return;
    if (p.metadata.deletionTimestamp) return this.deletePod(p, false);
    const finalizerRemoved = !hasTrackingFinalizer(p);
    const oldJob = this.resolveJob(old);
    const job = this.resolveJob(p);
    if (oldJob && oldJob.metadata.uid !== job?.metadata.uid) {
      if (finalizerRemoved) this.finalizerExpectations.get(objectKey(oldJob))?.delete(p.metadata.uid!);
      this.queue.addAfter(objectKey(oldJob), SYNC_BATCH_MS);
    }
    if (job) {
      if (finalizerRemoved) this.finalizerExpectations.get(objectKey(job))?.delete(p.metadata.uid!);
      this.queue.addAfter(objectKey(job), SYNC_BATCH_MS);
      return;
    }
    if (hasTrackingFinalizer(p)) this.enqueueOrphan(p);
  }

  private deletePod(p: P, final: boolean): void {
    const ref = controllerOf(p);
    const hasFinalizer = hasTrackingFinalizer(p);
    if (!ref) {
      if (hasFinalizer) this.enqueueOrphan(p);
      return;
    }
    const job = this.resolveJob(p);
    if (!job || isJobFinished(job)) {
      if (hasFinalizer) this.enqueueOrphan(p);
      return;
    }
    const key = objectKey(job);
    this.expectations.deletionObserved(key, objectKey(p));
    if (final || !hasFinalizer) this.finalizerExpectations.get(key)?.delete(p.metadata.uid!);
    this.queue.addAfter(key, SYNC_BATCH_MS);
  }

  private enqueueOrphan(p: P): void {
    this.enqueue(`orphan:${objectKey(p)}`);
  }

  /** cleanupPodFinalizers frees the pods of a deleted or finished Job that still carry the tracking finalizer. */
  private cleanupPodFinalizers(job: J): void {
    for (const p of ownedBy(this.pods, job)) {
      if (p.metadata.namespace === job.metadata.namespace && hasTrackingFinalizer(p))
        this.enqueueOrphan(p);
    }
  }

  async reconcile(key: string): Promise<void> {
    if (key.startsWith('orphan:')) return this.syncOrphanPod(key.slice('orphan:'.length));
    return this.syncJob(key);
  }

  /** syncOrphanPod removes the tracking finalizer from a pod no live, unfinished Job controls. */
  private async syncOrphanPod(podKey: string): Promise<void> {
    const p = this.pods.get(podKey);
    if (!p || !hasTrackingFinalizer(p)) return;
    const ref = controllerOf(p);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolveJob(p);
      if (job && !isJobFinished(job)) return;
    }
    await this.removeFinalizer(p);
  }

  private async removeFinalizer(p: P): Promise<void> {
    try {
      await this.ctx.client.patch(podKind, p.metadata.namespace, p.metadata.name!, 'strategic', {
        metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async syncJob(key: string): Promise<void> {
    const job = this.jobs.get(key);
    if (!job) {
      this.expectations.delete(key);
      this.finalizerExpectations.delete(key);
      this.backoffs.delete(key);
      return;
    }
    const managedBy = job.spec?.managedBy;
    if (managedBy && managedBy !== 'kubernetes.io/job-controller') return;
    if (isJobFinished(job)) {
      this.backoffs.delete(key);
      await this.processTTL(key, job);
      return;
    }
    const now = this.ctx.clock.now();
    const satisfied = this.expectations.satisfied(key);
    const pods = ownedBy(this.pods, job).filter((p) => p.metadata.namespace === job.metadata.namespace);
    const activePods = pods.filter(isPodActive);
    const status = readStatus(job);
    const expectedRm = this.finalizerExpectations.get(key) ?? new Set<string>();
    const uncountedS = new Set(status.uncountedSucceeded);
    const uncountedF = new Set(status.uncountedFailed);
    const completions = job.spec?.completions ?? undefined;
    const validIndex = (p: P) => !isIndexed(job) || (completionIndex(p) >= 0 && completionIndex(p) < (completions ?? 0));
    const counting = (p: P, uncounted: Set<string>) =>
      hasTrackingFinalizer(p) && !uncounted.has(p.metadata.uid!) && !expectedRm.has(p.metadata.uid!) && validIndex(p);
    const newSucceeded = pods.filter((p) => counting(p, uncountedS) && p.status?.phase === 'Succeeded');
    const newFailed = pods.filter((p) => counting(p, uncountedF) && isPodFailed(p, job));

    const cx: SyncCtx = {
      key,
      job,
      status,
      pods,
      activePods,
      ready: activePods.filter(isPodReady).length,
      terminating: pods.filter(isTerminating).length,
      succeeded: status.succeeded + newSucceeded.length + uncountedS.size,
      failed: status.failed + newFailed.length + uncountedF.size,
      prevSucceededIndexes: [],
      succeededIndexes: [],
      backoff: newBackoffRecord(this.backoffs.get(key), newSucceeded, newFailed),
      expectedRmFinalizers: expectedRm,
    };
    const suspended = job.spec?.suspend === true;
    if (!status.startTime && !suspended) status.startTime = formatTime(now);

    const successMet = findCondition(job, 'SuccessCriteriaMet');
    if (successMet?.status === 'True') cx.finished = successMet;
    if (!cx.finished) {
      const target = findCondition(job, 'FailureTarget');
      if (target?.status === 'True') cx.finished = this.condition('Failed', 'True', target.reason, target.message);
    }
    if (!cx.finished) {
      const backoffLimit = job.spec?.backoffLimit ?? 6;
      const ads = job.spec?.activeDeadlineSeconds;
      if (cx.failed > backoffLimit || this.pastBackoffLimitOnFailure(job, pods)) {
        cx.finished = this.condition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
      } else if (ads != null && status.startTime && !suspended && now - Date.parse(status.startTime) >= ads * 1000) {
        cx.finished = this.condition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline');
      } else if (ads != null && status.startTime && !suspended) {
        this.queue.addAfter(key, ads * 1000 - (now - Date.parse(status.startTime)));
      }
    }

    if (isIndexed(job)) {
      cx.prevSucceededIndexes = parseIndexes(status.completedIndexes, completions ?? 0);
      const set = new Set(cx.prevSucceededIndexes);
      for (const p of pods) if (p.status?.phase === 'Succeeded' && hasTrackingFinalizer(p) && validIndex(p)) set.add(completionIndex(p));
      cx.succeededIndexes = [...set].sort((a, b) => a - b);
      cx.succeeded = cx.succeededIndexes.length;
    }

    let active = activePods.length;
    let suspendCondChanged = false;
    let manageErr: unknown;
    if (cx.finished) {
      // The Job has failed (or met its success criteria): stop what still runs, keeping the finalizers.
      const { deleted, deletedReady, err } = await this.deletePods(job, cx.activePods, false);
      if (deleted !== active || !satisfied) cx.finished = undefined;
      active -= deleted;
      cx.terminating += deleted;
      cx.ready -= deletedReady;
      manageErr = err;
    } else {
      let manageCalled = false;
      if (satisfied && !job.metadata.deletionTimestamp) {
        try {
          active = await this.manageJob(cx);
        } catch (err) {
          manageErr = err;
        }
        manageCalled = true;
      }
      const complete = completions == null ? cx.succeeded > 0 && active === 0 : cx.succeeded >= completions && active === 0;
      if (complete) {
        cx.finished = this.condition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods');
      } else if (manageCalled) {
        if (suspended) {
          if (this.ensureCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended')) {
            suspendCondChanged = true;
            this.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
          }
        } else if (this.ensureCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed')) {
          suspendCondChanged = true;
          this.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
          // ActiveDeadlineSeconds counts continuous activity: a resumed Job starts its clock again.
          status.startTime = formatTime(now);
        }
      }
    }

    const needsUpdate =
      suspendCondChanged || active !== (job.status?.active ?? 0) || cx.ready !== job.status?.ready || cx.terminating !== job.status?.terminating ||
      status.startTime !== job.status?.startTime;
    status.active = active;
    status.ready = cx.ready;
    status.terminating = cx.terminating;
    await this.trackStatusAndRemoveFinalizers(cx, needsUpdate);
    if (manageErr) throw manageErr;
  }

  private condition(type: string, status: 'True' | 'False', reason?: string, message?: string): JobCondition {
    const now = formatTime(this.ctx.clock.now());
    const c: JobCondition = { type, status, lastProbeTime: now, lastTransitionTime: now };
    if (reason) (c as { reason?: string }).reason = reason;
    if (message) (c as { message?: string }).message = message;
    return c;
  }

  /** ensureCondition sets a condition's status, reason and message; a False condition is only ever an update. */
  private ensureCondition(status: WorkStatus, type: string, value: 'True' | 'False', reason: string, message: string): boolean {
    const i = status.conditions.findIndex((c) => c.type === type);
    if (i >= 0) {
      const c = status.conditions[i]!;
      if (c.status === value && c.reason === reason && c.message === message) return false;
      status.conditions[i] = this.condition(type, value, reason, message);
      return true;
    }
    if (value === 'False') return false;
    status.conditions.push(this.condition(type, value, reason, message));
    return true;
  }

  /** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts count against backoffLimit. */
  private pastBackoffLimitOnFailure(job: J, pods: P[]): boolean {
    if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
    let restarts = 0;
    for (const p of pods) {
      if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
      for (const s of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
    }
    const limit = job.spec?.backoffLimit ?? 6;
    return limit === 0 ? restarts > 0 : restarts >= limit;
  }

  /** manageJob creates or deletes pods toward the wanted number of active pods; returns the new active count. */
  private async manageJob(cx: SyncCtx): Promise<number> {
    const { job, key } = cx;
    let active = cx.activePods.length;
    const parallelism = job.spec?.parallelism ?? 1;
    const completions = job.spec?.completions ?? undefined;
    if (job.spec?.suspend === true) {
      const { deleted, deletedReady, err } = await this.deletePods(job, cx.activePods, true);
      active -= deleted;
      cx.terminating += deleted;
      cx.ready -= deletedReady;
      if (err) throw err;
      return active;
    }
    let want: number;
    if (completions == null) want = cx.succeeded > 0 ? active : parallelism;
    else want = Math.max(0, Math.min(completions - cx.succeeded, parallelism));

    const toDelete = this.activePodsForRemoval(job, cx.activePods, Math.max(0, active - want)).slice(0, MAX_PODS_PER_SYNC);
    if (toDelete.length) {
      const { deleted, deletedReady, err } = await this.deletePods(job, toDelete, true);
      active -= deleted;
      cx.terminating += deleted;
      cx.ready -= deletedReady;
      if (err) throw err;
      return active;
    }
    const terminating = onlyReplaceFailedPods(job) ? cx.terminating : 0;
    let diff = want - terminating - active;
    if (diff <= 0) return active;
    const remaining = backoffRemaining(cx.backoff, this.ctx.clock.now());
    if (remaining > 0) {
      this.queue.addAfter(key, Math.max(remaining, SYNC_BATCH_MS));
      // As upstream's manageJob does while it waits out the back-off: report no active pods.
      return 0;
    }
    diff = Math.min(diff, MAX_PODS_PER_SYNC);
    let indexes: number[] = [];
    if (isIndexed(job)) {
      const taken = new Set([...cx.succeededIndexes, ...cx.activePods.map(completionIndex)]);
      for (let i = 0; i < (completions ?? 0) && indexes.length < diff; i++) if (!taken.has(i)) indexes.push(i);
      diff = indexes.length;
      if (!diff) return active;
    }
    this.expectations.set(key, diff);
    const template = cloneJSON(job.spec?.template ?? {}) as PodTemplateSpec;
    if (isIndexed(job)) for (const c of [...(template.spec?.initContainers ?? []), ...(template.spec?.containers ?? [])]) addIndexEnv(c);
    let created = 0;
    let remainingToCreate = diff;
    for (let batch = 1; remainingToCreate > 0; batch *= 2) {
      const n = Math.min(batch, remainingToCreate);
      const batchIndexes = indexes.splice(0, n);
      const results = await Promise.allSettled(
        Array.from({ length: n }, (_, i) => this.ctx.client.create<P>(podKind, job.metadata.namespace, this.podFromTemplate(job, template, batchIndexes[i]))),
      );
      remainingToCreate -= n;
      let failed = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') {
          created++;
          this.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata.name}`);
        } else {
          failed++;
          this.expectations.lowerCreations(key);
          const msg = r.reason instanceof Error ? r.reason.message : String(r.reason);
          this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${msg}`);
        }
      }
      if (failed) {
        this.expectations.lowerCreations(key, remainingToCreate); // the slow start stops here; the next sync retries
        throw new Error(`failed to create ${failed} pods`);
      }
    }
    return active + created;
  }

  private podFromTemplate(job: J, template: PodTemplateSpec, index: number | undefined): KubeObject {
    const meta = template.metadata ?? {};
    const labels: Record<string, string> = { ...(meta.labels ?? {}) };
    const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
    const spec = cloneJSON(template.spec ?? { containers: [] });
    let generateName = `${job.metadata.name}-`;
    if (index !== undefined) {
      annotations[JOB_COMPLETION_INDEX] = String(index);
      labels[JOB_COMPLETION_INDEX] = String(index);
      spec.hostname = `${job.metadata.name}-${index}`;
      // podGenerateNameWithIndex: the index survives truncation to the 58-character generateName limit.
      const suffix = `-${index}-`;
      generateName = `${job.metadata.name}${suffix}`;
      if (generateName.length > 58) generateName = generateName.slice(0, 58 - suffix.length) + suffix;
    }
    const finalizers = [...(meta.finalizers ?? [])];
    if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName,
        namespace: job.metadata.namespace,
        labels,
        finalizers,
        ownerReferences: [controllerRef(job)],
      },
      spec,
    };
    if (Object.keys(annotations).length) pod.metadata.annotations = annotations;
    return pod;
  }

  /** activePodsForRemoval: duplicated or out-of-range indexes first (Indexed), then the least advanced pods. */
  private activePodsForRemoval(job: J, pods: P[], atLeast: number): P[] {
    const rm: P[] = [];
    let left = pods;
    if (isIndexed(job)) {
      left = [];
      const byIndex = new Map<number, P[]>();
      for (const p of pods) {
        const ix = completionIndex(p);
        if (ix < 0 || ix >= (job.spec?.completions ?? 0)) rm.push(p);
        else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
      }
      for (const same of byIndex.values()) {
        const sorted = [...same].sort(byDeletionPreference);
        rm.push(...sorted.slice(0, -1));
        left.push(sorted[sorted.length - 1]!);
      }
    }
    if (rm.length < atLeast) rm.push(...[...left].sort(byDeletionPreference).slice(0, atLeast - rm.length));
    return rm;
  }

  /**
   * deletePods deletes pods and records SuccessfulDelete; with dropFinalizer (scale-down, suspend) the tracking
   * finalizer goes first, so the pod is not counted as failed.
   */
  private async deletePods(job: J, pods: P[], dropFinalizer: boolean): Promise<{ deleted: number; deletedReady: number; err?: unknown }> {
    if (!pods.length) return { deleted: 0, deletedReady: 0 };
    const key = objectKey(job);
    this.expectations.expectDeletions(key, pods.map((p) => objectKey(p)));
    let deleted = 0;
    let deletedReady = 0;
    let err: unknown;
    await Promise.all(
      pods.map(async (p) => {
        try {
          if (dropFinalizer && hasTrackingFinalizer(p)) await this.removeFinalizer(p);
          await this.ctx.client.delete(podKind, p.metadata.namespace, p.metadata.name!);
          deleted++;
          if (isPodReady(p)) deletedReady++;
          this.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (e) {
          this.expectations.deletionObserved(key, objectKey(p));
          if (isNotFound(e)) deleted++;
          else err = e;
        }
      }),
    );
    // A deleted pod stays in the cache, terminating, until it is gone; it no longer counts as active.
    for (const p of pods) this.expectations.deletionObserved(key, objectKey(p));
    return { deleted, deletedReady, err };
  }

  /**
   * trackStatusAndRemoveFinalizers (trackJobStatusAndRemoveFinalizers): put finished pods in
   * uncountedTerminatedPods, write that, drop their finalizers, move them to succeeded / failed, and add the
   * terminal condition once nothing is left uncounted or terminating.
   */
  private async trackStatusAndRemoveFinalizers(cx: SyncCtx, needsUpdate: boolean): Promise<void> {
    const { job, status } = cx;
    let flush = needsUpdate;
    const indexed = isIndexed(job);
    const completions = job.spec?.completions ?? 0;
    const pods = indexed ? [...cx.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : cx.pods;
    const withFinalizer = new Set<string>();
    for (const p of pods) if (hasTrackingFinalizer(p) && !cx.expectedRmFinalizers.has(p.metadata.uid!)) withFinalizer.add(p.metadata.uid!);
    if (this.cleanUncounted(status, withFinalizer)) flush = true;
    const uncountedS = new Set(status.uncountedSucceeded);
    const uncountedF = new Set(status.uncountedFailed);
    const prevIdx = new Set(cx.prevSucceededIndexes);
    const newIdx: number[] = [];
    const toRemove: P[] = [];
    let reachedMax = false;
    for (const p of pods) {
      const uid = p.metadata.uid!;
      if (!hasTrackingFinalizer(p) || cx.expectedRmFinalizers.has(uid)) continue;
      const failed = isPodFailed(p, job);
      const canRemove = !!job.metadata.deletionTimestamp || !!cx.finished || p.status?.phase === 'Succeeded' || failed;
      if (!canRemove) continue;
      toRemove.push(p);
      if (p.status?.phase === 'Succeeded' && !uncountedF.has(uid)) {
        if (indexed) {
          const ix = completionIndex(p);
          if (ix >= 0 && ix < completions && !prevIdx.has(ix)) {
            newIdx.push(ix);
            flush = true;
          }
        } else if (!uncountedS.has(uid)) {
          status.uncountedSucceeded.push(uid);
          flush = true;
        }
      } else if (failed || (cx.finished && cx.finished.type !== 'SuccessCriteriaMet')) {
        // Once the Job is finished, every pod not terminated is counted as failed.
        const ix = completionIndex(p);
        if (!uncountedF.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
          status.uncountedFailed.push(uid);
          flush = true;
        }
      }
      if (newIdx.length + status.uncountedSucceeded.length + status.uncountedFailed.length >= MAX_UNCOUNTED) {
        reachedMax = true;
        break;
      }
    }
    if (indexed) {
      const all = [...new Set([...cx.succeededIndexes, ...newIdx])].sort((a, b) => a - b);
      cx.succeededIndexes = all;
      const s = formatIndexes(all);
      if (s !== status.completedIndexes) flush = true;
      status.succeeded = all.length;
      status.completedIndexes = s;
    }
    if (cx.finished?.type === 'FailureTarget') {
      // The interim condition is written before the finalizers go; Failed follows once every pod is accounted for.
      status.conditions.push(cx.finished);
      flush = true;
      cx.finished = this.condition('Failed', 'True', cx.finished.reason, cx.finished.message);
    }
    if (cx.finished?.type === 'SuccessCriteriaMet') {
      if (!status.conditions.some((c) => c.type === 'SuccessCriteriaMet')) {
        status.conditions.push(cx.finished);
        flush = true;
      }
      cx.finished = this.condition('Complete', 'True', cx.finished.reason, cx.finished.message);
    }

    let current = job;
    // 1. Flush the uncounted pods (and interim conditions) before touching any finalizer.
    if (flush) {
      current = await this.putStatus(current, status);
      this.backoffs.set(cx.key, cx.backoff);
      flush = false;
    }
    // 2. Remove the finalizers of the pods now recorded.
    let rmErr: unknown;
    if (toRemove.length) {
      let exp = this.finalizerExpectations.get(cx.key);
      if (!exp) this.finalizerExpectations.set(cx.key, (exp = new Set()));
      for (const p of toRemove) exp.add(p.metadata.uid!);
      await Promise.all(
        toRemove.map(async (p) => {
          try {
            await this.removeFinalizer(p);
            withFinalizer.delete(p.metadata.uid!);
          } catch (err) {
            exp.delete(p.metadata.uid!);
            rmErr = err;
          }
        }),
      );
    }
    // 3. Count the pods whose finalizer is gone.
    if (this.cleanUncounted(status, withFinalizer)) flush = true;
    // 4. Finished once nothing is uncounted and no pod is still terminating.
    let finished = false;
    if (!reachedMax && !rmErr && cx.finished && !status.uncountedSucceeded.length && !status.uncountedFailed.length && cx.terminating <= 0) {
      const f = cx.finished;
      this.ensureCondition(status, f.type, f.status as 'True', f.reason ?? '', f.message ?? '');
      if (f.type === 'Complete') status.completionTime = status.conditions.find((c) => c.type === 'Complete')?.lastTransitionTime;
      finished = true;
      flush = true;
    }
    if (flush) {
      current = await this.putStatus(current, status);
      if (finished) this.recordFinished(current, cx.finished!);
    }
    if (rmErr) throw rmErr;
  }

  private cleanUncounted(status: WorkStatus, withFinalizer: Set<string>): boolean {
    let changed = false;
    const keepS = status.uncountedSucceeded.filter((u) => withFinalizer.has(u));
    if (keepS.length !== status.uncountedSucceeded.length) {
      status.succeeded += status.uncountedSucceeded.length - keepS.length;
      status.uncountedSucceeded = keepS;
      changed = true;
    }
    const keepF = status.uncountedFailed.filter((u) => withFinalizer.has(u));
    if (keepF.length !== status.uncountedFailed.length) {
      status.failed += status.uncountedFailed.length - keepF.length;
      status.uncountedFailed = keepF;
      changed = true;
    }
    return changed;
  }

  private async putStatus(job: J, status: WorkStatus): Promise<J> {
    // Status is this controller's alone and computed from the whole cache: write it without a resourceVersion.
    const body = { ...job, metadata: { ...job.metadata, resourceVersion: undefined }, status: writeStatus(status) } as KubeObject;
    try {
      return await this.ctx.client.update<J>(jobKind, job.metadata.namespace, body, { subresource: 'status' });
    } catch (err) {
      if (isNotFound(err)) return job;
      throw err;
    }
  }

  private recordFinished(job: J, cond: JobCondition): void {
    if (cond.type === 'Complete') {
      const completions = job.spec?.completions;
      if (completions != null && (job.status?.succeeded ?? 0) > completions)
        this.recorder.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
      this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    } else {
      this.recorder.event(job, 'Warning', cond.reason ?? 'Failed', cond.message ?? '');
    }
  }

  /**
   * processTTL is the ttl-after-finished controller: a finished Job with ttlSecondsAfterFinished is deleted
   * (foreground, so its pods go first) once that many seconds have passed since it finished.
   */
  private async processTTL(key: string, job: J): Promise<void> {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl == null || job.metadata.deletionTimestamp) return;
    const finished = finishTime(job);
    if (finished === undefined) return;
    const left = finished + ttl * 1000 - this.ctx.clock.now();
    if (left > 0) {
      this.queue.addAfter(key, left);
      return;
    }
    try {
      await this.ctx.client.delete(jobKind, job.metadata.namespace, job.metadata.name!, {
        propagationPolicy: 'Foreground',
        preconditions: { uid: job.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }
}

/** addIndexEnv gives a container JOB_COMPLETION_INDEX from the pod's completion-index label (PodIndexLabel, GA). */
function addIndexEnv(c: Container): void {
  if ((c.env ?? []).some((e) => e.name === COMPLETION_INDEX_ENV)) return;
  c.env = [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } }];
}
