import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types.js';
import { namespacePrinter } from '../../api/printers/core.js';
import { type Renderer, cell } from './renderer.js';

type NamespaceObject = Namespace & KubeObject;

/** namespaceRenderer renders namespaces for the narrow namespaces pane: NAME STATUS. */
export const namespaceRenderer: Renderer<NamespaceObject> = {
  columns: [{ name: 'NAME', flex: true }, { name: 'STATUS' }],
  cells(ns, now) {
    const c = namespacePrinter.cells(ns, now);
    return [cell(c[0]), cell(c[1])];
  },
  status(ns) {
    if (ns.metadata.deletionTimestamp) return 'Terminating';
    return ns.status?.phase ?? 'Active';
  },
};
