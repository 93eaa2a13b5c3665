import { useEffect, useState } from 'react';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types.js';
import type { KubeClient, ResourceRef } from '../../client/types.js';
import { milliValue, value } from '../../scheduler/quantity.js';

const NODE_METRICS: ResourceRef = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', kind: 'NodeMetrics', namespaced: false };

/** The metrics API is read this often (metrics-server itself scrapes every 15 s). */
export const METRICS_EVERY_MS = 10_000;

/** ClusterUsage is what the nodes use, summed, against what they can give pods. */
export interface ClusterUsage {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly cpuPct: number;
  readonly memoryPct: number;
}

/** usageOf sums node metrics against the nodes' allocatable CPU and memory. */
export function usageOf(metrics: readonly KubeObject[], nodes: readonly KubeObject[]): ClusterUsage | undefined {
  if (!metrics.length) return undefined;
  let cpuMilli = 0;
  let memoryBytes = 0;
  for (const m of metrics) {
    const u = (m as KubeObject & { usage?: { cpu?: string; memory?: string } }).usage;
    cpuMilli += milliValue(u?.cpu ?? '0');
    memoryBytes += value(u?.memory ?? '0');
  }
  let cpuCap = 0;
  let memCap = 0;
  for (const n of nodes as (Node & KubeObject)[]) {
    cpuCap += milliValue(n.status?.allocatable?.cpu ?? '0');
    memCap += value(n.status?.allocatable?.memory ?? '0');
  }
  const pct = (a: number, b: number) => (b ? Math.round((a / b) * 100) : 0);
  return { cpuMilli, memoryBytes, cpuPct: pct(cpuMilli, cpuCap), memoryPct: pct(memoryBytes, memCap) };
}

/**
 * useClusterMetrics reads the metrics API (metrics.k8s.io, served by metrics-server or by the simulated cluster)
 * every METRICS_EVERY_MS: the header's CPU and memory. Undefined while unknown and on a cluster without it.
 */
export function useClusterMetrics(client: KubeClient, nodes: readonly KubeObject[]): ClusterUsage | undefined {
  const [metrics, setMetrics] = useState<readonly KubeObject[]>([]);
  useEffect(() => {
    let stopped = false;
    const read = () =>
      client.list(NODE_METRICS, undefined).then(
        (l) => !stopped && setMetrics(l.items),
        () => !stopped && setMetrics([]),
      );
    void read();
    const t = setInterval(() => void read(), METRICS_EVERY_MS);
    t.unref?.();
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [client]);
  return usageOf(metrics, nodes);
}
