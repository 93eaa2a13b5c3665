import type { Store, StoreWatch } from '../store/store.js';
import type { Clock, TimerHandle } from '../cluster/clock.js';

/** kube-apiserver's --event-ttl default: an Event is removed an hour after it was last written. */
export const EVENT_TTL_MS = 60 * 60 * 1000;

/**
 * kube-apiserver attaches a lease to every Event it writes to etcd and reuses a lease for the writes of one
 * minute (leaseReuseDurationSeconds), so Events expire by the minute.
 */
const LEASE_GRANULARITY_MS = 60_000;

/** The store prefixes of Events: core v1 and events.k8s.io (stored apart here, see kinds.ts). */
const PREFIXES = ['/events/', '/events.events.k8s.io/'];

/**
 * EventTTL removes Events an hour after their last write, as etcd's lease expiry does for kube-apiserver
 * (--event-ttl=1h): a repeated event (count bumped) lives on, a cluster left running does not fill up with old
 * ones. The removal is a plain delete in the store, so watchers see DELETED. One timer, at the next expiry.
 */
export class EventTTL {
  /** The last write of every stored Event, oldest first (a write moves its key to the end). */
  private readonly written = new Map<string, number>();
  private readonly watches: StoreWatch[] = [];
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlMs = EVENT_TTL_MS,
  ) {}

  start(): void {
    const now = this.clock.now();
    for (const prefix of PREFIXES) {
      for (const o of this.store.list(prefix).items) this.written.set(this.keyOf(prefix, o.metadata.namespace, o.metadata.name), now);
      this.watches.push(
        this.store.watch(prefix, this.store.revision, (e) => {
          this.written.delete(e.key);
          if (e.type !== 'DELETED') this.written.set(e.key, this.clock.now());
          this.schedule();
        }),
      );
    }
    this.schedule();
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches.length = 0;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private keyOf(prefix: string, namespace: string | undefined, name: string | undefined): string {
    return `${prefix}${namespace}/${name}`;
  }

  /** schedule keeps one timer, at the minute the oldest Event expires. */
  private schedule(): void {
    const oldest = this.written.values().next();
    if (oldest.done) return;
    const at = Math.ceil((oldest.value + this.ttlMs) / LEASE_GRANULARITY_MS) * LEASE_GRANULARITY_MS;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => this.expire(), Math.max(0, at - this.clock.now()), 'events written over 1h ago expire');
  }

  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (const [key, at] of this.written) {
      if (at + this.ttlMs > now) break;
      this.written.delete(key);
      try {
        this.store.delete(key);
      } catch {
        // already gone
      }
    }
    this.schedule();
  }
}
