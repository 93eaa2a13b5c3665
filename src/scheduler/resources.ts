import type { Container, Node, PodSpec } from 'kubernetes-types/core/v1.js';
import { milliValue, value } from './quantity.js';

/** Resources is what the scheduler counts: milli-cores and bytes. */
export interface Resources {
  milliCPU: number;
  memory: number;
}

/** The requests the scheduler assumes for scoring when a container sets none (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

function containerRequests(c: Container, nonZero: boolean): Resources {
  const r = c.resources?.requests ?? {};
  const cpu = r['cpu'];
  const mem = r['memory'];
  return {
    milliCPU: cpu === undefined && nonZero ? DEFAULT_MILLI_CPU_REQUEST : milliValue(cpu),
    memory: mem === undefined && nonZero ? DEFAULT_MEMORY_REQUEST : value(mem),
  };
}

const add = (a: Resources, b: Resources): Resources => ({ milliCPU: a.milliCPU + b.milliCPU, memory: a.memory + b.memory });
const max = (a: Resources, b: Resources): Resources => ({ milliCPU: Math.max(a.milliCPU, b.milliCPU), memory: Math.max(a.memory, b.memory) });

/**
 * podRequests is a pod's effective request as component-helpers' PodRequests computes it: the sum of the app
 * containers (plus restartable init containers, the sidecars, which keep running), or the largest init
 * container (with the sidecars started before it) if that is bigger, plus the pod overhead. With nonZero,
 * containers without a request count as 100m cpu / 200Mi memory, as the scoring plugins assume.
 */
export function podRequests(spec: PodSpec | undefined, nonZero = false): Resources {
  let reqs: Resources = { milliCPU: 0, memory: 0 };
  for (const c of spec?.containers ?? []) reqs = add(reqs, containerRequests(c, nonZero));
  let sidecars: Resources = { milliCPU: 0, memory: 0 };
  let init: Resources = { milliCPU: 0, memory: 0 };
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      reqs = add(reqs, r);
      sidecars = add(sidecars, r);
      init = max(init, sidecars);
    } else init = max(init, add(r, sidecars));
  }
  reqs = max(reqs, init);
  const o = spec?.overhead ?? {};
  return add(reqs, { milliCPU: milliValue(o['cpu']), memory: value(o['memory']) });
}

/** Allocatable is what a node offers the scheduler: cpu, memory and the number of pods. */
export interface Allocatable extends Resources {
  pods: number;
}

/** nodeAllocatable reads status.allocatable (falling back to capacity) of a node. */
export function nodeAllocatable(node: Node): Allocatable {
  const a = { ...(node.status?.capacity ?? {}), ...(node.status?.allocatable ?? {}) };
  const safe = (f: () => number) => {
    try {
      return f();
    } catch {
      return 0;
    }
  };
  return {
    milliCPU: safe(() => milliValue(a['cpu'])),
    memory: safe(() => value(a['memory'])),
    pods: a['pods'] === undefined ? 110 : safe(() => value(a['pods'])),
  };
}
