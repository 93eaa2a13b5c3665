import { useEffect, useMemo, useState } from 'react';
import type { KubeObject } from '../../api/types.js';
import type { Informer } from '../../client/informer.js';

/** FrameTimers are the timer functions a FrameScheduler uses (injectable for tests). */
export interface FrameTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const wallTimers: FrameTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * FrameScheduler coalesces change notifications into at most `maxFps` flushes a second: the first change after a
 * quiet spell flushes on the next turn of the event loop (so a burst of watch events becomes one frame), later
 * ones wait for the next frame slot. A cluster that changes a thousand times a second still costs maxFps renders.
 */
export class FrameScheduler {
  private handle: unknown;
  private last = -Infinity;
  private readonly interval: number;

  constructor(
    maxFps: number,
    private readonly flush: () => void,
    private readonly timers: FrameTimers = wallTimers,
  ) {
    this.interval = 1000 / Math.max(1, maxFps);
  }

  /** notify says something changed; the flush comes at the next frame slot. */
  readonly notify = (): void => {
    if (this.handle !== undefined) return;
    const wait = Math.max(0, this.last + this.interval - this.timers.now());
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      this.last = this.timers.now();
      this.flush();
    }, wait);
  };

  /** cancel drops a pending flush. */
  cancel(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }
}

/** Subscribe registers a change listener and returns the function that removes it. */
export type Subscribe = (onChange: () => void) => () => void;

/**
 * useThrottledSubscription re-renders the component when `subscribe` reports a change, at most `maxFps` times a
 * second. It returns a version number that grows with each flush, for use as a memo dependency.
 */
export function useThrottledSubscription(subscribe: Subscribe, maxFps: number): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const frames = new FrameScheduler(maxFps, () => setVersion((v) => v + 1));
    const off = subscribe(frames.notify);
    return () => {
      off();
      frames.cancel();
    };
  }, [subscribe, maxFps]);
  return version;
}

/**
 * useInformer subscribes a component to an informer's cache: it re-renders after changes (batched, at most
 * `maxFps` times a second) and returns the cache version; read the objects with `informer.list()`.
 */
export function useInformer<T extends KubeObject>(informer: Informer<T>, maxFps = 10): number {
  const subscribe = useMemo<Subscribe>(() => (fn) => informer.on({ changed: fn }), [informer]);
  return useThrottledSubscription(subscribe, maxFps);
}
