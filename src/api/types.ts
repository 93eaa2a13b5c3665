import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** Mutable removes the readonly marks kubernetes-types puts on system fields: the server is who sets them. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Meta is ObjectMeta as the API server writes it. */
export type Meta = Mutable<ObjectMeta>;

/** KubeObject is any Kubernetes object as it travels through the cluster: typed kinds narrow it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: Meta;
  [field: string]: unknown;
}

/** ListMeta is the metadata of a list answer: its revision and, for paged lists, where to continue. */
export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** ObjectList is a list of objects of one kind as the API returns it. */
export interface ObjectList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

/** WatchEventType names the kinds of event a watch stream carries. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** WatchEvent is one event of a watch stream. */
export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

/** Status is the Kubernetes error (and success) object: what kubectl prints after "Error from server". */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
  code: number;
}
