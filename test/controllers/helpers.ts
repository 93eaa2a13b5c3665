import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../src/api/types.js';
import { podKind, nsKind, svcKind, epKind, nodeKind, eventKind, deployKind, rsKind, seeded } from '../helpers/fixtures.js';

export { podKind, nsKind, svcKind, epKind, nodeKind, eventKind, deployKind, rsKind, seeded };
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';


export type P = Pod & KubeObject;
export type D = Deployment & KubeObject;
export type RS = ReplicaSet & KubeObject;
export type Ev = Event & KubeObject;


/** startCluster boots a whole in-process cluster on a manual clock. */
export async function startCluster(): Promise<{ c: Cluster; clock: ManualClock }> {
  const clock = new ManualClock();
  const c = await Cluster.start({ clock, random: seeded() });
  return { c, clock };
}

/** deployment builds a Deployment selecting app=<name>. */
export function deployment(name: string, replicas: number, image = 'nginx', extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image }] } },
      ...extra,
    },
  };
}

/** pods lists the pods of a namespace (optionally by label selector), sorted by name, straight from the store. */
export function pods(c: Cluster, namespace = 'default', labelSelector?: string): P[] {
  return c.registry.list(podKind, namespace, { labelSelector }).items as P[];
}

/** activePods are the pods without a deletionTimestamp. */
export function activePods(c: Cluster, namespace = 'default', labelSelector?: string): P[] {
  return pods(c, namespace, labelSelector).filter((p) => !p.metadata.deletionTimestamp);
}

export function replicaSets(c: Cluster, namespace = 'default'): RS[] {
  return c.registry.list(rsKind, namespace).items as RS[];
}

/** events lists the events (all namespaces) currently stored, optionally about one object name. */
export function events(c: Cluster, about?: string): Ev[] {
  return (c.store.list('/events/').items as Ev[]).filter((e) => !about || e.involvedObject.name === about);
}

/**
 * recordEvents collects, from now on and in the order they are written, every new Event (watch ADDED), so a
 * test can check the order of Pulling, Pulled, Created, Started.
 */
export function recordEvents(c: Cluster): { all: Ev[]; about(name: string): Ev[]; stop(): void } {
  const all: Ev[] = [];
  const w = c.registry.watch(eventKind, undefined, { resourceVersion: String(c.store.revision) }, (e) => {
    if (e.type === 'ADDED') all.push(e.object as Ev);
  });
  return { all, about: (name) => all.filter((e) => e.involvedObject.name === name), stop: () => w.stop() };
}

export const reasons = (evs: Ev[]) => evs.map((e) => e.reason);

export const isReady = (p: Pod) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
