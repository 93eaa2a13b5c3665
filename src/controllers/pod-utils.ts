import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import type { KubeClient } from '../client/types.js';
import { mustKind } from '../api/kinds.js';
import { isNotFound } from '../api/api-error.js';

const podKind = mustKind('v1', 'Pod');

/**
 * patchPodOwners sets a pod's ownerReferences (adoption or release by a workload controller) with a uid
 * precondition, as the controllers' ControllerRefManager does; a pod that is gone meanwhile gives undefined.
 */
export async function patchPodOwners<P extends KubeObject>(client: KubeClient, p: P, refs: unknown[]): Promise<P | undefined> {
  try {
    return await client.patch<P>(podKind, p.metadata.namespace, p.metadata.name!, 'merge', {
      metadata: { ownerReferences: refs.length ? refs : null, uid: p.metadata.uid },
    });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** isPodActive: not terminating and not finished, the pods a ReplicaSet counts. */
export function isPodActive(p: Pod): boolean {
  return !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
}

/** isPodReady: the Ready condition is True. */
export function isPodReady(p: Pod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** isPodAvailable: ready for at least minReadySeconds, at time now. */
export function isPodAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  const ready = (p.status?.conditions ?? []).find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready) return false;
  if (!minReadySeconds) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0;
  return since + minReadySeconds * 1000 <= now;
}

const rank = (p: Pod): number => {
  if (!p.spec?.nodeName) return 0;
  if (p.status?.phase === 'Pending') return 1;
  if (!isPodReady(p)) return 2;
  return 3;
};

/**
 * byDeletionPreference orders pods the way the ReplicaSet controller picks victims on scale-down:
 * unscheduled before scheduled, pending before running, not-ready before ready, then the youngest first.
 */
export function byDeletionPreference(a: Pod, b: Pod): number {
  const r = rank(a) - rank(b);
  if (r) return r;
  const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  return tb - ta;
}
