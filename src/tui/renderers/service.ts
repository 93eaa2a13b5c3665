import type { Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types.js';
import { servicePrinter } from '../../api/printers/core.js';
import { type Renderer, cell } from './renderer.js';

type ServiceObject = Service & KubeObject;

/** serviceRenderer renders Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (EXTERNAL-IP optional). */
export const serviceRenderer: Renderer<ServiceObject> = {
  columns: [
    { name: 'NAME', flex: true },
    { name: 'TYPE' },
    { name: 'CLUSTER-IP' },
    { name: 'EXTERNAL-IP', optional: true },
    { name: 'PORT(S)' },
    { name: 'AGE' },
  ],
  cells(svc, now) {
    const c = servicePrinter.cells(svc, now);
    return [cell(c[0]), cell(c[1]), cell(c[2]), cell(c[3]), cell(c[4]), cell(c[5])];
  },
  status(svc) {
    if (svc.metadata.deletionTimestamp) return 'Terminating';
    // A LoadBalancer still waiting for its address is the one service state worth a colour.
    return svc.spec?.type === 'LoadBalancer' && !svc.status?.loadBalancer?.ingress?.length ? 'Pending' : 'Active';
  },
};
