import { useEffect, useState } from 'react';
import type { Traffic } from '../requests.js';

/** Request counts are read this often: often enough to watch a burst spread (10 requests a second). */
export const COUNTS_EVERY_MS = 1_000;

/**
 * useRequestCounts reads, from a simulated cluster, how many requests each pod (`namespace/name`) has answered,
 * every COUNTS_EVERY_MS, for the REQS columns. Undefined without a simulated cluster, or before the first reading;
 * a new object only when a count changed (so tables redraw only then).
 */
export function useRequestCounts(traffic: Traffic | undefined): Readonly<Record<string, number>> | undefined {
  const [counts, setCounts] = useState<Readonly<Record<string, number>> | undefined>(undefined);
  useEffect(() => {
    if (!traffic) return;
    let stopped = false;
    let last = '';
    const read = () =>
      traffic.read().then(
        (r) => {
          const text = JSON.stringify(r.pods ?? {});
          if (stopped || text === last) return;
          last = text;
          setCounts(r.pods ?? {});
        },
        () => undefined,
      );
    void read();
    const t = setInterval(() => void read(), COUNTS_EVERY_MS);
    t.unref?.();
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [traffic]);
  return counts;
}
