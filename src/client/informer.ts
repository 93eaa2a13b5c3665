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

/**
 * Informer keeps a local cache of one resource in sync with the API server, like client-go's: it lists, then
 * watches from the list's resourceVersion, and relists when the watch ends or fails (410 Gone included).
 */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers = new Set<InformerHandler<T>>();
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
    const obj = e.object as T;
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
      this.cache.delete(key);
      for (const h of this.handlers) h.delete?.(obj);
    } else {
      this.cache.set(key, obj);
      for (const h of this.handlers) {
        if (old) h.update?.(obj, old);
        else h.add?.(obj);
      }
    }
    for (const h of this.handlers) h.changed?.();
  }

  private replace(items: T[]): void {
    const fresh = new Map(items.map((o) => [objectKey(o), o]));
    const old = new Map(this.cache);
    this.cache.clear();
    for (const [k, o] of fresh) this.cache.set(k, o);
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
