import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import type { Event } from 'kubernetes-types/events/v1.js';
import { type Printer } from './table.js';
import { eventPrinter } from './core.js';

/**
 * toCoreEvent converts an events.k8s.io/v1 Event to the core shape, as kube-apiserver's conversion does before
 * printing: both versions are one internal type, so they print the same columns.
 */
export function toCoreEvent(ev: Event): CoreEvent {
  return {
    metadata: ev.metadata ?? {},
    involvedObject: ev.regarding ?? {},
    related: ev.related,
    message: ev.note,
    reason: ev.reason,
    type: ev.type,
    action: ev.action,
    count: ev.deprecatedCount,
    firstTimestamp: ev.deprecatedFirstTimestamp,
    lastTimestamp: ev.deprecatedLastTimestamp,
    source: ev.deprecatedSource,
    eventTime: ev.eventTime,
    series: ev.series ? { count: ev.series.count, lastObservedTime: ev.series.lastObservedTime } : undefined,
    reportingComponent: ev.reportingController,
    reportingInstance: ev.reportingInstance,
  };
}

/** eventsV1Printer prints events.k8s.io events with the core event columns. */
export const eventsV1Printer: Printer<Event> = {
  columns: eventPrinter.columns,
  cells: (ev, now) => eventPrinter.cells(toCoreEvent(ev), now),
};
