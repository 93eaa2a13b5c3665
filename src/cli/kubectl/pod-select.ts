import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types.js';
import { mustKind } from '../../api/kinds.js';
import type { HttpClient } from '../../client/http-client.js';
import { kindOf } from './targets.js';

/** PodObject is a Pod as the API answers it. */
export type PodObject = Pod & KubeObject;

/** podKind is the Pod kind, which logs and exec read. */
export const podKind = mustKind('v1', 'Pod');

/** The annotation that names the container kubectl logs/exec pick when none is named (KEP 2227). */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/**
 * fetchTarget reads the object a `logs`/`exec` argument names: `NAME` is a pod, `TYPE/NAME` anything kubectl
 * resolves (a Deployment, a Service, ...). Errors are the server's (NotFound) or kindOf's (unknown type).
 */
export async function fetchTarget(client: HttpClient, namespace: string, arg: string): Promise<KubeObject> {
  const slash = arg.indexOf('/');
  const kind = slash < 0 ? podKind : kindOf(arg.slice(0, slash));
  const name = slash < 0 ? arg : arg.slice(slash + 1);
  return client.get(kind, kind.namespaced ? namespace : undefined, name);
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * selectorOf is the label selector of the pods an object stands for (polymorphichelpers.SelectorsForObject):
 * a workload's spec.selector, a Service's or ReplicationController's map. Undefined for anything else.
 */
export function selectorOf(obj: KubeObject): string | undefined {
  const spec = (obj.spec ?? {}) as { selector?: LabelSelector | Record<string, string> };
  if (obj.kind === 'Service' || obj.kind === 'ReplicationController') {
    const m = (spec.selector ?? {}) as Record<string, string>;
    if (!Object.keys(m).length) return undefined;
    return Object.keys(m).sort().map((k) => `${k}=${m[k]}`).join(',');
  }
  if (!['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'].includes(obj.kind ?? '')) return undefined;
  const sel = spec.selector as LabelSelector | undefined;
  // labels.Selector.String(): the requirements sorted by key.
  const reqs: [string, string][] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) reqs.push([k, `${k}=${v}`]);
  for (const e of sel?.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') reqs.push([e.key, `${e.key} in (${vals})`]);
    else if (e.operator === 'NotIn') reqs.push([e.key, `${e.key} notin (${vals})`]);
    else if (e.operator === 'Exists') reqs.push([e.key, e.key]);
    else if (e.operator === 'DoesNotExist') reqs.push([e.key, `!${e.key}`]);
  }
  return reqs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((r) => r[1]).join(',');
}

const isReady = (p: Pod) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const readyTime = (p: Pod) => Date.parse((p.status?.conditions ?? []).find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime ?? '') || 0;
const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
/** afterOrZero: t1 is after t2, a zero time counting as after everything (podutils). */
const afterOrZero = (t1: number, t2: number) => (t1 === 0 || t2 === 0 ? t1 === 0 : t1 > t2);

/** byLogging orders pods as `kubectl logs` picks one (podutils.ByLogging): the most useful log first. */
export function byLogging(a: Pod, b: Pod): number {
  const less = (x: Pod, y: Pod): boolean => {
    const nx = x.spec?.nodeName ?? '';
    const ny = y.spec?.nodeName ?? '';
    if (nx !== ny && (!nx || !ny)) return !!nx;
    const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
    const px = rank[x.status?.phase ?? ''] ?? 0;
    const py = rank[y.status?.phase ?? ''] ?? 0;
    if (px !== py) return px < py;
    if (isReady(x) !== isReady(y)) return isReady(x);
    if (isReady(x) && isReady(y) && readyTime(x) !== readyTime(y)) return afterOrZero(readyTime(y), readyTime(x));
    if (restarts(x) !== restarts(y)) return restarts(x) > restarts(y);
    if (created(x) !== created(y)) return afterOrZero(created(y), created(x));
    return false;
  };
  return less(a, b) ? -1 : less(b, a) ? 1 : 0;
}

/** mostActive orders pods as `kubectl exec` picks one (sort.Reverse(podutils.ActivePods)): the most active first. */
export function mostActive(a: Pod, b: Pod): number {
  const deleting = (p: Pod) => !!p.metadata?.deletionTimestamp;
  const less = (x: Pod, y: Pod): boolean => {
    const nx = x.spec?.nodeName ?? '';
    const ny = y.spec?.nodeName ?? '';
    if (nx !== ny && (!nx || !ny)) return !nx;
    const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
    const px = rank[x.status?.phase ?? ''] ?? 0;
    const py = rank[y.status?.phase ?? ''] ?? 0;
    if (px !== py) return px < py;
    if (isReady(x) !== isReady(y)) return !isReady(x);
    if (deleting(x) !== deleting(y)) return deleting(x);
    if (isReady(x) && isReady(y) && readyTime(x) !== readyTime(y)) return afterOrZero(readyTime(x), readyTime(y));
    if (restarts(x) !== restarts(y)) return restarts(x) > restarts(y);
    if (created(x) !== created(y)) return afterOrZero(created(x), created(y));
    return false;
  };
  // Reversed: the pod ActivePods puts last comes first.
  return less(b, a) ? -1 : less(a, b) ? 1 : 0;
}

/**
 * podsFor lists the pods an object's selector picks, ordered by the given ranking; undefined when the object has no
 * selector or no pod yet (kubectl then waits for one to appear: left to a real kubectl).
 */
export async function podsFor(client: HttpClient, obj: KubeObject, order: (a: Pod, b: Pod) => number): Promise<PodObject[] | undefined> {
  const selector = selectorOf(obj);
  if (selector === undefined) return undefined;
  const list = await client.list<PodObject>(podKind, obj.metadata.namespace, { labelSelector: selector });
  if (!list.items.length) return undefined;
  return [...list.items].sort(order);
}

/** allContainerNames lists a pod's containers as kubectl's notices do: `a, b, eph (ephem), init (init)`. */
export function allContainerNames(pod: Pod): string {
  return [
    ...(pod.spec?.containers ?? []).map((c) => c.name),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

/** containerField finds a container by name, with kubectl's field path for it (`spec.containers{name}`). */
export function containerField(pod: Pod, name: string): string | undefined {
  if ((pod.spec?.containers ?? []).some((c) => c.name === name)) return `spec.containers{${name}}`;
  if ((pod.spec?.initContainers ?? []).some((c) => c.name === name)) return `spec.initContainers{${name}}`;
  if ((pod.spec?.ephemeralContainers ?? []).some((c) => c.name === name)) return `spec.ephemeralContainers{${name}}`;
  return undefined;
}

/** hasSeveralContainers is when kubectl tells which container it defaulted to. */
export const hasSeveralContainers = (pod: Pod) =>
  (pod.spec?.containers ?? []).length > 1 || (pod.spec?.initContainers ?? []).length > 0 || (pod.spec?.ephemeralContainers ?? []).length > 0;
