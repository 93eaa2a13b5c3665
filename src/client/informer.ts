import type { KubeObject, WatchEvent } from '../api/types.js';
import type { ClientWatch, KubeClient, ResourceRef } from './types.js';

/** InformerHandler is told about each change to the informer's cache. */
export interface InformerHandler<T extends KubeObject = KubeObject> {
  add?(obj: T): void;
  update?(obj: T, old: T): void;
  delete?(obj: T): void;
  /** Called after a (re)list replaced the cache, and after every batch of watch events. */
  changed?(): void;
}

/** InformerOptions narrow what an informer lists and watches. */
export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Called with the wait before retrying after the watch or list failed; returns a cancel function. */
  retry?: (fn: () => void, attempt: number) => () => void;
  /** Told about each failed list or watch (the dashboard shows it). */
  onError?: (err: unknown) => void;
  /**
   * Changes each object before it is cached, as client-go's SetTransform: the dashboard drops managedFields, a
   * third of a small object that it never shows. Must return an object of the same identity (key).
   */
  transform?: (obj: KubeObject) => KubeObject;
}

/** withoutManagedFields is a transform that drops metadata.managedFields (kept by the server, never shown). */
export function withoutManagedFields<T extends { metadata?: object }>(obj: T): T {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _drop, ...metadata } = obj.metadata as { managedFields?: unknown };
  return { ...obj, metadata };
}

/** objectKey is `namespace/name` (or `name` for cluster-scoped objects): the informer cache key. */
export function objectKey(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name ?? '');
}

const defaultRetry = (fn: () => void, attempt: number) => {
  const t = setTimeout(fn, Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)));
  t.unref?.();
  return () => clearTimeout(t);
};

/** IndexFunc gives the index values of an object (client-go's cache.IndexFunc). */
export type IndexFunc<T> = (obj: T) => string[];

