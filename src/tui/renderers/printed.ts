import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { cell, withNamespace, type Renderer } from './renderer.js';

/**
 * printedRenderer shows any kind with kubectl's own columns: the API's table printer for that kind (the one
 * `kubectl get` prints through), with the wide-only columns only when asked (ctrl-w, `-o wide`). The row's status is its STATUS (or TYPE) cell.
 */
export function printedRenderer(kind: KindInfo, allNamespaces: boolean, wide = false): Renderer {
  const shown = kind.printer.columns.map((c, i) => ({ c, i })).filter(({ c }) => wide || (c.priority ?? 0) === 0);
  const statusAt = shown.findIndex(({ c }) => /^(status|type|phase)$/i.test(c.name));
  const r: Renderer = {
    columns: shown.map(({ c }, j) => ({
      name: c.name.toUpperCase(),
      flex: j === 0,
      optional: j > 0 && j < shown.length - 1 && shown.length > 4,
      elastic: /^(message|description)$/i.test(c.name),
    })),
    cells: (obj: KubeObject, now: number) => {
      const all = kind.printer.cells(obj, now);
      return shown.map(({ i }) => cell(all[i] as string | number | boolean | undefined));
    },
    status: (obj: KubeObject, now: number) => (statusAt < 0 ? 'Normal' : r.cells(obj, now)[statusAt] ?? 'Normal'),
  };
  return allNamespaces && kind.namespaced ? withNamespace(r) : r;
}
