/**
 * Clock is the cluster's only source of time. Cluster code never calls Date.now() or setTimeout directly:
 * a RealClock runs at a speed factor (`--speed`) and can be paused and stepped, a ManualClock lets tests step
 * time and stay deterministic.
 */
export interface Clock {
  /** Milliseconds since the epoch, in cluster time. */
  now(): number;
  /** Runs fn after ms of cluster time; the label says what will happen, for the list of pending timers. */
  setTimeout(fn: () => void, ms: number, label?: string): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** TimerHandle identifies a pending timer of a Clock. */
export interface TimerHandle {
  readonly id: number;
}

/** TimerInfo describes a pending timer: when it falls due (cluster time) and what it will do. */
export interface TimerInfo {
  id: number;
  at: number;
  label: string;
}

/** ClockState is what `minik9s clock` and the dashboard show of a running cluster's clock. */
export interface ClockState {
  now: number;
  speed: number;
  paused: boolean;
  timers: TimerInfo[];
}

interface RealTimer {
  id: number;
  at: number;
  label: string;
  fn: () => void;
  handle?: NodeJS.Timeout;
}

/**
 * RealClock follows the wall clock, sped up by `speed` (2 = twice as fast). It can be paused (cluster time
 * stands still and no timer fires), resumed, given another speed, and stepped: jump to the next timer and fire
 * it. Each pending timer is one Node timer, re-armed only when the speed or the pause changes.
 */
export class RealClock implements Clock {
  /** Cluster time at the anchor, and the wall time of the anchor; now() extrapolates from them. */
  private base = Date.now();
  private anchor = this.base;
  private rate: number;
  private stopped = false;
  private readonly timers = new Map<number, RealTimer>();
  private nextId = 1;

  constructor(speed = 1) {
    if (!(speed > 0)) throw new Error(`clock speed must be positive, got ${speed}`);
    this.rate = speed;
  }

  get speed(): number {
    return this.rate;
  }

  get paused(): boolean {
    return this.stopped;
  }

  now(): number {
    return this.stopped ? this.base : this.base + (Date.now() - this.anchor) * this.rate;
  }

  setTimeout(fn: () => void, ms: number, label = 'timer'): TimerHandle {
    const t: RealTimer = { id: this.nextId++, at: this.now() + Math.max(0, ms), label, fn };
    this.timers.set(t.id, t);
    this.arm(t);
    return { id: t.id };
  }

  clearTimeout(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t?.handle) clearTimeout(t.handle);
    this.timers.delete(handle.id);
  }

  /** Cancels every pending timer (used when the cluster stops). */
  clearAll(): void {
    for (const t of this.timers.values()) if (t.handle) clearTimeout(t.handle);
    this.timers.clear();
  }

  pause(): void {
    if (this.stopped) return;
    this.rebase();
    this.stopped = true;
    for (const t of this.timers.values()) this.disarm(t);
  }

  resume(): void {
    if (!this.stopped) return;
    this.anchor = Date.now();
    this.stopped = false;
    for (const t of this.timers.values()) this.arm(t);
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new Error(`clock speed must be positive, got ${speed}`);
    this.rebase();
    this.rate = speed;
    if (!this.stopped) for (const t of this.timers.values()) this.arm(t);
  }

  /** step moves cluster time to the next pending timer and fires it; it returns that timer, if there was one. */
  step(): TimerInfo | undefined {
    const next = this.pending()[0];
    if (!next) return undefined;
    const t = this.timers.get(next.id)!;
    this.base = Math.max(this.now(), t.at);
    this.anchor = Date.now();
    this.timers.delete(t.id);
    this.disarm(t);
    if (!this.stopped) for (const other of this.timers.values()) this.arm(other);
    t.fn();
    return next;
  }

  /** pending lists the timers still waiting, soonest first. */
  pending(): TimerInfo[] {
    return [...this.timers.values()].sort((a, b) => a.at - b.at || a.id - b.id).map(({ id, at, label }) => ({ id, at, label }));
  }

  state(): ClockState {
    return { now: this.now(), speed: this.rate, paused: this.stopped, timers: this.pending() };
  }

  private rebase(): void {
    this.base = this.now();
    this.anchor = Date.now();
  }

  private disarm(t: RealTimer): void {
    if (t.handle) clearTimeout(t.handle);
    t.handle = undefined;
  }

  private arm(t: RealTimer): void {
    this.disarm(t);
    if (this.stopped) return;
    t.handle = setTimeout(() => {
      t.handle = undefined;
      if (this.stopped || !this.timers.has(t.id)) return;
      // A timer that comes back early (the wall clock is coarse) waits for the rest of its time.
      if (this.now() + 1 < t.at) return this.arm(t);
      this.timers.delete(t.id);
      t.fn();
    }, Math.max(0, (t.at - this.now()) / this.rate));
    t.handle.unref?.();
  }
}

interface ManualTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
  label: string;
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

  setTimeout(fn: () => void, ms: number, label = 'timer'): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + Math.max(0, ms), seq: this.seq++, fn, label });
    return { id };
  }

  /** timers lists the pending timers, soonest first. */
  pendingTimers(): TimerInfo[] {
    return [...this.timers.values()].sort((a, b) => a.at - b.at || a.seq - b.seq).map(({ id, at, label }) => ({ id, at, label }));
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