/**
 * Informer keeps a local cache of one resource in sync with the API server, like client-go's: it lists, then
 * watches from the list's resourceVersion, and relists when the watch ends or fails (410 Gone included).
 */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers = new Set<InformerHandler<T>>();
  /** Named indexes over the cache: index value → objects by key (client-go's Indexer), kept as the cache changes. */
  private readonly indexes = new Map<string, { fn: IndexFunc<T>; byValue: Map<string, Map<string, T>> }>();
  private watch: ClientWatch | undefined;
  private stopped = false;
  private attempt = 0;
  private cancelRetry: (() => void) | undefined;
  private syncedFlag = false;
  private resolveSynced!: () => void;
  private lastRV = '';
  /** Resolves after the first list has filled the cache. */
  readonly synced: Promise<void> = new Promise((r) => (this.resolveSynced = r));
  /** The last error, cleared by the next successful list. */
  lastError: unknown;

  constructor(
    private readonly client: KubeClient,
    readonly ref: ResourceRef,
    private readonly opts: InformerOptions = {},
  ) {}

  get hasSynced(): boolean {
    return this.syncedFlag;
  }

  /** The resourceVersion of the last list or event seen. */
  get resourceVersion(): string {
    return this.lastRV;
  }

  on(h: InformerHandler<T>): () => void {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  /**
   * addIndex maintains a named index over the cache from now on (a shared informer keeps the first function
   * given for a name: components that share an index share its definition).
   */
  addIndex(name: string, fn: IndexFunc<T>): this {
    if (this.indexes.has(name)) return this;
    this.indexes.set(name, { fn, byValue: new Map() });
    for (const [key, obj] of this.cache) this.indexOne(name, key, obj, true);
    return this;
  }

  /** byIndex lists the cached objects whose index `name` has `value` (an empty list for an unknown index). */
  byIndex(name: string, value: string): T[] {
    const m = this.indexes.get(name)?.byValue.get(value);
    return m ? [...m.values()] : [];
  }

  private indexOne(name: string, key: string, obj: T, add: boolean): void {
    const idx = this.indexes.get(name)!;
    for (const v of idx.fn(obj)) {
      let m = idx.byValue.get(v);
      if (add) {
        if (!m) idx.byValue.set(v, (m = new Map()));
        m.set(key, obj);
      } else if (m) {
        m.delete(key);
        if (m.size === 0) idx.byValue.delete(v);
      }
    }
  }

  /** store and remove change the cache and its indexes together. */
  private store(key: string, obj: T, old: T | undefined): void {
    for (const name of this.indexes.keys()) {
      if (old) this.indexOne(name, key, old, false);
      this.indexOne(name, key, obj, true);
    }
    this.cache.set(key, obj);
  }

  private remove(key: string): void {
    const old = this.cache.get(key);
    if (old) for (const name of this.indexes.keys()) this.indexOne(name, key, old, false);
    this.cache.delete(key);
  }

  get size(): number {
    return this.cache.size;
  }

  start(): this {
    void this.run();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.cancelRetry?.();
    this.watch?.stop();
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    try {
      const list = await this.client.list<T>(this.ref, this.opts.namespace, {
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
      });
      if (this.stopped) return;
      this.replace(list.items);
      this.lastRV = list.metadata.resourceVersion;
      this.lastError = undefined;
      this.attempt = 0;
      if (!this.syncedFlag) {
        this.syncedFlag = true;
        this.resolveSynced();
      }
      this.startWatch();
    } catch (err) {
      this.fail(err);
    }
  }

  private startWatch(): void {
    const w = this.client.watch(
      this.ref,
      this.opts.namespace,
      {
        resourceVersion: this.lastRV,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        allowWatchBookmarks: true,
      },
      (e) => this.onEvent(e),
    );
    this.watch = w;
    w.done.then(
      () => {
        if (!this.stopped && this.watch === w) void this.run(); // the server ended the watch: relist and go on
      },
      (err) => {
        if (!this.stopped && this.watch === w) this.fail(err);
      },
    );
  }

  private fail(err: unknown): void {
    if (this.stopped) return;
    this.lastError = err;
    this.opts.onError?.(err);
    const retry = this.opts.retry ?? defaultRetry;
    this.cancelRetry = retry(() => void this.run(), this.attempt++);
  }

  private onEvent(e: WatchEvent): void {
    const obj = (this.opts.transform ? this.opts.transform(e.object) : e.object) as T;
    if (e.type === 'ERROR') {
      // An ERROR event (410 Gone, typically) ends this watch; relist.
      this.watch?.stop();
      this.watch = undefined;
      void this.run();
      return;
    }
    if (obj?.metadata?.resourceVersion) this.lastRV = obj.metadata.resourceVersion;
    if (e.type === 'BOOKMARK') return;
    const key = objectKey(obj);
    const old = this.cache.get(key);
    if (e.type === 'DELETED') {
      this.remove(key);
      for (const h of this.handlers) h.delete?.(obj);
    } else {
      this.store(key, obj, old);
      for (const h of this.handlers) {
        if (old) h.update?.(obj, old);
        else h.add?.(obj);
      }
    }
    for (const h of this.handlers) h.changed?.();
  }

  private replace(items: T[]): void {
    if (this.opts.transform) items = items.map((o) => this.opts.transform!(o) as T);
    const fresh = new Map(items.map((o) => [objectKey(o), o]));
    const old = new Map(this.cache);
    this.cache.clear();
    for (const idx of this.indexes.values()) idx.byValue.clear();
    for (const [k, o] of fresh) this.store(k, o, undefined);
    for (const [k, o] of old) if (!fresh.has(k)) for (const h of this.handlers) h.delete?.(o);
    for (const [k, o] of fresh) {
      const prev = old.get(k);
      for (const h of this.handlers) {
        if (!prev) h.add?.(o);
        else if (prev.metadata.resourceVersion !== o.metadata.resourceVersion) h.update?.(o, prev);
      }
    }
    for (const h of this.handlers) h.changed?.();
  }
}
