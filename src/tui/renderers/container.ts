import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types.js';
import { humanDuration } from '../../api/printers/duration.js';
import type { Renderer } from './renderer.js';

/**
 * ContainerRow is one container of a pod as a row of the containers view (k9s' Enter on a pod): the container
 * spec and status, named `namespace/container` so that the row keys and the cursor work as for any object.
 */
export interface ContainerRow extends KubeObject {
  readonly kind: 'Container';
  readonly spec: Container;
  readonly status?: ContainerStatus;
  /** An init container (runs to completion before the others). */
  readonly init: boolean;
  /** The pod's name. */
  readonly pod: string;
}

/** containerRows lists a pod's init containers then its containers, with their statuses. */
export function containerRows(pod: Pod & KubeObject): ContainerRow[] {
  const ns = pod.metadata.namespace ?? '';
  const row = (c: Container, init: boolean, statuses: ContainerStatus[] | undefined): ContainerRow => ({
    apiVersion: 'v1',
    kind: 'Container',
    metadata: { name: c.name, namespace: ns, creationTimestamp: pod.metadata.creationTimestamp, uid: `${pod.metadata.uid}/${c.name}` },
    spec: c,
    status: statuses?.find((s) => s.name === c.name),
    init,
    pod: pod.metadata.name ?? '',
  });
  return [
    ...(pod.spec?.initContainers ?? []).map((c) => row(c, true, pod.status?.initContainerStatuses)),
    ...(pod.spec?.containers ?? []).map((c) => row(c, false, pod.status?.containerStatuses)),
  ];
}

/** stateOf is the container's state word: Running, Waiting's reason, Terminated's reason (Completed, Error). */
function stateOf(r: ContainerRow): string {
  const s = r.status?.state;
  if (s?.running) return 'Running';
  if (s?.waiting) return s.waiting.reason || 'Waiting';
  if (s?.terminated) return s.terminated.reason || 'Terminated';
  return 'Waiting';
}

const probes = (c: Container) => `${c.livenessProbe ? 'on' : 'off'}:${c.readinessProbe ? 'on' : 'off'}`;

/** containerRenderer shows the containers view's columns, as k9s does: NAME IMAGE READY STATE INIT RESTARTS PROBES(L:R) PORTS AGE. */
export const containerRenderer: Renderer<ContainerRow> = {
  columns: [
    { name: 'NAME', flex: true },
    { name: 'IMAGE' },
    { name: 'READY' },
    { name: 'STATE' },
    { name: 'INIT', optional: true },
    { name: 'RESTARTS' },
    { name: 'PROBES(L:R)', optional: true },
    { name: 'PORTS', optional: true },
    { name: 'AGE' },
  ],
  cells(r, now) {
    const started = r.status?.state?.running?.startedAt ?? r.status?.state?.terminated?.startedAt;
    return [
      r.metadata.name ?? '',
      r.spec.image ?? '',
      r.status?.ready ? 'true' : 'false',
      stateOf(r),
      r.init ? 'true' : 'false',
      String(r.status?.restartCount ?? 0),
      probes(r.spec),
      (r.spec.ports ?? []).map((p) => `${p.name ? `${p.name}:` : ''}${p.containerPort}/${p.protocol ?? 'TCP'}`).join(',') || '',
      started ? humanDuration(now - Date.parse(started)) : 'n/a',
    ];
  },
  status: (r) => stateOf(r),
};
