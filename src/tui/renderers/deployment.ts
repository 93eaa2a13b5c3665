import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../api/types.js';
import { deploymentPrinter } from '../../api/printers/apps.js';
import { type Renderer, cell } from './renderer.js';

type DeploymentObject = Deployment & KubeObject;

/** deploymentRenderer renders Deployments: NAME READY UP-TO-DATE AVAILABLE AGE (UP-TO-DATE, AGE optional). */
export const deploymentRenderer: Renderer<DeploymentObject> = {
  columns: [
    { name: 'NAME', flex: true },
    { name: 'READY' },
    { name: 'UP-TO-DATE', optional: true },
    { name: 'AVAILABLE' },
    { name: 'AGE', optional: true },
  ],
  cells(d, now) {
    const c = deploymentPrinter.cells(d, now);
    return [cell(c[0]), cell(c[1]), cell(c[2]), cell(c[3]), cell(c[4])];
  },
  status(d) {
    if (d.metadata.deletionTimestamp) return 'Terminating';
    const desired = d.spec?.replicas ?? 1;
    const ready = d.status?.readyReplicas ?? 0;
    const available = d.status?.availableReplicas ?? 0;
    return ready === desired && available === desired ? 'Ready' : 'Progressing';
  },
};
