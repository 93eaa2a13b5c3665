import type { KubeObject } from '../api/types.js';
import { type Store, type StoreEvent, type StoreWatch, StoreError } from './store.js';

/**
 * Stored objects repeat the same short strings endlessly ("True", "Running", a node name, this second's timestamp),
 * and every write brings fresh copies of them (JSON bodies, clones). deepFreeze keeps one copy of each: a bounded
 * table of canonical strings, started afresh when it fills up. Long strings (messages, uids, names of generated
 * objects) are mostly unique and stay out of it. At 10,000 pods this saves ~15% of the heap.
 */
const INTERN_MAX_LENGTH = 32;
const INTERN_TABLE_SIZE = 50_000;
let internTable = new Map<string, string>();
/** Fields whose values are never repeated: not worth a place in the table. */
const UNIQUE_FIELDS = new Set(['uid', 'resourceVersion']);

function intern(s: string): string {
  const c = internTable.get(s);
  if (c !== undefined) return c;
  if (internTable.size >= INTERN_TABLE_SIZE) internTable = new Map();
  internTable.set(s, s);
  return s;
}

/** deepFreeze freezes an object graph so nobody can change a stored value in place (sharing repeated strings). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (typeof v === 'string') {
        if (v.length <= INTERN_MAX_LENGTH && !UNIQUE_FIELDS.has(k)) o[k] = intern(v);
      } else if (v && typeof v === 'object') deepFreeze(v);
    }
    Object.freeze(value);
  }
  return value;
}

interface Watcher {
  prefix: string;
  listener: (e: StoreEvent) => void;
  stopped: boolean;
}

/** bucketOf is the first path segment of a key (`/pods/default/x` → `pods`): one map per resource keeps lists cheap. */
function bucketOf(key: string): string {
  const i = key.indexOf('/', 1);
  return i < 0 ? key.slice(1) : key.slice(1, i);
}

/**
 * MemoryStore keeps the cluster state in memory, with a bounded history of events so that watches can resume
 * from a recent revision. PersistentStore (persistent-store.ts) makes it durable through the hooks below.
 */
export class MemoryStore implements Store {
  private rev = 0;
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  /** Each bucket's keys in order, rebuilt lazily after a create or delete (updates keep the order). */
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly history: StoreEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private compacted = 0;

  /**
   * @param historyLimit how many past writes are kept for watches that resume from a revision (older ones get
   *   410 Gone and relist, as from a compacted etcd). 50,000 is minutes of a busy cluster's writes and seconds of
   *   a 10,000-pod burst; each kept write holds its object version alive (~25 MiB at 50,000 for the burst).
   */
  constructor(private readonly historyLimit = 50_000) {}

  get revision(): number {
    return this.rev;
  }

  get compactedRevision(): number {
    return this.compacted;
  }

  get(key: string): KubeObject | undefined {
    return this.buckets.get(bucketOf(key))?.get(key);
  }

  list(prefix: string): { items: KubeObject[]; revision: number } {
    const { items, revision } = this.listPage(prefix, {});
    return { items, revision };
  }

