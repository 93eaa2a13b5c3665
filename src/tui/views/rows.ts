import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { parseLabelSelector, fromLabelSelector } from '../../api/selectors.js';
import type { ViewSpec } from '../commands.js';
import { inNamespace } from '../data.js';
import type { ViewData } from '../hooks/use-view-data.js';
import { printedRenderer } from '../renderers/printed.js';
import type { Renderer } from '../renderers/renderer.js';
import { containerRenderer, containerRows, type ContainerRow } from '../renderers/container.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { SortSpec } from '../state.js';

/** viewTitle is a kind's plural as k9s titles it: Pods, ConfigMaps, Ingresses, NetworkPolicies, Endpoints. */
export function viewTitle(kind: KindInfo): string {
  const k = kind.kind;
  if (k === 'Endpoints') return k;
  if (k.endsWith('y')) return `${k.slice(0, -1)}ies`;
  if (k.endsWith('s')) return `${k}es`;
  return `${k}s`;
}

/** viewRows applies a view's namespace, labels and text filter to its objects, in display order. */
export function viewRows(
  spec: ViewSpec,
  data: ViewData,
  ns: string | undefined,
  now: number,
  serviceOf: (key: string) => KubeObject | undefined,
  wide = false,
): { items: KubeObject[]; renderer: Renderer } {
  const parent = spec.parent;
  if (spec.containers && parent) {
    const pod = data.informer.get(`${parent.namespace}/${parent.name}`) as (Pod & KubeObject) | undefined;
    let rows: KubeObject[] = pod ? containerRows(pod) : [];
    if (spec.filter) {
      const term = spec.filter.toLowerCase();
      rows = rows.filter((o) => containerRenderer.cells(o as ContainerRow, now).join(' ').toLowerCase().includes(term) !== !!spec.invert);
    }
    return { items: rows, renderer: containerRenderer as unknown as Renderer };
  }
  // A drilled-down view shows its parent's namespace (a node's pods: every namespace), whatever the current one.
  if (parent) ns = parent.kind === 'Node' || !parent.namespace ? undefined : parent.namespace;
  const renderer = printedRenderer(spec.kind, ns === undefined, wide);
  let items = inNamespace(data.deltas.withGhosts(data.informer.list()), spec.kind.namespaced ? ns : undefined);
  if (parent && spec.kind.kind === 'Event') {
    // An object's own events: those whose involvedObject is it (as kubectl describe finds them).
    items = items.filter((o) => {
      const io = (o as KubeObject & { involvedObject?: { kind?: string; name?: string; namespace?: string } }).involvedObject;
      return io?.kind === parent.kind && io.name === parent.name && (io.namespace ?? '') === parent.namespace;
    });
  } else if (parent?.kind === 'Node') items = items.filter((o) => (o.spec as { nodeName?: string } | undefined)?.nodeName === parent.name);
  else if (parent?.kind === 'Service') {
    const selector = (serviceOf(`${parent.namespace}/${parent.name}`)?.spec as { selector?: Record<string, string> } | undefined)?.selector;
    const sel = selector && Object.keys(selector).length ? fromLabelSelector({ matchLabels: selector }) : undefined;
    items = sel ? items.filter((o) => sel.matches(o.metadata.labels)) : [];
  } else if (parent) {
    items = items.filter((o) => {
      const ref = o.metadata.ownerReferences?.find((r) => r.controller);
      return ref?.kind === parent.kind && ref.name === parent.name;
    });
  }
  if (spec.labels) {
    const sel = parseLabelSelector(spec.labels);
    items = items.filter((o) => sel.matches(o.metadata.labels));
  }
  if (spec.filter) {
    const term = spec.filter.toLowerCase();
    items = items.filter((o) => renderer.cells(o, now).join(' ').toLowerCase().includes(term) !== !!spec.invert);
  }
  return { items, renderer };
}

/**
 * sortRows orders rows as the user asked (shift-n name, shift-a age with the youngest first, shift-s status); ties
 * keep the namespace/name order they came in.
 */
export function sortRows<T extends KubeObject>(items: T[], sort: SortSpec | undefined, status: (o: T) => string): T[] {
  if (!sort) return items;
  const key = (o: T): string | number =>
    sort.by === 'name' ? (o.metadata.name ?? '') : sort.by === 'age' ? -Date.parse(o.metadata.creationTimestamp ?? '') || 0 : status(o);
  const dir = sort.reverse ? -1 : 1;
  return items
    .map((o, i) => ({ o, i, k: key(o) }))
    .sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i))
    .map((x) => x.o);
}

/** sortLabel is the title mark of a sort: `↑name`, `↓age`. */
export function sortLabel(sort: SortSpec | undefined): string {
  return sort ? ` ${sort.reverse ? '↓' : '↑'}${sort.by}` : '';
}

