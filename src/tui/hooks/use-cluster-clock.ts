import { useEffect, useState } from 'react';

/** ClockReading is what the daemon's /minik9s/v1/clock says of the simulated cluster's clock. */
export interface ClockReading {
  readonly now: number;
  readonly speed: number;
  readonly paused: boolean;
  /** What the control plane will do next, soonest first (cluster time, ms since the epoch). */
  readonly timers?: readonly { readonly at: number; readonly label: string }[];
}

/** ClusterClock is the dashboard's view of a simulated cluster's clock, read once a second. */
export interface ClusterClock {
  readonly speed: number;
  readonly paused: boolean;
  readonly timers: readonly { readonly at: number; readonly label: string }[];
  /** The cluster's time now, extrapolated from the last reading (ages are measured against it). */
  now(): number;
}

/**
 * useClusterClock reads a simulated cluster's clock once a second (`read` is the daemon's clock endpoint), so the
 * header can show its speed and pause, and ages count in cluster time: with `--speed 60` a pod is a minute old
 * after a second, as the cluster sees it. A failed read keeps the last one; without `read` there is no clock.
 */
export function useClusterClock(read: (() => Promise<ClockReading>) | undefined, intervalMs = 1000): ClusterClock | undefined {
  const [reading, setReading] = useState<{ r: ClockReading; at: number } | undefined>(undefined);
  useEffect(() => {
    if (!read) return;
    let live = true;
    const poll = () =>
      read().then(
        (r) => live && setReading({ r, at: Date.now() }),
        () => {},
      );
    void poll();
    const t = setInterval(() => void poll(), intervalMs);
    t.unref?.();
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [read, intervalMs]);
  if (!reading) return undefined;
  const { r, at } = reading;
  return { speed: r.speed, paused: r.paused, timers: r.timers ?? [], now: () => r.now + (r.paused ? 0 : (Date.now() - at) * r.speed) };
}
