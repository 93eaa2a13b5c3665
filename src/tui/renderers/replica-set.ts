import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../api/types.js';
import { replicaSetPrinter } from '../../api/printers/apps.js';
import { type Renderer, cell } from './renderer.js';

type ReplicaSetObject = ReplicaSet & KubeObject;

/** replicaSetRenderer renders ReplicaSets: NAME DESIRED CURRENT READY AGE (CURRENT, AGE optional). */
export const replicaSetRenderer: Renderer<ReplicaSetObject> = {
  columns: [
    { name: 'NAME', flex: true },
    { name: 'DESIRED' },
    { name: 'CURRENT', optional: true },
    { name: 'READY' },
    { name: 'AGE', optional: true },
  ],
  cells(rs, now) {
    const c = replicaSetPrinter.cells(rs, now);
    return [cell(c[0]), cell(c[1]), cell(c[2]), cell(c[3]), cell(c[4])];
  },
  status(rs) {
    if (rs.metadata.deletionTimestamp) return 'Terminating';
    const desired = rs.spec?.replicas ?? 1;
    const ready = rs.status?.readyReplicas ?? 0;
    const current = rs.status?.replicas ?? 0;
    return ready === desired && current === desired ? 'Ready' : 'Progressing';
  },
};
