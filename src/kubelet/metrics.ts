import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { createHash } from 'node:crypto';
import { lookupImage } from './images.js';

/** ContainerUsage is what the simulated runtime reports for one container, as the kubelet's summary API would. */
export interface ContainerUsage {
  name: string;
  cpuNanoCores: number;
  memoryBytes: number;
}

/** jitter is a stable per-name wobble in [0.8, 1.2), so numbers look alive but repeat for the same container. */
function jitter(key: string, now: number): number {
  const h = createHash('sha1').update(`${key}:${Math.floor(now / 15_000)}`).digest();
  return 0.8 + (h[0]! / 256) * 0.4;
}

/**
 * podUsage models a running pod's resource usage from its images (idle servers use little CPU and a few MiB),
 * what metrics-server would report for it. Pods that are not running use nothing.
 */
export function podUsage(pod: Pod, now: number): ContainerUsage[] {
  if (pod.status?.phase !== 'Running') return [];
  return (pod.spec?.containers ?? []).map((c) => {
    const img = lookupImage(c.image ?? '');
    // Keyed by name and creation time, not uid: the same pod made the same way wobbles the same in every cluster
    // (uids are random), while a pod recreated under the same name still gets numbers of its own.
    const j = jitter(`${pod.metadata?.namespace}/${pod.metadata?.name}@${pod.metadata?.creationTimestamp}/${c.name}`, now);
    return {
      name: c.name,
      cpuNanoCores: Math.round((img.usage?.cpuMilli ?? 1) * 1_000_000 * j),
      memoryBytes: Math.round((img.usage?.memoryMiB ?? 8) * 1024 * 1024 * j),
    };
  });
}

/** nodeUsage is the node's own overhead plus its pods. */
export function nodeUsage(node: Node, pods: Pod[], now: number): { cpuNanoCores: number; memoryBytes: number } {
  let cpu = 120_000_000; // the OS, the runtime and the kubelet
  let mem = 600 * 1024 * 1024;
  for (const p of pods) {
    if (p.spec?.nodeName !== node.metadata?.name) continue;
    for (const u of podUsage(p, now)) {
      cpu += u.cpuNanoCores;
      mem += u.memoryBytes;
    }
  }
  return { cpuNanoCores: cpu, memoryBytes: mem };
}
