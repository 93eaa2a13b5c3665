import type { Deployment, DeploymentCondition, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { fnv32a, safeEncode } from '../api/names.js';
import { isAlreadyExists, isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext, controllerOf } from './controller.js';

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
  let input = canonicalJSON(template ?? {});
  if (collisionCount) input += String(collisionCount);
  return safeEncode(String(fnv32a(input)));
}

function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJSON((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
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

const revisionOf = (rs: RS) => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
const specReplicas = (rs: RS) => rs.spec?.replicas ?? 0;

/**
 * DeploymentController rolls a Deployment's pod template out through ReplicaSets named
 * `<deployment>-<pod-template-hash>`: it creates the new ReplicaSet, scales it up and the old ones down within
 * maxSurge / maxUnavailable (or all at once for Recreate), keeps revisionHistoryLimit old ReplicaSets, and
 * reports replicas, conditions and ScalingReplicaSet events as kube-controller-manager does.
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

  async reconcile(key: string): Promise<void> {
    const d = this.deployments.get(key);
    if (!d || d.metadata.deletionTimestamp) return;
    const owned = this.sets.list().filter((rs) => rs.metadata.namespace === d.metadata.namespace && controllerOf(rs)?.uid === d.metadata.uid);
    const hash = templateHash(d.spec?.template, d.status?.collisionCount);
    let newRS = owned.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash);
    const oldRSs = owned.filter((rs) => rs !== newRS).sort((a, b) => revisionOf(a) - revisionOf(b));
    let created = false;
    if (d.spec?.paused) {
      await this.syncStatus(d, newRS, owned, false);
      return;
    }
    if (!newRS) {
      newRS = await this.createNewRS(d, hash, oldRSs);
      if (!newRS) return;
      created = true;
    } else {
      const maxOld = Math.max(0, ...oldRSs.map(revisionOf));
      if (revisionOf(newRS) <= maxOld) newRS = await this.setRevision(d, newRS, maxOld + 1);
    }
    // The Deployment carries its current revision too (kubectl rollout undo patches its annotations).
    const revision = String(revisionOf(newRS));
    if (d.metadata.annotations?.[REVISION] !== revision) {
      try {
        await this.ctx.client.patch(deployKind, d.metadata.namespace, d.metadata.name!, 'merge', { metadata: { annotations: { [REVISION]: revision } } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return;
      }
    }
    const all = [newRS, ...oldRSs];
    if (d.spec?.strategy?.type === 'Recreate') await this.recreate(d, newRS, oldRSs);
    else await this.rollingUpdate(d, newRS, oldRSs, all);
    await this.cleanup(d, oldRSs);
    await this.syncStatus(d, newRS, this.sets.list().filter((rs) => controllerOf(rs)?.uid === d.metadata.uid), created);
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
    const template = structuredClone(d.spec?.template ?? {}) as PodTemplateSpec & { metadata: { labels?: Record<string, string> } };
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const revision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(d.spec?.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
        annotations: { [DESIRED]: String(replicas), [MAX]: String(replicas + surge), [REVISION]: String(revision) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: want, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    try {
      const made = await this.ctx.client.create<RS>(rsKind, d.metadata.namespace, rs);
      if (want > 0) this.scalingEvent(d, made, 0, want);
      return made;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // A ReplicaSet of that name exists with another template: bump collisionCount and try a new hash.
      const status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      await this.ctx.client.update(deployKind, d.metadata.namespace, { ...d, status } as KubeObject, { subresource: 'status' });
      return undefined;
    }
  }

  private async setRevision(d: D, rs: RS, revision: number): Promise<RS> {
    return this.ctx.client.patch<RS>(rsKind, rs.metadata.namespace, rs.metadata.name!, 'merge', {
      metadata: { annotations: { [REVISION]: String(revision), [DESIRED]: String(d.spec?.replicas ?? 1) } },
    });
  }

  private async scale(d: D, rs: RS, replicas: number): Promise<RS> {
    const from = specReplicas(rs);
    if (from === replicas) return rs;
    const { surge } = surgeAndUnavailable(d);
    const want = d.spec?.replicas ?? 1;
    const updated = await this.ctx.client.patch<RS>(rsKind, rs.metadata.namespace, rs.metadata.name!, 'merge', {
      metadata: { annotations: { [DESIRED]: String(want), [MAX]: String(want + surge) } },
      spec: { replicas },
    });
    this.scalingEvent(d, rs, from, replicas);
    return updated;
  }

  private scalingEvent(d: D, rs: RS, from: number, to: number): void {
    const dir = to > from ? 'up' : 'down';
    this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${dir} replica set ${rs.metadata.name} from ${from} to ${to}`);
  }

  private async rollingUpdate(d: D, newRS: RS, oldRSs: RS[], all: RS[]): Promise<void> {
    const replicas = d.spec?.replicas ?? 1;
    const { surge, unavailable } = surgeAndUnavailable(d);
    // Scale the new ReplicaSet up as far as maxSurge allows.
    if (specReplicas(newRS) < replicas) {
      const total = all.reduce((n, rs) => n + specReplicas(rs), 0);
      const up = Math.min(replicas + surge - total, replicas - specReplicas(newRS));
      if (up > 0) newRS = await this.scale(d, newRS, specReplicas(newRS) + up);
    } else if (specReplicas(newRS) > replicas) {
      newRS = await this.scale(d, newRS, replicas);
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

  private async syncStatus(d: D, newRS: RS | undefined, all: RS[], created: boolean): Promise<void> {
    const replicas = d.spec?.replicas ?? 1;
    const sum = (f: (rs: RS) => number | undefined) => all.reduce((n, rs) => n + (f(rs) ?? 0), 0);
    const available = sum((rs) => rs.status?.availableReplicas);
    const specTotal = sum((rs) => rs.spec?.replicas);
    const status: Record<string, unknown> = {
      observedGeneration: d.metadata.generation,
      replicas: sum((rs) => rs.status?.replicas),
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: sum((rs) => rs.status?.readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, specTotal - available),
    };
    if (d.status?.collisionCount) status.collisionCount = d.status.collisionCount;
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'])
      if (status[k] === 0) delete status[k];
    const now = formatTime(this.ctx.clock.now());
    const old = d.status?.conditions ?? [];
    const cond = (type: string, st: 'True' | 'False', reason: string, message: string): DeploymentCondition => {
      const prev = old.find((c) => c.type === type);
      const same = prev && prev.status === st;
      const unchanged = same && prev.reason === reason && prev.message === message;
      return {
        type,
        status: st,
        lastUpdateTime: unchanged ? prev.lastUpdateTime : now,
        lastTransitionTime: same ? prev.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const { unavailable } = surgeAndUnavailable(d);
    const conditions: DeploymentCondition[] = [
      available >= replicas - unavailable
        ? cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
        : cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
    ];
    const rsName = newRS?.metadata.name ?? '';
    const complete =
      newRS &&
      (status.updatedReplicas ?? 0) === replicas &&
      (status.replicas ?? 0) === replicas &&
      (status.availableReplicas ?? 0) === replicas;
    const prevProgress = old.find((c) => c.type === 'Progressing');
    if (d.spec?.paused) conditions.push(cond('Progressing', 'Unknown' as 'True', 'DeploymentPaused', 'Deployment is paused'));
    else if (complete) conditions.push(cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`));
    else if (created) conditions.push(cond('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rsName}"`));
    else if (newRS) {
      if (prevProgress?.reason === 'NewReplicaSetCreated' && prevProgress.message === `Created new replica set "${rsName}"` && (status.updatedReplicas ?? 0) === 0)
        conditions.push(prevProgress);
      else conditions.push(cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`));
    }
    status.conditions = conditions;
    if (JSON.stringify(status) === JSON.stringify(d.status ?? {})) return;
    try {
      const body = { ...d, metadata: { ...d.metadata, resourceVersion: undefined }, status } as KubeObject;
      await this.ctx.client.update(deployKind, d.metadata.namespace, body, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
