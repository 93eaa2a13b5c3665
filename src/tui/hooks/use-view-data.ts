import { useCallback, useEffect, useMemo } from 'react';
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { Informer, withoutManagedFields } from '../../client/informer.js';
import type { KubeClient } from '../../client/types.js';
import { RowDeltas } from '../deltas.js';
import { useThrottledSubscription, type Subscribe } from './use-informer.js';

/** ViewData is the informer (and its row deltas) behind a full-screen view of one kind. */
export interface ViewData {
  readonly kind: KindInfo;
  readonly informer: Informer;
  readonly deltas: RowDeltas<KubeObject>;
}

/**
 * useViewData keeps an informer on the kind a `:` command shows, from the moment it opens until the view closes or
 * shows another kind; the overview's own informers keep running underneath, so going back is instant.
 */
export function useViewData(client: KubeClient, kind: KindInfo | undefined, maxFps: number): { view: ViewData | undefined; version: number } {
  const view = useMemo(() => {
    if (!kind) return undefined;
    const informer = new Informer(client, kind, { transform: withoutManagedFields });
    return { kind, informer, deltas: new RowDeltas(informer) };
  }, [client, kind]);
  useEffect(() => {
    if (!view) return;
    view.informer.start();
    return () => view.informer.stop();
  }, [view]);
  const subscribe = useCallback<Subscribe>(
    (fn) => {
      if (!view) return () => {};
      const off = view.informer.on({ changed: fn });
      return () => void off();
    },
    [view],
  );
  const version = useThrottledSubscription(subscribe, maxFps);
  return { view, version };
}

