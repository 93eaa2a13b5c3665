import type { KubeObject } from '../api/types.js';

/** StoreEventType says what a write did to a key. */
export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** StoreEvent is one write, as watchers see it: the object after the write (before it, for DELETED). */
export interface StoreEvent {
  readonly type: StoreEventType;
  readonly key: string;
  readonly revision: number;
  readonly object: KubeObject;
  /** The value before this write (MODIFIED and DELETED). */
  readonly prev?: KubeObject;
}

/** StoreErrorCode is why a store operation was refused. */
export type StoreErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired' | 'Unavailable';

/** StoreError is a refused store operation; the API server turns it into a Status. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** StoreWatch is a running watch; stop() ends it. */
export interface StoreWatch {
  stop(): void;
}

/**
 * Store is the cluster's etcd: a revisioned key/value map. Every write bumps one global revision, which becomes
 * the written object's resourceVersion; watchers get every write under their prefix, in revision order.
 * Values handed out are frozen: a writer builds a new object.
 */
export interface Store {
  /** The revision of the last write. */
  readonly revision: number;
  /** The oldest revision a watch can still start from (older ones answer Expired). */
  readonly compactedRevision: number;
  get(key: string): KubeObject | undefined;
  /** Every value whose key starts with prefix, sorted by key, and the revision they were read at. */
  list(prefix: string): { items: KubeObject[]; revision: number };
  /**
   * listPage reads, in key order, the values under prefix whose key is after `after`, that pass `filter`, at most
   * `limit` of them; `more` says whether any further value passes, `remaining` how many keys follow (when cheap).
   */
  listPage(prefix: string, opts: { after?: string; limit?: number; filter?: (o: KubeObject) => boolean }): { items: KubeObject[]; revision: number; more: boolean; remaining: number };
  count(prefix: string): number;
  create(key: string, value: KubeObject): KubeObject;
  /** Replaces a value; with expectedRevision, only if the stored one still has that revision. */
  update(key: string, value: KubeObject, expectedRevision?: number): KubeObject;
  delete(key: string, expectedRevision?: number): KubeObject;
  /**
   * Calls listener for every write under prefix after fromRevision (0 or undefined = from now on).
   * The listener runs synchronously inside the write, so it must only queue work.
   */
  watch(prefix: string, fromRevision: number | undefined, listener: (e: StoreEvent) => void): StoreWatch;
  /**
   * A durable store resolves this once every write made so far is on disk (rejecting if it cannot be); the API
   * server answers a write, and sends a watch event, only after it. A memory-only store has none.
   */
  sync?(): Promise<void>;
}
