import type { Pod } from 'kubernetes-types/core/v1.js';

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
