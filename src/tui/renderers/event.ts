import type { Event } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types.js';
import { eventPrinter } from '../../api/printers/core.js';
import { type Renderer, cell } from './renderer.js';

/** EventObject is a core/v1 Event as the informer caches it. */
export type EventObject = Event & KubeObject;

/** eventRenderer renders events for the events strip: LAST SEEN TYPE REASON OBJECT MESSAGE. */
export const eventRenderer: Renderer<EventObject> = {
  columns: [{ name: 'LAST SEEN' }, { name: 'TYPE' }, { name: 'REASON' }, { name: 'OBJECT' }, { name: 'MESSAGE', flex: true }],
  cells(ev, now) {
    // The server printer's cells: last seen, type, reason, object, subobject, source, message, first seen, count, name.
    const c = eventPrinter.cells(ev, now);
    return [cell(c[0]), cell(c[1]), cell(c[2]), cell(c[3]), cell(c[6])];
  },
  status: (ev) => ev.type ?? 'Normal',
};

/** eventTime is when an event last happened, in ms: what the events strip orders by (newest last). */
export function eventTime(ev: EventObject): number {
  const t =
    ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.firstTimestamp ?? ev.metadata.creationTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}
