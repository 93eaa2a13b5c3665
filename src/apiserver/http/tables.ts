import type { KubeObject } from '../../api/types.js';
import type { KindInfo } from '../../api/kinds.js';

/** wantsTable tells whether an Accept header asks for a meta.k8s.io Table (kubectl get does). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const p = part.toLowerCase();
    return p.includes('as=table') && p.includes('g=meta.k8s.io');
  });
}

/** IncludeObject is the includeObject query parameter: what each row's `object` carries. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(o: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  const { managedFields: _m, ...metadata } = o.metadata;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

/** toTable renders objects as a server-side Table with the kind's printer columns. */
export function toTable(k: KindInfo, items: KubeObject[], meta: Record<string, unknown>, now: number, include: IncludeObject, withColumns = true) {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    columnDefinitions: withColumns ? k.printer.columns : null,
    rows: items.map((o) => {
      const row: Record<string, unknown> = { cells: k.printer.cells(o, now) };
      const obj = rowObject(o, include);
      if (obj) row.object = obj;
      return row;
    }),
  };
}
