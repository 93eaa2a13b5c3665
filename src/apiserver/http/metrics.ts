import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { mustKind } from '../../api/kinds.js';
import type { Registry } from '../registry.js';
import { formatTime } from '../registry.js';
import { failure } from '../errors.js';
import { nodeUsage, podUsage } from '../../kubelet/metrics.js';

/** The metrics.k8s.io group as discovery advertises it (metrics-server's aggregated API). */
export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';

/** metricsDiscoveryResources lists the group's resources in aggregated-discovery form. */
export function metricsDiscoveryResources() {
  const r = (resource: string, kind: string, namespaced: boolean) => ({
    resource,
    responseKind: { group: METRICS_GROUP, version: METRICS_VERSION, kind },
    scope: namespaced ? 'Namespaced' : 'Cluster',
    singularResource: '',
    verbs: ['get', 'list'],
  });
  return [r('nodes', 'NodeMetrics', false), r('pods', 'PodMetrics', true)];
}

const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');

const cpu = (n: number) => `${Math.round(n)}n`;
const mem = (b: number) => `${Math.round(b / 1024)}Ki`;

/**
 * serveMetrics answers /apis/metrics.k8s.io/v1beta1/... (pods, nodes; list or one) from the simulation's usage
 * model, in metrics-server's shapes, so `kubectl top pods` and `kubectl top nodes` work.
 */
export function serveMetrics(registry: Registry, rest: string[], q: URLSearchParams): unknown {
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name] = rest;
  const now = registry.clock.now();
  const window = '10.5s';
  const timestamp = formatTime(now);
  const labelSelector = q.get('labelSelector') ?? undefined;
  if (resource === 'pods') {
    const pods = (name ? [registry.get(podKind, namespace, name)] : registry.list(podKind, namespace, { labelSelector }).items) as unknown as Pod[];
    const items = pods
      .filter((p) => p.status?.phase === 'Running')
      .map((p) => ({
        metadata: { name: p.metadata?.name, namespace: p.metadata?.namespace, creationTimestamp: timestamp, labels: p.metadata?.labels },
        timestamp,
        window,
        containers: podUsage(p, now).map((u) => ({ name: u.name, usage: { cpu: cpu(u.cpuNanoCores), memory: mem(u.memoryBytes) } })),
      }));
    if (name) {
      if (!items[0]) throw failure(404, 'NotFound', `podmetrics.metrics.k8s.io "${name}" not found`);
      return { kind: 'PodMetrics', apiVersion: `${METRICS_GROUP}/${METRICS_VERSION}`, ...items[0] };
    }
    return { kind: 'PodMetricsList', apiVersion: `${METRICS_GROUP}/${METRICS_VERSION}`, metadata: {}, items };
  }
  if (resource === 'nodes' && !namespace) {
    const nodes = (name ? [registry.get(nodeKind, undefined, name)] : registry.list(nodeKind, undefined, { labelSelector }).items) as unknown as Node[];
    const pods = registry.list(podKind, undefined).items as unknown as Pod[];
    const items = nodes.map((n) => {
      const u = nodeUsage(n, pods, now);
      return {
        metadata: { name: n.metadata?.name, creationTimestamp: timestamp, labels: n.metadata?.labels },
        timestamp,
        window: '20.05s',
        usage: { cpu: cpu(u.cpuNanoCores), memory: mem(u.memoryBytes) },
      };
    });
    if (name) return { kind: 'NodeMetrics', apiVersion: `${METRICS_GROUP}/${METRICS_VERSION}`, ...items[0] };
    return { kind: 'NodeMetricsList', apiVersion: `${METRICS_GROUP}/${METRICS_VERSION}`, metadata: {}, items };
  }
  throw failure(404, 'NotFound', 'the server could not find the requested resource');
}
