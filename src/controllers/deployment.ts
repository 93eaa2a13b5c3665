import type { Deployment, DeploymentCondition, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isAlreadyExists, isConflict, isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { hashOf } from './history.js';
import { Controller, type ControllerContext, controllerOf, controllerRef } from './controller.js';
import { cloneJSON } from '../api/clone.js';

type D = Deployment & KubeObject;
type RS = ReplicaSet & KubeObject;

const deployKind = mustKind('apps/v1', 'Deployment');
const rsKind = mustKind('apps/v1', 'ReplicaSet');

const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';
const HASH_LABEL = 'pod-template-hash';

/** templateHash is the pod-template-hash of a template: FNV-32a, printed in decimal, mapped to the safe alphabet. */
export function templateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  return hashOf(template ?? {}, collisionCount);
}

/** resolveIntOrPercent resolves maxSurge / maxUnavailable against replicas, rounding up or down. */
export function resolveIntOrPercent(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = v.match(/^(\d+)%$/);
  if (!m) return Number.parseInt(v, 10) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** surgeAndUnavailable returns the Deployment's maxSurge and maxUnavailable as pod counts (never both 0). */
export function surgeAndUnavailable(d: Deployment): { surge: number; unavailable: number } {
  if (d.spec?.strategy?.type === 'Recreate') return { surge: 0, unavailable: 0 };
  const replicas = d.spec?.replicas ?? 1;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = resolveIntOrPercent(ru.maxSurge as number | string | undefined, replicas, true);
  let unavailable = resolveIntOrPercent(ru.maxUnavailable as number | string | undefined, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
/** The longest revision-history annotation kept (the controller's maxRevHistoryLengthInChars). */
const MAX_REV_HISTORY_CHARS = 2000;
/** Deployment annotations not copied to its ReplicaSets (skipCopyAnnotation). */
const SKIP_COPY = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED, MAX, 'deprecated.deployment.rollback.to']);

/** Progressing condition reasons and messages, as pkg/controller/deployment/util names them. */
export const ProgressReasons = {
  newRSCreated: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  updated: 'ReplicaSetUpdated',
  available: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
} as const;

const revisionOf = (rs: RS) => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
const specReplicas = (rs: RS | undefined) => rs?.spec?.replicas ?? 0;
const created = (rs: RS) => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;
const maxSurgeOf = (d: Deployment) => surgeAndUnavailable(d).surge;
const hasDeadline = (d: Deployment) => d.spec?.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;

type Cond = DeploymentCondition;

/** setCondition is SetDeploymentCondition: same status and reason → no change; same status keeps lastTransitionTime. */
function setCondition(conds: Cond[], c: Cond): Cond[] {
  const cur = conds.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return conds;
  if (cur && cur.status === c.status) c = { ...c, lastTransitionTime: cur.lastTransitionTime };
  return [...conds.filter((x) => x.type !== c.type), c];
}

/**
 * DeploymentController rolls a Deployment's pod template out through ReplicaSets named
 * `<deployment>-<pod-template-hash>`, following pkg/controller/deployment: it creates the new ReplicaSet,
 * scales it up and the old ones down within maxSurge / maxUnavailable (or all at once for Recreate), scales
 * every ReplicaSet proportionally when replicas change mid-rollout (or while paused), keeps
 * revisionHistoryLimit old ReplicaSets, and reports replicas and the Available / Progressing conditions
 * (paused, resumed, progress deadline exceeded) and ScalingReplicaSet events as kube-controller-manager does.
 */
export class DeploymentController extends Controller {
  private readonly deployments;
  private readonly sets;

  constructor(ctx: ControllerContext) {
    super(ctx, 'deployment-controller');
    this.deployments = ctx.informers.for<D>(deployKind);
    this.sets = ctx.informers.for<RS>(rsKind);
    this.deployments.on({ add: (d) => this.enqueue(objectKey(d)), update: (d) => this.enqueue(objectKey(d)) });
    const byOwner = (rs: RS) => {
      const ref = controllerOf(rs);
      if (ref?.kind === 'Deployment') this.enqueue(`${rs.metadata.namespace}/${ref.name}`);
    };
    this.sets.on({ add: byOwner, update: byOwner, delete: byOwner });
  }

  private owned(d: D): RS[] {
    return this.sets.list().filter((rs) => rs.metadata.namespace === d.metadata.namespace && controllerOf(rs)?.uid === d.metadata.uid && !rs.metadata.deletionTimestamp);
  }

  async reconcile(key: string): Promise<void> {
    let d = this.deployments.get(key);
    if (!d || d.metadata.deletionTimestamp) return;
    const owned = this.owned(d);
    const hash = templateHash(d.spec?.template, d.status?.collisionCount);
    const found = owned.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash);
    const oldRSs = owned.filter((rs) => rs !== found).sort((a, b) => revisionOf(a) - revisionOf(b));

    d = await this.checkPausedConditions(d);
    if (!d) return;
    if (d.spec?.paused || this.isScalingEvent(d, found, oldRSs)) {
      // sync(): scale only, never create a new ReplicaSet.
      const newRS = found ? await this.syncNewRS(d, found, oldRSs) : undefined;
      if (newRS === null) return;
      await this.proportionalScale(d, newRS, oldRSs);
      if (d.spec?.paused) await this.cleanup(d, oldRSs);
      await this.syncStatus(d, newRS, false);
      return;
    }

    let conds = d.status?.conditions ?? [];
    let newRS: RS | undefined | null;
    if (found) {
      newRS = await this.syncNewRS(d, found, oldRSs);
      if (newRS && hasDeadline(d) && !conds.some((c) => c.type === 'Progressing'))
        conds = setCondition(conds, this.condition('Progressing', 'True', ProgressReasons.foundNewRS, `Found new replica set "${newRS.metadata.name}"`));
    } else {
      newRS = await this.createNewRS(d, hash, oldRSs);
      if (newRS && hasDeadline(d)) {
        conds = setCondition(conds, this.condition('Progressing', 'True', ProgressReasons.newRSCreated, `Created new replica set "${newRS.metadata.name}"`));
        // Written at once, as getNewReplicaSet does, before the rollout status is estimated.
        try {
          d = await this.ctx.client.update<D>(deployKind, d.metadata.namespace, { ...d, metadata: { ...d.metadata, resourceVersion: undefined }, status: { ...(d.status ?? {}), conditions: conds } } as KubeObject, { subresource: 'status' });
        } catch (err) {
          if (!isNotFound(err)) throw err;
          return;
        }
      }
    }
    if (!newRS) return;
    // The Deployment carries its current revision too (kubectl rollout undo patches its annotations).
    const revision = String(revisionOf(newRS));
    if (d.metadata.annotations?.[REVISION] !== revision) {
      try {
        d = await this.ctx.client.patch<D>(deployKind, d.metadata.namespace, d.metadata.name!, 'merge', { metadata: { annotations: { [REVISION]: revision } } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return;
      }
    }
    const all = [newRS, ...oldRSs];
    if (d.spec?.strategy?.type === 'Recreate') await this.recreate(d, newRS, oldRSs);
    else await this.rollingUpdate(d, newRS, oldRSs, all);
    const status = d.status ?? {};
    if (status.updatedReplicas === d.spec?.replicas && status.replicas === d.spec?.replicas && status.availableReplicas === d.spec?.replicas)
      await this.cleanup(d, oldRSs);
    await this.syncStatus({ ...d, status: { ...status, conditions: conds } } as D, this.sets.get(objectKey(newRS)) ?? newRS, true, d.status);
  }

  private condition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string): Cond {
    const now = formatTime(this.ctx.clock.now());
    return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
  }

  /** checkPausedConditions records DeploymentPaused / DeploymentResumed (Progressing=Unknown) unless timed out. */
  private async checkPausedConditions(d: D): Promise<D | undefined> {
    if (!hasDeadline(d)) return d;
    const cond = d.status?.conditions?.find((c) => c.type === 'Progressing');
    if (cond?.reason === ProgressReasons.timedOut) return d;
    const pausedCond = cond?.reason === ProgressReasons.paused;
    let next: Cond | undefined;
    if (d.spec?.paused && !pausedCond) next = this.condition('Progressing', 'Unknown', ProgressReasons.paused, 'Deployment is paused');
    else if (!d.spec?.paused && pausedCond) next = this.condition('Progressing', 'Unknown', ProgressReasons.resumed, 'Deployment is resumed');
    if (!next) return d;
    const status = { ...(d.status ?? {}), conditions: setCondition(d.status?.conditions ?? [], next) };
    try {
      return await this.ctx.client.update<D>(deployKind, d.metadata.namespace, { ...d, status } as KubeObject, { subresource: 'status' });
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return undefined;
      throw err;
    }
  }

  /** isScalingEvent: some active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
  private isScalingEvent(d: D, newRS: RS | undefined, oldRSs: RS[]): boolean {
    if (!newRS) return false;
    const want = d.spec?.replicas ?? 1;
    return [newRS, ...oldRSs].some((rs) => {
      if (specReplicas(rs) <= 0) return false;
      const desired = rs.metadata.annotations?.[DESIRED];
      return desired !== undefined && Number(desired) !== want;
    });
  }

  /**
   * syncNewRS brings an existing new ReplicaSet's annotations (copied from the Deployment, revision, and the
   * revision history when an old revision comes back) and minReadySeconds up to date. null: it vanished.
   */
  private async syncNewRS(d: D, rs: RS, oldRSs: RS[]): Promise<RS | null> {
    const newRevision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
    const annotations = this.newRSAnnotations(d, rs.metadata.annotations ?? {}, newRevision, true);
    const mrs = d.spec?.minReadySeconds ?? 0;
    const same = JSON.stringify(annotations) === JSON.stringify(rs.metadata.annotations ?? {}) && (rs.spec?.minReadySeconds ?? 0) === mrs;
    if (same) return rs;
    try {
      return await this.ctx.client.update<RS>(rsKind, rs.metadata.namespace, {
        ...rs,
        metadata: { ...rs.metadata, annotations },
        spec: { ...rs.spec!, minReadySeconds: mrs },
      } as KubeObject);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** newRSAnnotations is SetNewReplicaSetAnnotations: copied annotations, revision, revision-history, replicas. */
  private newRSAnnotations(d: D, current: Record<string, string>, newRevision: number, exists: boolean): Record<string, string> {
    const out: Record<string, string> = { ...current };
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!SKIP_COPY.has(k)) out[k] = v;
    const oldRevision = current[REVISION];
    const oldInt = oldRevision === undefined ? 0 : Number(oldRevision);
    if (Number.isNaN(oldInt)) return out;
    if (oldInt < newRevision) {
      out[REVISION] = String(newRevision);
      // An old revision coming back (a rollback): keep the numbers it had in revision-history.
      if (oldRevision !== undefined) {
        const history = current[REVISION_HISTORY] ?? '';
        if (!history) out[REVISION_HISTORY] = oldRevision;
        else {
          let parts = history.split(',');
          let total = history.length + oldRevision.length + 1;
          while (total > MAX_REV_HISTORY_CHARS && parts.length) {
            total -= parts[0]!.length + 1;
            parts = parts.slice(1);
          }
          if (total <= MAX_REV_HISTORY_CHARS) out[REVISION_HISTORY] = [...parts, oldRevision].join(',');
        }
      }
    }
    if (!exists) {
      const replicas = d.spec?.replicas ?? 1;
      out[DESIRED] = String(replicas);
      out[MAX] = String(replicas + maxSurgeOf(d));
    }
    return out;
  }

  private async createNewRS(d: D, hash: string, oldRSs: RS[]): Promise<RS | undefined> {
    const replicas = d.spec?.replicas ?? 1;
    const { surge } = surgeAndUnavailable(d);
    let want = replicas;
    if (oldRSs.some((rs) => specReplicas(rs) > 0)) {
      if (d.spec?.strategy?.type === 'Recreate') want = 0;
      else {
        const total = oldRSs.reduce((n, rs) => n + specReplicas(rs), 0);
        want = Math.max(0, Math.min(replicas + surge - total, replicas));
      }
    }
    const template = cloneJSON(d.spec?.template ?? {}) as PodTemplateSpec & { metadata: { labels?: Record<string, string> } };
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const selector = cloneJSON(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const revision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(d.spec?.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
        annotations: this.newRSAnnotations(d, {}, revision, false),
        ownerReferences: [controllerRef(d)],
      },
      spec: { replicas: want, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    try {
      const made = await this.ctx.client.create<RS>(rsKind, d.metadata.namespace, rs);
      if (want > 0) this.scalingEvent(d, made, 0, want, 'up');
      return made;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // A ReplicaSet of that name exists with another template: bump collisionCount and try a new hash.
      const status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      await this.ctx.client.update(deployKind, d.metadata.namespace, { ...d, status } as KubeObject, { subresource: 'status' });
      return undefined;
    }
  }

  /** scaleRS is scaleReplicaSet: new size and the desired / max replicas annotations, with the event. */
  private async scale(d: D, rs: RS, replicas: number, op?: 'up' | 'down'): Promise<RS> {
    const from = specReplicas(rs);
    const want = d.spec?.replicas ?? 1;
    const max = want + maxSurgeOf(d);
    const a = rs.metadata.annotations ?? {};
    if (from === replicas && a[DESIRED] === String(want) && a[MAX] === String(max)) return rs;
    const updated = await this.ctx.client.patch<RS>(rsKind, rs.metadata.namespace, rs.metadata.name!, 'merge', {
      metadata: { annotations: { [DESIRED]: String(want), [MAX]: String(max) } },
      spec: { replicas },
    });
    if (from !== replicas) this.scalingEvent(d, rs, from, replicas, op ?? (replicas > from ? 'up' : 'down'));
    return updated;
  }

  private scalingEvent(d: D, rs: RS, from: number, to: number, op: string): void {
    this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${from} to ${to}`);
  }

  /**
   * proportionalScale is sync.go's scale(): one active ReplicaSet (or none: the newest) takes spec.replicas;
   * a saturated new ReplicaSet scales the old ones to 0; otherwise, during a rolling update, the replicas to
   * add or remove are shared out in proportion to each ReplicaSet's size (its max-replicas annotation), the
   * leftover going to the largest.
   */
  private async proportionalScale(d: D, newRS: RS | undefined, oldRSs: RS[]): Promise<void> {
    const want = d.spec?.replicas ?? 1;
    const activeOrLatest = this.findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (specReplicas(activeOrLatest) !== want) await this.scale(d, activeOrLatest, want);
      return;
    }
    if (newRS && specReplicas(newRS) === want && newRS.metadata.annotations?.[DESIRED] === String(want) && (newRS.status?.availableReplicas ?? 0) === want) {
      for (const rs of oldRSs) if (specReplicas(rs) > 0) await this.scale(d, rs, 0);
      return;
    }
    if (d.spec?.strategy?.type === 'Recreate') return;
    const all = [...oldRSs, ...(newRS ? [newRS] : [])].filter((rs) => specReplicas(rs) > 0);
    const current = all.reduce((n, rs) => n + specReplicas(rs), 0);
    const allowed = want > 0 ? want + maxSurgeOf(d) : 0;
    const toAdd = allowed - current;
    const op = toAdd > 0 ? 'up' : 'down';
    // Largest first; among equals, newer first when scaling up and older first when scaling down.
    all.sort((a, b) => specReplicas(b) - specReplicas(a) || (toAdd > 0 ? created(b) - created(a) : created(a) - created(b)) || (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const sizes = new Map<RS, number>();
    let added = 0;
    for (const rs of all) {
      if (toAdd === 0) {
        sizes.set(rs, specReplicas(rs));
        continue;
      }
      const p = this.proportion(d, rs, toAdd, added);
      sizes.set(rs, specReplicas(rs) + p);
      added += p;
    }
    for (const [i, rs] of all.entries()) {
      let size = sizes.get(rs)!;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      await this.scale(d, rs, size, op);
    }
  }

  private findActiveOrLatest(newRS: RS | undefined, oldRSs: RS[]): RS | undefined {
    const all = [...(newRS ? [newRS] : []), ...[...oldRSs].sort((a, b) => created(b) - created(a))];
    const active = all.filter((rs) => specReplicas(rs) > 0);
    if (active.length === 1) return active[0];
    if (active.length === 0) return newRS ?? all[0];
    return undefined;
  }

  /** proportion is GetReplicaSetProportion: the ReplicaSet's share of the change, within what is left. */
  private proportion(d: D, rs: RS, toAdd: number, added: number): number {
    if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    const want = d.spec?.replicas ?? 1;
    let fraction: number;
    if (want === 0) fraction = -specReplicas(rs);
    else {
      let before = Number(rs.metadata.annotations?.[MAX] ?? NaN);
      if (!before) before = d.status?.replicas ?? 0;
      if (!before) fraction = 0;
      else {
        const x = (specReplicas(rs) * (want + maxSurgeOf(d))) / before;
        fraction = Math.sign(x) * Math.round(Math.abs(x)) - specReplicas(rs);
      }
    }
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  private async rollingUpdate(d: D, newRS: RS, oldRSs: RS[], all: RS[]): Promise<void> {
    const replicas = d.spec?.replicas ?? 1;
    const { surge, unavailable } = surgeAndUnavailable(d);
    // Scale the new ReplicaSet up as far as maxSurge allows.
    if (specReplicas(newRS) < replicas) {
      const total = all.reduce((n, rs) => n + specReplicas(rs), 0);
      const up = Math.min(replicas + surge - total, replicas - specReplicas(newRS));
      if (up > 0) {
        await this.scale(d, newRS, specReplicas(newRS) + up);
        return;
      }
    } else if (specReplicas(newRS) > replicas) {
      await this.scale(d, newRS, replicas);
      return;
    }
    // Scale old ReplicaSets down as far as maxUnavailable allows, unhealthy pods first.
    const active = oldRSs.filter((rs) => specReplicas(rs) > 0);
    if (!active.length) return;
    const allNow = [newRS, ...oldRSs];
    const total = allNow.reduce((n, rs) => n + specReplicas(rs), 0);
    const minAvailable = replicas - unavailable;
    const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    let budget = total - minAvailable - newUnavailable;
    if (budget <= 0) return;
    for (const rs of active) {
      if (budget <= 0) break;
      const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
      const n = Math.min(budget, unhealthy);
      if (n > 0) {
        await this.scale(d, rs, specReplicas(rs) - n);
        budget -= n;
        rs.spec = { ...rs.spec!, replicas: specReplicas(rs) - n };
      }
    }
    const available = allNow.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
    let down = Math.min(available - minAvailable, budget);
    for (const rs of active) {
      if (down <= 0) break;
      const n = Math.min(specReplicas(rs), down);
      if (n > 0) {
        await this.scale(d, rs, specReplicas(rs) - n);
        down -= n;
      }
    }
  }

  private async recreate(d: D, newRS: RS, oldRSs: RS[]): Promise<void> {
    for (const rs of oldRSs) if (specReplicas(rs) > 0) await this.scale(d, rs, 0);
    // New pods start only once every old pod is gone.
    if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return;
    await this.scale(d, newRS, d.spec?.replicas ?? 1);
  }

  private async cleanup(d: D, oldRSs: RS[]): Promise<void> {
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const idle = oldRSs.filter((rs) => specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp);
    const surplus = idle.length - limit;
    for (const rs of idle.slice(0, Math.max(0, surplus))) {
      try {
        await this.ctx.client.delete(rsKind, rs.metadata.namespace, rs.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  /**
   * syncStatus is calculateStatus (+ syncRolloutStatus when rollout): replica counts from the ReplicaSets,
   * Available against replicas − maxUnavailable (availability honours minReadySeconds through the ReplicaSets),
   * and for a rollout the Progressing condition: NewReplicaSetAvailable when complete, ReplicaSetUpdated when
   * any progress was made, ProgressDeadlineExceeded when none was made for progressDeadlineSeconds (rechecked
   * on the cluster clock at the deadline).
   */
  private async syncStatus(d: D, newRS: RS | undefined, rollout: boolean, before: D['status'] = d.status): Promise<void> {
    const replicas = d.spec?.replicas ?? 1;
    const all = this.owned(d);
    const sum = (f: (rs: RS) => number | undefined) => all.reduce((n, rs) => n + (f(rs) ?? 0), 0);
    const fresh = newRS ? (this.sets.get(objectKey(newRS)) ?? newRS) : undefined;
    const available = sum((rs) => rs.status?.availableReplicas);
    const specTotal = sum((rs) => rs.spec?.replicas);
    const counts = {
      observedGeneration: d.metadata.generation,
      replicas: sum((rs) => rs.status?.replicas),
      updatedReplicas: fresh?.status?.replicas ?? 0,
      readyReplicas: sum((rs) => rs.status?.readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, specTotal - available),
    };
    const old = before ?? {};
    let conds = [...(d.status?.conditions ?? [])];
    const { unavailable } = surgeAndUnavailable(d);
    conds =
      available >= replicas - unavailable
        ? setCondition(conds, this.condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'))
        : setCondition(conds, this.condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
    let requeueAt: number | undefined;
    if (rollout && !hasDeadline(d)) conds = conds.filter((c) => c.type !== 'Progressing');
    const current = (d.status?.conditions ?? []).find((c) => c.type === 'Progressing');
    const completeNow = counts.updatedReplicas === replicas && counts.replicas === replicas && counts.availableReplicas === replicas;
    const alreadyComplete = counts.replicas === counts.updatedReplicas && current?.reason === ProgressReasons.available;
    if (rollout && hasDeadline(d) && !alreadyComplete) {
      const name = fresh?.metadata.name;
      const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
      const newOld = counts.replicas - counts.updatedReplicas;
      const progressing =
        counts.updatedReplicas > (old.updatedReplicas ?? 0) ||
        newOld < oldOld ||
        counts.readyReplicas > (old.readyReplicas ?? 0) ||
        counts.availableReplicas > (old.availableReplicas ?? 0);
      const deadlineMs = (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
      const progressCond = conds.find((c) => c.type === 'Progressing');
      if (completeNow) {
        const msg = name ? `ReplicaSet "${name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        conds = setCondition(conds, this.condition('Progressing', 'True', ProgressReasons.available, msg));
      } else if (progressing) {
        const msg = name ? `ReplicaSet "${name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        let c = this.condition('Progressing', 'True', ProgressReasons.updated, msg);
        if (progressCond?.status === 'True') c = { ...c, lastTransitionTime: progressCond.lastTransitionTime };
        conds = [...conds.filter((x) => x.type !== 'Progressing'), c];
      } else if (progressCond && progressCond.reason !== ProgressReasons.available) {
        const since = Date.parse(progressCond.lastUpdateTime ?? '') || 0;
        if (progressCond.reason === ProgressReasons.timedOut || since + deadlineMs < this.ctx.clock.now()) {
          const msg = name ? `ReplicaSet "${name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
          conds = setCondition(conds, this.condition('Progressing', 'False', ProgressReasons.timedOut, msg));
        }
      }
      // requeueStuckDeployment: look again when the deadline passes if nothing happens meanwhile.
      const cur = conds.find((c) => c.type === 'Progressing');
      if (cur && cur.reason !== ProgressReasons.timedOut && !completeNow) requeueAt = (Date.parse(cur.lastUpdateTime ?? '') || 0) + deadlineMs + 1000;
    }
    const status: Record<string, unknown> = { ...counts };
    if (d.status?.collisionCount) status.collisionCount = d.status.collisionCount;
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (status[k] === 0) delete status[k];
    // Keep the conditions in the order upstream writes them: Available first, then Progressing, then others.
    const order = (t: string) => (t === 'Available' ? 0 : t === 'Progressing' ? 1 : 2);
    status.conditions = conds.sort((a, b) => order(a.type) - order(b.type));
    if (requeueAt !== undefined) this.queue.addAfter(objectKey(d), Math.max(1000, requeueAt - this.ctx.clock.now()));
    if (JSON.stringify(status) === JSON.stringify(before ?? {})) return;
    try {
      const body = { ...d, metadata: { ...d.metadata, resourceVersion: undefined }, status } as KubeObject;
      await this.ctx.client.update(deployKind, d.metadata.namespace, body, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
