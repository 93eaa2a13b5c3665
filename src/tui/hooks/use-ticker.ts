import { useEffect, useState } from 'react';

/**
 * useTicker re-renders the component every `intervalMs` of wall time, so AGE and LAST SEEN cells advance while
 * nothing else changes. It returns the tick count.
 */
export function useTicker(intervalMs = 1000): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), intervalMs);
    t.unref?.();
    return () => clearInterval(t);
  }, [intervalMs]);
  return tick;
}
