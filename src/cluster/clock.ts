/**
 * Clock is the cluster's only source of time. Cluster code never calls Date.now() or setTimeout directly:
 * a RealClock runs at a speed factor (`--speed`), a ManualClock lets tests step time and stay deterministic.
 */
export interface Clock {
  /** Milliseconds since the epoch, in cluster time. */
  now(): number;
  /** Runs fn after ms of cluster time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** TimerHandle identifies a pending timer of a Clock. */
export interface TimerHandle {
  readonly id: number;
}

/** RealClock follows the wall clock, sped up by `speed` (2 = twice as fast) from the moment it was made. */
export class RealClock implements Clock {
  private readonly origin = Date.now();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  constructor(readonly speed = 1) {
    if (!(speed > 0)) throw new Error(`clock speed must be positive, got ${speed}`);
  }

  now(): number {
    return this.origin + (Date.now() - this.origin) * this.speed;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, Math.max(0, ms / this.speed));
    t.unref?.();
    this.timers.set(id, t);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t) clearTimeout(t);
    this.timers.delete(handle.id);
  }

  /** Cancels every pending timer (used when the cluster stops). */
  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

interface ManualTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * ManualClock only moves when a test calls advance(): due timers fire in time order, and between timers the
 * given `settle` hook lets asynchronous work (watch delivery, controller queues) finish, so a test reads the
 * cluster exactly as it is at the new time.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly timers = new Map<number, ManualTimer>();
  private nextId = 1;
  private seq = 0;
  /** Called after each fired timer; the cluster sets it to its settle() so effects land before the next timer. */
  settle: () => Promise<void> = async () => {
    await new Promise((r) => setImmediate(r));
  };

  constructor(start = Date.UTC(2026, 0, 1, 0, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + Math.max(0, ms), seq: this.seq++, fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** The number of timers still waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by ms, firing every timer that falls due on the way, each at its own time. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await this.settle();
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers.delete(next.id);
      this.current = Math.max(this.current, next.at);
      next.fn();
      await this.settle();
    }
    this.current = target;
    await this.settle();
  }

  private nextDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
