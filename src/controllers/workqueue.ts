import type { Clock, TimerHandle } from '../cluster/clock.js';
import type { Activity } from '../cluster/activity.js';

/**
 * WorkQueue feeds keys to a reconcile function one at a time, like client-go's workqueue: a key queued many
 * times is processed once, a key queued while it is processed runs again afterwards, and a failed key is
 * retried after an exponential back-off on the cluster clock.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, { at: number; handle: TimerHandle }>();
  private running = false;
  private shutDown = false;

  constructor(
    private readonly reconcile: (key: string) => Promise<void>,
    private readonly clock: Clock,
    private readonly activity: Activity,
    private readonly onError: (key: string, err: unknown) => void = () => {},
    /** The owner's name, for the labels of its delayed rechecks. */
    private readonly owner = 'controller',
  ) {}

  add(key: string): void {
    if (this.shutDown) return;
    this.queued.add(key);
    this.kick();
  }

  /**
   * addAfter queues key after ms of cluster time (to recheck a condition later). Like client-go's AddAfter, a key
   * already waiting keeps the earlier of its two times.
   */
  addAfter(key: string, ms: number): void {
    if (this.shutDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.clock.now() + ms;
    const cur = this.delayed.get(key);
    if (cur && cur.at <= at) return;
    if (cur) this.clock.clearTimeout(cur.handle);
    const handle = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms, `${this.owner} rechecks ${key}`);
    this.delayed.set(key, { at, handle });
  }

  get length(): number {
    return this.queued.size;
  }

  stop(): void {
    this.shutDown = true;
    this.queued.clear();
    for (const d of this.delayed.values()) this.clock.clearTimeout(d.handle);
    this.delayed.clear();
  }

  private kick(): void {
    if (this.running || this.queued.size === 0) return;
    this.running = true;
    this.activity.begin();
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued.size && !this.shutDown) {
        const key = this.queued.values().next().value as string;
        this.queued.delete(key);
        try {
          await this.reconcile(key);
          this.failures.delete(key);
        } catch (err) {
          const n = (this.failures.get(key) ?? 0) + 1;
          this.failures.set(key, n);
          this.onError(key, err);
          this.addAfter(key, Math.min(5 * 2 ** n, 60_000));
        }
      }
    } finally {
      this.running = false;
      this.activity.end();
    }
  }
}