  listPage(prefix: string, opts: { after?: string; limit?: number; filter?: (o: KubeObject) => boolean }) {
    const name = bucketOf(prefix);
    const bucket = this.buckets.get(name);
    const items: KubeObject[] = [];
    if (!bucket) return { items, revision: this.rev, more: false, remaining: 0 };
    const keys = this.keysOf(name, bucket);
    // Binary search for the first key of the page: past `after`, and not before the prefix.
    const from = opts.after && opts.after >= prefix ? opts.after : prefix;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < from || (opts.after !== undefined && keys[mid] === opts.after)) lo = mid + 1;
      else hi = mid;
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    let i = lo;
    let more = false;
    for (; i < keys.length; i++) {
      const k = keys[i]!;
      if (!k.startsWith(prefix)) break;
      const o = bucket.get(k)!;
      if (opts.filter && !opts.filter(o)) continue;
      if (items.length >= limit) {
        more = true;
        break;
      }
      items.push(o);
    }
    // Keys under the prefix from the first one not returned (an upper bound when a filter is set).
    let end = i;
    if (more) {
      let h = keys.length;
      let l = i;
      const upper = prefix + '\uffff';
      while (l < h) {
        const mid = (l + h) >> 1;
        if (keys[mid]! < upper) l = mid + 1;
        else h = mid;
      }
      end = l;
    }
    return { items, revision: this.rev, more, remaining: more ? end - i : 0 };
  }

  /** index keeps a bucket's sorted keys current on create and delete (a binary search and one splice). */
  private index(key: string, add: boolean): void {
    const keys = this.sortedKeys.get(bucketOf(key));
    if (!keys) return;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (add) keys.splice(lo, 0, key);
    else if (keys[lo] === key) keys.splice(lo, 1);
  }

  private keysOf(name: string, bucket: Map<string, KubeObject>): string[] {
    let keys = this.sortedKeys.get(name);
    if (!keys) {
      keys = [...bucket.keys()].sort();
      this.sortedKeys.set(name, keys);
    }
    return keys;
  }

  count(prefix: string): number {
    const bucket = this.buckets.get(bucketOf(prefix));
    if (!bucket) return 0;
    let n = 0;
    for (const k of bucket.keys()) if (k.startsWith(prefix)) n++;
    return n;
  }

  create(key: string, value: KubeObject): KubeObject {
    const bucket = this.bucket(key);
    if (bucket.has(key)) throw new StoreError('AlreadyExists', `key ${key} already exists`);
    const stored = this.stamp(value);
    bucket.set(key, stored);
    this.index(key, true);
    this.emit({ type: 'ADDED', key, revision: this.rev, object: stored });
    return stored;
  }

  update(key: string, value: KubeObject, expectedRevision?: number): KubeObject {
    const bucket = this.bucket(key);
    const prev = bucket.get(key);
    if (!prev) throw new StoreError('NotFound', `key ${key} not found`);
    if (expectedRevision !== undefined && Number(prev.metadata.resourceVersion) !== expectedRevision)
      throw new StoreError('Conflict', `key ${key} was modified`);
    const stored = this.stamp(value);
    bucket.set(key, stored);
    this.emit({ type: 'MODIFIED', key, revision: this.rev, object: stored, prev });
    return stored;
  }

  delete(key: string, expectedRevision?: number): KubeObject {
    const bucket = this.bucket(key);
    const prev = bucket.get(key);
    if (!prev) throw new StoreError('NotFound', `key ${key} not found`);
    if (expectedRevision !== undefined && Number(prev.metadata.resourceVersion) !== expectedRevision)
      throw new StoreError('Conflict', `key ${key} was modified`);
    bucket.delete(key);
    this.index(key, false);
    this.rev++;
    // Like etcd, the deleted object is reported at the revision of the delete.
    const object = deepFreeze({ ...prev, metadata: { ...prev.metadata, resourceVersion: String(this.rev) } });
    this.emit({ type: 'DELETED', key, revision: this.rev, object, prev });
    return object;
  }

  watch(prefix: string, fromRevision: number | undefined, listener: (e: StoreEvent) => void): StoreWatch {
    const w: Watcher = { prefix, listener, stopped: false };
    if (fromRevision !== undefined && fromRevision > 0 && fromRevision < this.rev) {
      // `compacted` is the oldest revision still in the history: a watch may resume from the one before it.
      if (fromRevision + 1 < this.compacted)
        throw new StoreError('Expired', `too old resource version: ${fromRevision} (${this.compacted})`);
      for (const e of this.history) if (e.revision > fromRevision && e.key.startsWith(prefix)) listener(e);
    }
    this.watchers.add(w);
    return {
      stop: () => {
        w.stopped = true;
        this.watchers.delete(w);
      },
    };
  }

  private bucket(key: string): Map<string, KubeObject> {
    const name = bucketOf(key);
    let b = this.buckets.get(name);
    if (!b) this.buckets.set(name, (b = new Map()));
    return b;
  }

  private stamp(value: KubeObject): KubeObject {
    this.rev++;
    return deepFreeze({ ...value, metadata: { ...value.metadata, resourceVersion: String(this.rev) } });
  }

  /** committed is told every write before any watcher is (PersistentStore logs it). */
  protected committed(_e: StoreEvent): void {}

  /** loadState replaces the whole state with restored values (from disk), as of revision; there is no history. */
  protected loadState(values: Iterable<[string, KubeObject]>, revision: number): void {
    this.buckets.clear();
    this.sortedKeys.clear();
    this.history.length = 0;
    for (const [key, value] of values) this.bucket(key).set(key, deepFreeze(value));
    this.rev = revision;
    // The oldest revision a watch could replay is the next one: a watch from before the restore answers Expired.
    this.compacted = revision + 1;
  }

  /** entries lists every stored value with its key (one consistent state: values are immutable). */
  protected entries(): [string, KubeObject][] {
    const out: [string, KubeObject][] = [];
    for (const bucket of this.buckets.values()) for (const e of bucket) out.push(e);
    return out;
  }

  private emit(e: StoreEvent): void {
    this.committed(e);
    this.history.push(e);
    if (this.history.length > this.historyLimit) {
      // Drop the oldest tenth at once so trimming stays cheap per write.
      const drop = Math.ceil(this.historyLimit / 10);
      this.history.splice(0, drop);
      this.compacted = this.history[0]?.revision ?? this.rev;
    }
    for (const w of this.watchers) {
      if (!w.stopped && e.key.startsWith(w.prefix)) w.listener(e);
    }
  }
}
