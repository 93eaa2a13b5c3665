import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { fnv32a, safeEncode } from '../api/names.js';
import { isAlreadyExists } from '../api/api-error.js';
import type { KubeClient } from '../client/types.js';
import { controllerOf } from './controller.js';
import { cloneJSON } from '../api/clone.js';

/** CR is a ControllerRevision as it comes from the API server. */
export type CR = ControllerRevision & KubeObject;

/** revisionKind is apps/v1 ControllerRevision, the kind DaemonSets and StatefulSets keep their history in. */
export const revisionKind = mustKind('apps/v1', 'ControllerRevision');

/** The label DaemonSet pods and revisions carry, and StatefulSet pods (apps.ControllerRevisionHashLabelKey). */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
/** The label pkg/controller/history puts on the revisions it makes (history.ControllerRevisionHashLabel). */
export const HISTORY_HASH_LABEL = 'controller.kubernetes.io/hash';

/** canonicalJSON serialises with sorted keys, so equal objects give equal bytes (the stand-in for Go's encoding). */
export function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJSON((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** hashOf is FNV-32a of the canonical JSON (plus the collision count), printed in decimal, in the safe alphabet. */
export function hashOf(v: unknown, collisionCount?: number): string {
  let input = canonicalJSON(v);
  if (collisionCount) input += String(collisionCount);
  return safeEncode(String(fnv32a(input)));
}

/**
 * templatePatch is what both controllers store in a ControllerRevision's data: a strategic merge patch that
 * replaces the pod template (getPatch in pkg/controller/daemon/update.go and statefulset/stateful_set_utils.go).
 */
export function templatePatch(template: PodTemplateSpec | undefined): { spec: { template: Record<string, unknown> } } {
  return { spec: { template: { ...(cloneJSON(template ?? {}) as Record<string, unknown>), $patch: 'replace' } } };
}

/** templateOf reads the pod template back out of a revision's data. */
export function templateOf(cr: CR): PodTemplateSpec {
  const data = (cr.data ?? {}) as { spec?: { template?: Record<string, unknown> } };
  const { $patch: _ignored, ...template } = data.spec?.template ?? {};
  return template as PodTemplateSpec;
}

/** sameData tells whether two revisions hold the same state (history.EqualRevision). */
export function sameData(a: CR, b: { data?: unknown } | KubeObject): boolean {
  return canonicalJSON(a.data ?? null) === canonicalJSON(b.data ?? null);
}

/** ownedRevisions lists the revisions controlled by owner, oldest revision number first (SortControllerRevisions). */
export function ownedRevisions(all: CR[], owner: KubeObject): CR[] {
  return all
    .filter((r) => r.metadata.namespace === owner.metadata.namespace && controllerOf(r)?.uid === owner.metadata.uid)
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : 1) || (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** nextRevision is one more than the largest revision number, or 1. */
export function nextRevision(revisions: CR[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0) + 1;
}

/**
 * createRevision creates cr; when a revision of that name already exists it returns it if it holds the same
 * data, and otherwise reports a hash collision (the caller bumps collisionCount and tries a new name).
 */
export async function createRevision(client: KubeClient, cr: KubeObject): Promise<{ revision?: CR; collision: boolean }> {
  try {
    return { revision: await client.create<CR>(revisionKind, cr.metadata.namespace, cr), collision: false };
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const existing = await client.get<CR>(revisionKind, cr.metadata.namespace, cr.metadata.name!);
    if (sameData(existing, cr) && controllerOf(existing)?.uid === cr.metadata.ownerReferences?.[0]?.uid) return { revision: existing, collision: false };
    return { collision: true };
  }
}

/** setRevisionNumber moves an existing revision to a new number (a rollback to an old template makes it newest). */
export function setRevisionNumber(client: KubeClient, cr: CR, revision: number): Promise<CR> {
  return client.patch<CR>(revisionKind, cr.metadata.namespace, cr.metadata.name!, 'merge', { revision });
}
