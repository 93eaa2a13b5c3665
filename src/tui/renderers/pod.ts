import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types.js';
import { podPrinter, podStatus } from '../../api/printers/core.js';
import { type Renderer, cell } from './renderer.js';

type PodObject = Pod & KubeObject;

/** podRenderer renders pods as the pods pane shows them: NAME READY STATUS RESTARTS IP NODE AGE (IP, NODE optional). */
export const podRenderer: Renderer<PodObject> = {
  columns: [
    { name: 'NAME', flex: true },
    { name: 'READY' },
    { name: 'STATUS' },
    { name: 'RESTARTS' },
    { name: 'IP', optional: true },
    { name: 'NODE', optional: true },
    { name: 'AGE' },
  ],
  cells(pod, now) {
    // The server printer's cells: name, ready, status, restarts, age, ip, node, nominated node, readiness gates.
    const c = podPrinter.cells(pod, now);
    return [cell(c[0]), cell(c[1]), cell(c[2]), cell(c[3]), cell(c[5]), cell(c[6]), cell(c[4])];
  },
  status: (pod, now) => podStatus(pod, now).status,
};
