import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod, PodTemplateSpec, Volume } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { fromLabelSelector } from '../api/selectors.js';
import { isAlreadyExists, isNotFound } from '../api/api-error.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext, controllerOf, indexed, ownedAndOrphans, ownedBy, controllerRef } from './controller.js';
import { isPodAvailable, isPodReady, patchPodOwners } from './pod-utils.js';
import {
  type CR,
  CONTROLLER_REVISION_HASH,
  HISTORY_HASH_LABEL,
  createRevision,
  hashOf,
  nextRevision,
  ownedRevisions,
  revisionKind,
  sameData,
  setRevisionNumber,
  templateOf,
  templatePatch,
} from './history.js';
import { cloneJSON } from '../api/clone.js';

type SS = StatefulSet & KubeObject;
type P = Pod & KubeObject;
type PVC = PersistentVolumeClaim & KubeObject;

const podKind = mustKind('v1', 'Pod');
const pvcKind = mustKind('v1', 'PersistentVolumeClaim');
const stsKind = mustKind('apps/v1', 'StatefulSet');

/** apps.StatefulSetPodNameLabel and apps.PodIndexLabel. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const podRegex = /^(.*)-(\d+)$/;

/** parentAndOrdinal reads `<set>-<ordinal>` back out of a pod name (getParentNameAndOrdinal); -1 when it is not one. */
export function parentAndOrdinal(name: string | undefined): { parent: string; ordinal: number } {
  const m = podRegex.exec(name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  return { parent: m[1]!, ordinal: ordinal <= 2147483647 ? ordinal : -1 };
}

const ordinalOf = (p: Pod) => parentAndOrdinal(p.metadata?.name).ordinal;
const isCreated = (p: Pod) => !!p.status?.phase;
const isTerminating = (p: Pod) => !!p.metadata?.deletionTimestamp;
const isRunningAndReady = (p: Pod) => p.status?.phase === 'Running' && isPodReady(p);
const isHealthy = (p: Pod) => isRunningAndReady(p) && !isTerminating(p);

/** claimName is `<template>-<set>-<ordinal>` (getPersistentVolumeClaimName). */
export function claimName(template: string, set: string, ordinal: number): string {
  return `${template}-${set}-${ordinal}`;
}

/**
 * StatefulSetController gives each replica a stable identity (pkg/controller/statefulset): pods `<set>-<ordinal>`
 * with hostname and subdomain, their PVCs `<claim>-<set>-<ordinal>` created first and kept, OrderedReady creation
 * (each pod waits for its predecessors to be Running and Ready) or Parallel, scale-down from the highest ordinal,
 * rolling updates from the highest ordinal down to the partition, and ControllerRevisions for current and update
 * revisions. Events use stateful_pod_control.go's words: `create Pod web-0 in StatefulSet web successful`.
 */
export class StatefulSetController extends Controller {
  private readonly pods;
  private readonly sets;
  private readonly claims;
  private readonly revisions;
  /** Pod creations and deletions sent but not yet seen by the informer, per StatefulSet (pod keys). */
  private readonly pending = new Map<string, Set<string>>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'statefulset-controller');
    this.pods = indexed(ctx.informers.for<P>(podKind));
    this.sets = ctx.informers.for<SS>(stsKind);
    this.claims = ctx.informers.for<PVC>(pvcKind);
    this.revisions = ctx.informers.for<CR>(revisionKind);
    this.sets.on({ add: (s) => this.enqueue(objectKey(s)), update: (s) => this.enqueue(objectKey(s)) });
    const onPod = (p: P) => {
      const ref = controllerOf(p);
      if (ref) {
        if (ref.kind === 'StatefulSet') this.enqueue(`${p.metadata.namespace}/${ref.name}`);
        return;
      }
      for (const s of this.sets.list())
        if (s.metadata.namespace === p.metadata.namespace && fromLabelSelector(s.spec?.selector).matches(p.metadata.labels)) this.enqueue(objectKey(s));
    };
    const observed = (p: P, gone: boolean) => {
      const ref = controllerOf(p);
      if (ref?.kind !== 'StatefulSet') return;
      const set = this.pending.get(`${p.metadata.namespace}/${ref.name}`);
      if (!set) return;
      // A creation is seen when the pod appears; a deletion when it turns terminating or disappears.
      if (set.has(`+${objectKey(p)}`) && !gone) set.delete(`+${objectKey(p)}`);
      if (set.has(`-${p.metadata.uid}`) && (gone || p.metadata.deletionTimestamp)) set.delete(`-${p.metadata.uid}`);
    };
    this.pods.on({
      add: (p) => {
        observed(p, false);
        onPod(p);
      },
      update: (p, old) => {
        observed(p, false);
        onPod(p);
        const was = controllerOf(old);
        if (was?.kind === 'StatefulSet' && was.uid !== controllerOf(p)?.uid) this.enqueue(`${old.metadata.namespace}/${was.name}`);
      },
      delete: (p) => {
        observed(p, true);
        onPod(p);
      },
    });
    const byOwner = (r: CR) => {
      const ref = controllerOf(r);
      if (ref?.kind === 'StatefulSet') this.enqueue(`${r.metadata.namespace}/${ref.name}`);
    };
    this.revisions.on({ delete: byOwner });
  }

  async reconcile(key: string): Promise<void> {
    const set = this.sets.get(key);
    if (!set) {
      this.pending.delete(key);
      return;
    }
    // Wait until the informer has seen this controller's last creations and deletions (its event re-queues us).
    if (this.pending.get(key)?.size) return;
    const sel = set.spec?.selector;
    if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
      this.recorder.event(set, 'Warning', 'SelectingAll', 'This statefulset is selecting all pods. A non-empty selector is required.');
      return;
    }
    const pods = set.metadata.deletionTimestamp ? this.ownedPods(set) : await this.claimPods(set);
    const history = await this.revisionsFor(set);
    if (!history) return;
    const { current, update, collisionCount, all } = history;
    const status = await this.updateStatefulSet(set, current, update, collisionCount, pods);
    await this.updateStatus(set, status);
    await this.truncateHistory(set, pods, all, current, update);
  }

  private ownedPods(set: SS): P[] {
    return ownedBy(this.pods, set).filter((p) => p.metadata.namespace === set.metadata.namespace);
  }

  /** claimPods adopts orphans that match the selector and are named as members, and releases pods that stopped matching. */
  private async claimPods(set: SS): Promise<P[]> {
    const selector = fromLabelSelector(set.spec?.selector);
    const owned: P[] = [];
    for (const p of ownedAndOrphans(this.pods, set)) {
      if (p.metadata.namespace !== set.metadata.namespace) continue;
      const ref = controllerOf(p);
      const member = parentAndOrdinal(p.metadata.name).parent === set.metadata.name;
      if (ref) {
        if (ref.uid !== set.metadata.uid) continue;
        if (selector.matches(p.metadata.labels) && member) owned.push(p);
        else await patchPodOwners(this.ctx.client, p, (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata.uid));
      } else if (selector.matches(p.metadata.labels) && member && !p.metadata.deletionTimestamp) {
        const adopted = await patchPodOwners(this.ctx.client, p, [...(p.metadata.ownerReferences ?? []), controllerRef(set)]);
        if (adopted) owned.push(adopted);
      }
    }
    return owned;
  }

  /**
   * revisionsFor finds or creates the update revision for the current template (rolling an older equal revision
   * forward instead of duplicating it) and the current revision named by status (getStatefulSetRevisions).
   */
  private async revisionsFor(set: SS): Promise<{ current: CR; update: CR; collisionCount: number; all: CR[] } | undefined> {
    const revisions = ownedRevisions(this.revisions.list(), set);
    let collisionCount = set.status?.collisionCount ?? 0;
    const data = templatePatch(set.spec?.template);
    const equal = revisions.filter((r) => sameData(r, { data }));
    const last = revisions[revisions.length - 1];
    const number = nextRevision(revisions);
    let update: CR | undefined;
    const eq = equal[equal.length - 1];
    if (eq && last && eq.metadata.uid === last.metadata.uid) update = last;
    else if (eq) update = await setRevisionNumber(this.ctx.client, eq, number);
    else {
      for (let attempt = 0; attempt < 5 && !update; attempt++) {
        const labels = { ...(set.spec?.template?.metadata?.labels ?? {}) };
        const hash = hashOf(data, collisionCount);
        const cr: KubeObject = {
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: {
            name: `${set.metadata.name}-${hash}`,
            namespace: set.metadata.namespace,
            labels: { ...labels, [HISTORY_HASH_LABEL]: hash },
            ownerReferences: [controllerRef(set)],
          },
          data,
          revision: number,
        };
        const res = await createRevision(this.ctx.client, cr);
        if (res.revision) update = res.revision;
        else collisionCount++;
      }
      if (!update) return undefined;
    }
    const all = revisions.some((r) => r.metadata.uid === update!.metadata.uid) ? revisions : [...revisions, update];
    const current = all.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount, all };
  }

  /** newPod is a member built from a revision's template: identity, labels, storage (newVersionedStatefulSetPod). */
  private newPod(set: SS, template: PodTemplateSpec, revision: string, ordinal: number): P {
    const name = `${set.metadata.name}-${ordinal}`;
    const spec = cloneJSON(template.spec ?? { containers: [] });
    spec.hostname = name;
    if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
    // updateStorage: one volume per claim template, then the template's other volumes.
    const claims = set.spec?.volumeClaimTemplates ?? [];
    const volumes: Volume[] = claims.map((c) => ({
      name: c.metadata?.name ?? '',
      persistentVolumeClaim: { claimName: claimName(c.metadata?.name ?? '', set.metadata.name!, ordinal) },
    }));
    for (const v of spec.volumes ?? []) if (!claims.some((c) => c.metadata?.name === v.name)) volumes.push(v);
    if (volumes.length) spec.volumes = volumes;
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${set.metadata.name}-`,
        namespace: set.metadata.namespace,
        labels: {
          ...(template.metadata?.labels ?? {}),
          [POD_NAME_LABEL]: name,
          [POD_INDEX_LABEL]: String(ordinal),
          [CONTROLLER_REVISION_HASH]: revision,
        },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ...(template.metadata?.finalizers ? { finalizers: [...template.metadata.finalizers] } : {}),
        ownerReferences: [controllerRef(set)],
      },
      spec,
    } as P;
    return pod;
  }

  /** createClaims creates the pod's missing PVCs before the pod itself (createPersistentVolumeClaims). */
  private async createClaims(set: SS, pod: P, ordinal: number): Promise<void> {
    const errs: string[] = [];
    const policy = set.spec?.persistentVolumeClaimRetentionPolicy;
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(t.metadata?.name ?? '', set.metadata.name!, ordinal);
      const existing = this.claims.get(`${set.metadata.namespace}/${name}`);
      if (existing) {
        if (existing.metadata.deletionTimestamp) errs.push(`pvc ${name} is being deleted`);
        continue;
      }
      const claim: KubeObject = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name,
          namespace: set.metadata.namespace,
          labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
          ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
          // whenDeleted: Delete makes the set an owner of the claim, so the garbage collector removes it with the set.
          ...(policy?.whenDeleted === 'Delete'
            ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name!, uid: set.metadata.uid! }] }
            : {}),
        },
        spec: cloneJSON(t.spec ?? {}),
      };
      try {
        await this.ctx.client.create(pvcKind, set.metadata.namespace, claim);
        this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
      } catch (err) {
        if (isAlreadyExists(err)) continue;
        const msg = err instanceof Error ? err.message : String(err);
        errs.push(`failed to create PVC ${name}: ${msg}`);
        this.recorder.event(set, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${msg}`);
      }
    }
    if (errs.length) throw new Error(errs.join(', '));
  }

  private async createPod(set: SS, pod: P, ordinal: number): Promise<void> {
    try {
      await this.createClaims(set, pod, ordinal);
    } catch (err) {
      this.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`);
      throw err;
    }
    const exp = this.expect(set, `+${objectKey(pod)}`);
    try {
      await this.ctx.client.create(podKind, set.metadata.namespace, pod);
    } catch (err) {
      exp.delete(`+${objectKey(pod)}`);
      // An old pod of the same name is still there: the next sync tries again.
      if (isAlreadyExists(err)) return;
      const msg = err instanceof Error ? err.message : String(err);
      this.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${msg}`);
      throw err;
    }
    this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
  }

  private expect(set: SS, what: string): Set<string> {
    const key = objectKey(set);
    let exp = this.pending.get(key);
    if (!exp) this.pending.set(key, (exp = new Set()));
    exp.add(what);
    return exp;
  }

  private async deletePod(set: SS, pod: P): Promise<void> {
    const exp = this.expect(set, `-${pod.metadata.uid}`);
    try {
      await this.ctx.client.delete(podKind, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      exp.delete(`-${pod.metadata.uid}`);
      if (isNotFound(err)) return;
      const msg = err instanceof Error ? err.message : String(err);
      this.recorder.event(set, 'Warning', 'FailedDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${msg}`);
      throw err;
    }
    this.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
  }

  /**
   * updateStatefulSet is one pass of stateful_set_control.go: create or recreate the replicas in [start, start+replicas)
   * (waiting on each in OrderedReady), delete the condemned from the highest ordinal, then roll out the update revision.
   */
  private async updateStatefulSet(set: SS, current: CR, update: CR, collisionCount: number, pods: P[]): Promise<Record<string, unknown>> {
    const replicaCount = set.spec?.replicas ?? 1;
    const start = set.spec?.ordinals?.start ?? 0;
    const end = start + replicaCount;
    const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
    const mrs = set.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const available = (p: P) => isRunningAndReady(p) && isPodAvailable(p, mrs, now);
    const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const currentTemplate = templateOf(current);
    const updateTemplate = templateOf(update);

    const replicas: (P | undefined)[] = new Array(replicaCount).fill(undefined);
    const condemned: P[] = [];
    for (const p of pods) {
      const ord = ordinalOf(p);
      if (ord >= start && ord < end) replicas[ord - start] = p;
      else if (ord >= 0) condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    const versioned = (ord: number) =>
      rolling && ord < start + partition
        ? this.newPod(set, currentTemplate, current.metadata.name!, ord)
        : this.newPod(set, updateTemplate, update.metadata.name!, ord);

    const status = () => this.computeStatus(set, current, update, collisionCount, replicas, condemned);
    if (set.metadata.deletionTimestamp) return status();

    let firstUnhealthy: P | undefined;
    for (const p of [...replicas, ...[...condemned].reverse()]) if (p && !isHealthy(p) && !firstUnhealthy) firstUnhealthy = p;

    // Replicas, in ordinal order.
    for (let i = 0; i < replicaCount; i++) {
      const ord = start + i;
      const pod = replicas[i];
      if (pod && (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded')) {
        // A finished pod is deleted; its successor is created once it is gone from the store.
        if (!isTerminating(pod)) await this.deletePod(set, pod);
        return status();
      }
      if (!pod) {
        const fresh = versioned(ord);
        await this.createPod(set, fresh, ord);
        if (monotonic) return status();
        continue;
      }
      if (isTerminating(pod) && monotonic) return status();
      if (!isRunningAndReady(pod) && monotonic) return status();
      if (!available(pod) && monotonic) {
        if (mrs > 0) this.queue.addAfter(objectKey(set), mrs * 1000);
        return status();
      }
      if (!isTerminating(pod)) await this.createClaims(set, pod, ord);
    }

    // Condemned pods, highest ordinal first; in OrderedReady one at a time and only once everything is healthy.
    for (const pod of condemned) {
      if (isTerminating(pod)) {
        if (monotonic) return status();
        continue;
      }
      if (monotonic && !available(pod) && pod !== firstUnhealthy) return status();
      await this.deletePod(set, pod);
      if (monotonic) return status();
    }

    if (!rolling) return status();
    // Rolling update: delete the highest-ordinal pod not at the update revision, waiting for each to be healthy.
    for (let target = replicaCount - 1; target >= partition; target--) {
      const pod = replicas[target];
      if (!pod) return status();
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH] !== update.metadata.name && !isTerminating(pod)) {
        await this.deletePod(set, pod);
        return status();
      }
      if (!isHealthy(pod)) return status();
    }
    return status();
  }

  private computeStatus(set: SS, current: CR, update: CR, collisionCount: number, replicas: (P | undefined)[], condemned: P[]): Record<string, unknown> {
    const now = this.ctx.clock.now();
    const mrs = set.spec?.minReadySeconds ?? 0;
    let count = 0;
    let ready = 0;
    let availableCount = 0;
    let currentCount = 0;
    let updated = 0;
    for (const p of [...replicas, ...condemned]) {
      if (!p) continue;
      if (isCreated(p)) count++;
      if (isRunningAndReady(p)) {
        ready++;
        if (isPodAvailable(p, mrs, now)) availableCount++;
      }
      if (isCreated(p) && !isTerminating(p)) {
        const rev = p.metadata.labels?.[CONTROLLER_REVISION_HASH];
        if (rev === current.metadata.name) currentCount++;
        if (rev === update.metadata.name) updated++;
      }
    }
    const status = {
      observedGeneration: set.metadata.generation,
      replicas: count,
      readyReplicas: ready,
      currentReplicas: currentCount,
      updatedReplicas: updated,
      currentRevision: current.metadata.name,
      updateRevision: update.metadata.name,
      collisionCount,
      availableReplicas: availableCount,
    };
    // completeRollingUpdate: once every replica is updated and ready, the update revision becomes current.
    if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && updated === count && ready === count) {
      status.currentReplicas = updated;
      status.currentRevision = update.metadata.name;
    }
    return status;
  }

  private async updateStatus(set: SS, status: Record<string, unknown>): Promise<void> {
    // Go's omitempty drops zero readyReplicas, currentReplicas and updatedReplicas; replicas and availableReplicas stay.
    for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (!status[k]) delete status[k];
    if (set.status?.conditions) status.conditions = set.status.conditions;
    if (JSON.stringify(status) === JSON.stringify(set.status ?? {})) return;
    const cur = (set.status ?? {}) as Record<string, unknown>;
    const keys = new Set([...Object.keys(status), ...Object.keys(cur)]);
    if ([...keys].every((k) => JSON.stringify(cur[k] ?? 0) === JSON.stringify(status[k] ?? 0))) return;
    try {
      const body = { ...set, metadata: { ...set.metadata, resourceVersion: undefined }, status } as KubeObject;
      await this.ctx.client.update(stsKind, set.metadata.namespace, body, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const mrs = set.spec?.minReadySeconds ?? 0;
    if (mrs > 0 && (status.readyReplicas ?? 0) !== status.availableReplicas) this.queue.addAfter(objectKey(set), mrs * 1000);
  }

  /** truncateHistory deletes the oldest revisions beyond revisionHistoryLimit that no pod and no status names. */
  private async truncateHistory(set: SS, pods: P[], all: CR[], current: CR, update: CR): Promise<void> {
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    const live = new Set<string>([current.metadata.name!, update.metadata.name!]);
    for (const p of pods) {
      const rev = p.metadata.labels?.[CONTROLLER_REVISION_HASH];
      if (rev) live.add(rev);
    }
    const history = all.filter((r) => !live.has(r.metadata.name!));
    for (const r of history.slice(0, Math.max(0, history.length - limit))) {
      try {
        await this.ctx.client.delete(revisionKind, r.metadata.namespace, r.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
