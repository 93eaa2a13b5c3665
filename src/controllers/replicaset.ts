import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { fromLabelSelector } from '../api/selectors.js';
import { isNotFound } from '../api/api-error.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext, ownedPodHandlers, controllerOf, splitKey, indexed, ownedAndOrphans, controllerRef } from './controller.js';
import { Expectations } from './expectations.js';
import { isPodActive, isPodReady, isPodAvailable, byDeletionPreference, patchPodOwners } from './pod-utils.js';
import { cloneJSON } from '../api/clone.js';

const podKind = mustKind('v1', 'Pod');
const rsKind = mustKind('apps/v1', 'ReplicaSet');

/** The most pods one sync creates or deletes (the controller's burstReplicas). */
const BURST_REPLICAS = 500;

/**
 * ReplicaSetController keeps the number of active pods of each ReplicaSet at spec.replicas: it creates pods from
 * the template (in slow-start batches), deletes the surplus in the real preference order, adopts matching
 * orphans, and reports replicas / ready / available in status. A pod with a deletionTimestamp no longer counts,
 * so a deleted pod is replaced at once while the old one is still Terminating.
 */
export class ReplicaSetController extends Controller {
  private readonly pods;
  private readonly sets;
  /** Creations and deletions sent but not yet seen by the informer, per ReplicaSet (client-go's expectations). */
  private readonly expectations = new Expectations();

  constructor(ctx: ControllerContext) {
    super(ctx, 'replicaset-controller');
    this.pods = indexed(ctx.informers.for<Pod & KubeObject>(podKind));
    this.sets = ctx.informers.for<ReplicaSet & KubeObject>(rsKind);
    this.sets.on({
      add: (rs) => this.enqueue(objectKey(rs)),
      update: (rs) => this.enqueue(objectKey(rs)),
      delete: (rs) => this.expectations.delete(objectKey(rs)),
    });
    this.pods.on(ownedPodHandlers('ReplicaSet', this.expectations, this.sets, (key) => this.enqueue(key)));
  }

  async reconcile(key: string): Promise<void> {
    const rs = this.sets.get(key);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const satisfied = this.expectations.satisfied(key);
    const { namespace } = splitKey(key);
    const selector = fromLabelSelector(rs.spec?.selector);
    const owned: (Pod & KubeObject)[] = [];
    for (const p of ownedAndOrphans(this.pods, rs)) {
      if (p.metadata.namespace !== namespace) continue;
      const ref = controllerOf(p);
      if (ref) {
        if (ref.uid === rs.metadata.uid) {
          if (selector.matches(p.metadata.labels)) owned.push(p);
          else await this.release(rs, p);
        }
      } else if (selector.matches(p.metadata.labels) && isPodActive(p)) {
        const adopted = await this.adopt(rs, p);
        if (adopted) owned.push(adopted);
      }
    }
    const active = owned.filter(isPodActive);
    const want = rs.spec?.replicas ?? 1;
    if (satisfied) {
      const diff = active.length - want;
      if (diff < 0) await this.createPods(key, rs, Math.min(-diff, BURST_REPLICAS));
      else if (diff > 0) await this.deletePods(key, rs, active, Math.min(diff, BURST_REPLICAS));
    }
    await this.updateStatus(rs, active);
  }

  private adopt(rs: ReplicaSet & KubeObject, p: Pod & KubeObject): Promise<(Pod & KubeObject) | undefined> {
    return patchPodOwners(this.ctx.client, p, [...(p.metadata.ownerReferences ?? []), controllerRef(rs)]);
  }

  private async release(rs: ReplicaSet & KubeObject, p: Pod & KubeObject): Promise<void> {
    await patchPodOwners(this.ctx.client, p, (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid));
  }

  private async createPods(key: string, rs: ReplicaSet & KubeObject, count: number): Promise<void> {
    this.expectations.set(key, count);
    const template = rs.spec?.template ?? {};
    // Slow start: batches of 1, 2, 4 ... so a broken template fails fast instead of flooding the API.
    let remaining = count;
    for (let batch = 1; remaining > 0; batch *= 2) {
      const n = Math.min(batch, remaining);
      const results = await Promise.allSettled(
        Array.from({ length: n }, () => {
          const pod: KubeObject = {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              generateName: `${rs.metadata.name}-`,
              namespace: rs.metadata.namespace,
              labels: { ...(template.metadata?.labels ?? {}) },
              annotations: template.metadata?.annotations ? { ...template.metadata.annotations } : undefined,
              ownerReferences: [controllerRef(rs)],
            },
            spec: cloneJSON(template.spec ?? { containers: [] }),
          };
          if (!pod.metadata.annotations) delete pod.metadata.annotations;
          return this.ctx.client.create<Pod & KubeObject>(podKind, rs.metadata.namespace, pod);
        }),
      );
      remaining -= n;
      let failed = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata.name}`);
        else {
          failed++;
          this.expectations.lowerCreations(key);
          const msg = r.reason instanceof Error ? r.reason.message : String(r.reason);
          this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${msg}`);
        }
      }
      if (failed) {
        this.expectations.lowerCreations(key, remaining); // skip the rest of this sync; the next one retries
        throw new Error(`failed to create ${failed} pods`);
      }
    }
  }

  private async deletePods(key: string, rs: ReplicaSet & KubeObject, active: (Pod & KubeObject)[], count: number): Promise<void> {
    const victims = [...active].sort(byDeletionPreference).slice(0, count);
    this.expectations.set(key, 0, victims.map((p) => objectKey(p)));
    await Promise.all(
      victims.map(async (p) => {
        try {
          await this.ctx.client.delete(podKind, p.metadata.namespace, p.metadata.name!);
          this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (err) {
          this.expectations.deletionObserved(key, objectKey(p));
          if (!isNotFound(err)) throw err;
        }
      }),
    );
    // A terminating pod stays in the cache until it is gone; it no longer counts, so expectations are met now.
    for (const p of victims) this.expectations.deletionObserved(key, objectKey(p));
  }

  private async updateStatus(rs: ReplicaSet & KubeObject, active: (Pod & KubeObject)[]): Promise<void> {
    const now = this.ctx.clock.now();
    const labels = rs.spec?.template?.metadata?.labels ?? {};
    const status = {
      replicas: active.length,
      fullyLabeledReplicas: active.filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v)).length,
      readyReplicas: active.filter(isPodReady).length,
      availableReplicas: active.filter((p) => isPodAvailable(p, rs.spec?.minReadySeconds ?? 0, now)).length,
      observedGeneration: rs.metadata.generation,
    };
    const cur = rs.status ?? {};
    const same = (Object.keys(status) as (keyof typeof status)[]).every((k) => (cur[k as keyof typeof cur] ?? 0) === (status[k] ?? 0));
    if (same) return;
    const next: Record<string, unknown> = { ...status };
    for (const k of Object.keys(next)) if (next[k] === 0 && k !== 'replicas') delete next[k];
    try {
      // Status is computed from the cache: write it unconditionally (no resourceVersion), last writer wins.
      const body = { ...rs, metadata: { ...rs.metadata, resourceVersion: undefined }, status: next } as KubeObject;
      await this.ctx.client.update(rsKind, rs.metadata.namespace, body, { subresource: 'status' });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    // Availability after minReadySeconds needs a second look once that time has passed.
    const mrs = rs.spec?.minReadySeconds ?? 0;
    if (mrs > 0 && status.readyReplicas > status.availableReplicas) this.queue.addAfter(objectKey(rs), mrs * 1000);
  }
}
