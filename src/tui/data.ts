import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Namespace, Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { ApiError } from '../api/api-error.js';
import { nodeStatus } from '../api/printers/core.js';
import { Informer, objectKey, withoutManagedFields, type InformerOptions } from '../client/informer.js';
import type { KubeClient } from '../client/types.js';
import { type EventObject, eventTime } from './renderers/event.js';
import { RowDeltas } from './deltas.js';

/** PodObject is a Pod as the dashboard's informer caches it. */
export type PodObject = Pod & KubeObject;
/** NamespaceObject is a Namespace as the dashboard's informer caches it. */
export type NamespaceObject = Namespace & KubeObject;
/** ReplicaSetObject is a ReplicaSet as the dashboard's informer caches it. */
export type ReplicaSetObject = ReplicaSet & KubeObject;
/** DeploymentObject is a Deployment as the dashboard's informer caches it. */
export type DeploymentObject = Deployment & KubeObject;
/** ServiceObject is a Service as the dashboard's informer caches it. */
export type ServiceObject = Service & KubeObject;
/** NodeObject is a Node as the dashboard's informer caches it. */
export type NodeObject = Node & KubeObject;

/**
 * DashboardData is the dashboard's view of the cluster: one informer per kind it shows, each listing and watching
 * every namespace (switching namespace is then a filter, instant and without a relist), plus a single change
 * feed that the UI turns into throttled frames.
 */
export class DashboardData {
  readonly namespaces: Informer<NamespaceObject>;
  readonly pods: Informer<PodObject>;
  readonly replicaSets: Informer<ReplicaSetObject>;
  readonly deployments: Informer<DeploymentObject>;
  readonly services: Informer<ServiceObject>;
  readonly events: Informer<EventObject>;
  readonly nodes: Informer<NodeObject>;
  /** What changed lately in the panes' kinds (row colours, deleted rows kept a moment). */
  readonly deltas: {
    readonly namespaces: RowDeltas<NamespaceObject>;
    readonly pods: RowDeltas<PodObject>;
    readonly replicasets: RowDeltas<ReplicaSetObject>;
    readonly deployments: RowDeltas<DeploymentObject>;
    readonly services: RowDeltas<ServiceObject>;
  };
  private readonly listeners = new Set<() => void>();

  constructor(client: KubeClient, opts: Pick<InformerOptions, 'retry'> & { now?: () => number } = {}) {
    const o: InformerOptions = { retry: opts.retry, onError: () => this.emit(), transform: withoutManagedFields };
    this.namespaces = new Informer(client, mustKind('v1', 'Namespace'), o);
    this.pods = new Informer(client, mustKind('v1', 'Pod'), o);
    this.replicaSets = new Informer(client, mustKind('apps/v1', 'ReplicaSet'), o);
    this.deployments = new Informer(client, mustKind('apps/v1', 'Deployment'), o);
    this.services = new Informer(client, mustKind('v1', 'Service'), o);
    this.events = new Informer(client, mustKind('v1', 'Event'), o);
    this.nodes = new Informer(client, mustKind('v1', 'Node'), o);
    for (const i of this.informers) i.on({ changed: () => this.emit() });
    const now = opts.now ?? Date.now;
    this.deltas = {
      namespaces: new RowDeltas(this.namespaces, now),
      pods: new RowDeltas(this.pods, now),
      replicasets: new RowDeltas(this.replicaSets, now),
      deployments: new RowDeltas(this.deployments, now),
      services: new RowDeltas(this.services, now),
    };
  }

  /** informers lists every informer of the dashboard. */
  get informers(): readonly Informer<KubeObject>[] {
    return [this.namespaces, this.pods, this.replicaSets, this.deployments, this.services, this.events, this.nodes] as never;
  }

  start(): void {
    for (const i of this.informers) i.start();
  }

  stop(): void {
    for (const i of this.informers) i.stop();
    this.listeners.clear();
  }

  /** subscribe registers a listener told about every change of any cache and every failed list or watch. */
  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  };

  /** lastError is the most recent list/watch failure still standing (cleared by the informer's next good list). */
  lastError(): unknown {
    for (const i of this.informers) if (i.lastError !== undefined) return i.lastError;
    return undefined;
  }

  /** synced tells whether every informer has listed once. */
  get synced(): boolean {
    return this.informers.every((i) => i.hasSynced);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}

/** byNamespaceThenName orders objects as the panes show them: by namespace, then by name. */
export function byNamespaceThenName(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a1 = a.metadata.name ?? '';
  const b1 = b.metadata.name ?? '';
  return a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
}

/** inNamespace keeps the objects of one namespace (all of them when namespace is undefined), sorted for display. */
export function inNamespace<T extends KubeObject>(objs: readonly T[], namespace: string | undefined): T[] {
  const out = namespace === undefined ? [...objs] : objs.filter((o) => o.metadata.namespace === namespace);
  return out.sort(byNamespaceThenName);
}

/** rowKeys lists the cache keys of rows, the identity the cursor follows. */
export function rowKeys(objs: readonly KubeObject[]): string[] {
  return objs.map(objectKey);
}

const rvNumber = (o: KubeObject) => {
  const n = Number(o.metadata.resourceVersion);
  return Number.isFinite(n) ? n : 0;
};

/** eventsInOrder keeps the events of a namespace (or all), oldest first, so the newest end up at the bottom. */
export function eventsInOrder(events: readonly EventObject[], namespace: string | undefined): EventObject[] {
  const out = namespace === undefined ? [...events] : events.filter((e) => e.metadata.namespace === namespace);
  return out
    // Whole seconds, like the timestamps of core events; within a second the write order (resourceVersion)
    // decides, so an events.k8s.io event with a sub-second eventTime does not jump ahead of later ones.
    .map((e) => ({ e, t: Math.floor(eventTime(e) / 1000), rv: rvNumber(e) }))
    .sort((a, b) => a.t - b.t || a.rv - b.rv)
    .map((x) => x.e);
}

/** nodeSummary counts Ready nodes for the header. */
export function nodeSummary(nodes: readonly NodeObject[]): { ready: number; total: number } {
  return { ready: nodes.filter((n) => nodeStatus(n).split(',')[0] === 'Ready').length, total: nodes.length };
}

/** kubeletVersion is the version the nodes report: the header's fallback when the server version is not known. */
export function kubeletVersion(nodes: readonly NodeObject[]): string | undefined {
  return nodes.find((n) => n.status?.nodeInfo?.kubeletVersion)?.status?.nodeInfo?.kubeletVersion;
}

/**
 * describeApiError turns a failed list or watch into the header's one-line message: the server's refusal when it
 * answered, otherwise that it cannot be reached. The informers retry on their own, so both say so.
 */
export function describeApiError(err: unknown): string {
  // The HTTP client reports a socket failure as a 503 of its own making: say what it is, without the code.
  const unreachable = err instanceof ApiError ? /^cannot reach the API server at (\S+): (.*)$/.exec(err.message) : null;
  if (unreachable) return `API server unreachable at ${unreachable[1]}: ${unreachable[2]}, retrying`;
  if (err instanceof ApiError) return `API server error ${err.code} ${err.reason ?? ''}: ${err.message}, retrying`.replace('  ', ' ');
  const e = err as { message?: unknown; code?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  let message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  if (code && !message.includes(code)) message = `${code} ${message}`;
  return `API server unreachable: ${message}, retrying`;
}
