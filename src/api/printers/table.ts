import type { KubeObject } from '../types.js';
import { since } from './duration.js';

/** ColumnDefinition is one column of a server-side Table, as meta.k8s.io/v1 describes it. */
export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

/** Cell is one cell of a Table row. */
export type Cell = string | number | boolean;

/** Printer turns objects of one kind into Table rows: the columns kube-apiserver prints for it. */
export interface Printer<T = KubeObject> {
  columns: ColumnDefinition[];
  /** The row's cells, wide columns included (kubectl hides priority > 0 unless -o wide). */
  cells(obj: T, now: number): Cell[];
}

/** col builds a column definition; priority 1 marks a wide-only column. */
export function col(
  name: string,
  description: string,
  opts: { type?: ColumnDefinition['type']; format?: string; priority?: number } = {},
): ColumnDefinition {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** nameColumn and ageColumn are the two columns every kind's table has. */
export const nameColumn = col('Name', NAME_DESCRIPTION, { format: 'name' });
export const ageColumn = col('Age', AGE_DESCRIPTION);

/** defaultPrinter is the NAME/AGE table kube-apiserver serves for kinds without a printer of their own. */
export const defaultPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  cells: (obj, now) => [obj.metadata.name ?? '', sinceOf(obj, now)],
};

/** sinceOf is the AGE cell of an object. */
export function sinceOf(obj: KubeObject, now: number): string {
  return since(obj.metadata.creationTimestamp, now);
}

/**
 * createdAtPrinter is the table kube-apiserver's default table convertor serves for built-in kinds that have no
 * printer in pkg/printers (roles, clusterroles, limitranges): NAME and CREATED AT, an RFC 3339 date.
 */
export const createdAtPrinter: Printer = {
  columns: [nameColumn, col('Created At', AGE_DESCRIPTION, { type: 'date' })],
  cells(obj) {
    const t = Date.parse(obj.metadata.creationTimestamp ?? '');
    // A zero Go time prints as year 1, as metav1.Time does.
    const at = Number.isNaN(t) ? '0001-01-01T00:00:00Z' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return [obj.metadata.name ?? '', at];
  },
};

/** formatLabels prints a label map like apimachinery's labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
}

/** boolPtr prints an optional boolean as printers.go's printBoolPtr does: True, False or `<unset>`. */
export function boolPtr(v: boolean | undefined | null): string {
  return v === undefined || v === null ? '<unset>' : v ? 'True' : 'False';
}

/** intOrString prints an IntOrString the way its Go String() does. */
export function intOrString(v: number | string | undefined | null): string {
  return v === undefined || v === null ? '' : String(v);
}
