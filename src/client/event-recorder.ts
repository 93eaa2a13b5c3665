import type { Event, ObjectReference } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { formatTime } from '../apiserver/registry.js';
import type { Clock } from '../cluster/clock.js';
import type { Activity } from '../cluster/activity.js';
import type { KubeClient } from './types.js';

const eventKind = mustKind('v1', 'Event');

let eventSeq = 0;
const nextEventSeq = () => (eventSeq = (eventSeq + 1) % 1_000_000);

/** EventSource names who reports an event: `kubelet` on host `minik9s`, `replicaset-controller`, ... */
export interface EventSource {
  component: string;
  host?: string;
  /**
   * Report through the events.k8s.io style (eventTime, reportingInstance `<component>-<host>`, empty source),
   * as kube-scheduler does; seen through core/v1 such events have no first/last timestamps.
   */
  eventsApi?: { action: string };
}

/**
 * EventRecorder writes core/v1 Events about objects, as client-go's record package does: names
 * `<object>.<hex nanoseconds>`, and a repeat of the same event bumps count and lastTimestamp instead.
 * Writing is fire-and-forget: an event that cannot be written never fails the caller.
 */
export class EventRecorder {
  private readonly recent = new Map<string, { name: string; namespace: string; count: number }>();

  constructor(
    private readonly client: KubeClient,
    private readonly clock: Clock,
    private readonly activity: Activity,
    private readonly source: EventSource,
  ) {}

  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    const ref: ObjectReference = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    };
    if (fieldPath) ref.fieldPath = fieldPath;
    this.record(ref, type, reason, message);
  }

  /** record writes an event about an object reference (nodes use their name as uid, as the kubelet does). */
  record(ref: ObjectReference, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const namespace = ref.namespace || 'default';
    const now = formatTime(this.clock.now());
    const aggKey = [ref.uid, ref.fieldPath, type, reason, message].join('\u0000');
    const seen = this.recent.get(aggKey);
    if (seen) {
      seen.count++;
      const count = seen.count;
      void this.activity.track(
        this.client
          .patch({ ...eventKind }, seen.namespace, seen.name, 'merge', { count, lastTimestamp: now })
          .catch(() => this.recent.delete(aggKey)),
      );
      return;
    }
    // The sub-millisecond part is a counter shared by every recorder in the process, so two components writing
    // about one object in the same millisecond never pick the same name (client-go uses the nanosecond clock).
    const nanos = BigInt(this.clock.now()) * 1_000_000n + BigInt(nextEventSeq());
    const name = `${ref.name}.${nanos.toString(16)}`;
    this.recent.set(aggKey, { name, namespace, count: 1 });
    if (this.recent.size > 4096) this.recent.delete(this.recent.keys().next().value as string);
    const { component, host, eventsApi } = this.source;
    const common = { apiVersion: 'v1' as const, kind: 'Event' as const, metadata: { name, namespace }, involvedObject: ref, reason, message, type, reportingComponent: component };
    const ev: Event = eventsApi
      ? {
          ...common,
          source: {},
          eventTime: new Date(this.clock.now()).toISOString().replace(/Z$/, '000Z'), // MicroTime
          action: eventsApi.action,
          reportingInstance: host ? `${component}-${host}` : component,
        }
      : {
          ...common,
          source: host ? { component, host } : { component },
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          reportingInstance: host ?? '',
        };
    void this.activity.track(this.client.create(eventKind, namespace, ev as unknown as KubeObject).catch(() => this.recent.delete(aggKey)));
  }
}
