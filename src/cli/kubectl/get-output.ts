/**
 * The printers of `kubectl get`: the human-readable table (cli-runtime's HumanReadablePrinter fed server-side
 * Tables, with kubectl's decorations: NAMESPACE, `kind/` prefixes, -L label columns, LABELS), the tabwriter it
 * writes through, and the generic printers (json, yaml, name, jsonpath, custom-columns) of printGeneric.
 */
import { tabwrite } from '../../api/describe/tabwriter.js';
import { withoutManagedFields } from '../../client/informer.js';
import { goJSON } from './go-json.js';

/** TableColumn is one of a server-side Table's columnDefinitions. */
export interface TableColumn {
  name: string;
  type?: string;
  format?: string;
  priority?: number;
}

/** ObjectMeta is what the printers read of an object: its names and labels. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
}

/** TableRow is one row of a Table; `object` is the row's object (PartialObjectMetadata, or all of it). */
export interface TableRow {
  cells: unknown[];
  object?: { metadata?: ObjectMeta } & Record<string, unknown>;
}

/** Table is a server-side meta.k8s.io/v1 Table. */
export interface Table {
  kind?: string;
  columnDefinitions?: TableColumn[] | null;
  rows?: TableRow[] | null;
  metadata?: { continue?: string; resourceVersion?: string };
}

/**
 * TabWriter is cli-runtime's GetNewTabWriter (liggitt/tabwriter: minwidth 6, padding 3, RememberWidths): text is
 * buffered until flush, which aligns it; the widths each column reached stay the least width of later flushes (so
 * the rows `get -w` prints one event at a time line up under the first table) until resetWidths.
 */
export class TabWriter {
  private text = '';
  private widths: number[] = [];
  write(s: string): void {
    this.text += s;
  }
  flush(): string {
    const t = this.text;
    this.text = '';
    return t ? tabwrite(t, 6, 3, this.widths) : '';
  }
  resetWidths(): void {
    this.widths = [];
  }
}

/** HumanOptions are the PrintOptions kubectl gives the human-readable printer of one kind. */
export interface HumanOptions {
  wide: boolean;
  noHeaders: boolean;
  withNamespace: boolean;
  /** The `kind/` prefix of the name column (`deployment.apps`), when kinds are shown. */
  kindPrefix?: string;
  labelColumns: string[];
  showLabels: boolean;
}

/** cellText formats a Table cell as kubectl's printer does (strings cut at a line break, Go's %v for the rest). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    const cut = v.search(/[\f\n\r]/);
    const s = cut >= 0 ? `${v.slice(0, cut)}...` : v;
    return s.replace(/\x1b/g, '^[');
  }
  if (typeof v === 'number' && !Number.isInteger(v)) {
    // Go's %v for a float64: the shortest form, exponent from 1e-4 below and 1e21 up, at least two exponent digits.
    const exp = Math.floor(Math.log10(Math.abs(v)));
    if (v !== 0 && (exp < -4 || exp >= 21)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
    return String(v);
  }
  return String(v);
}

/** labelsText is labels.FormatLabels: the pairs sorted by key, comma separated, or `<none>`. */
export const labelsText = (labels: Record<string, string> | undefined) =>
  labels && Object.keys(labels).length ? Object.entries(labels).map(([k, v]) => `${k}=${v}`).sort().join(',') : '<none>';

/** labelHeader is a -L column's header: the key's last `/` part, upper-cased. */
const labelHeader = (key: string) => key.split('/').at(-1)!.toUpperCase();

const sameColumns = (a: TableColumn[] | undefined, b: TableColumn[] | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * HumanPrinter is cli-runtime's HumanReadablePrinter for server-side Tables: a header only before the first rows
 * with new column definitions (so pages, named objects and watch events of one kind share one), then the visible
 * cells of each row, decorated as decorateTable does. print answers the tab-separated lines for a TabWriter.
 */
export class HumanPrinter {
  private lastColumns: TableColumn[] | undefined;
  private printedHeaders = false;
  constructor(private readonly opts: HumanOptions) {}

  print(table: Table): string {
    let noHeaders = this.opts.noHeaders;
    const defs = table.columnDefinitions?.length ? table.columnDefinitions : undefined;
    if (this.printedHeaders && (!defs || sameColumns(defs, this.lastColumns))) noHeaders = true;
    // Watch events after the first carry no columns: they are laid out with the last ones.
    const columns = defs ?? this.lastColumns ?? [];
    if (defs && !sameColumns(defs, this.lastColumns)) {
      this.lastColumns = defs;
      this.printedHeaders = false;
    }
    const rows = table.rows ?? [];
    if (rows.length) this.printedHeaders = true;
    if (!rows.length && !noHeaders) return '';
    const o = this.opts;
    const shown = columns.map((c, i) => ({ c, i })).filter(({ c }) => o.wide || !c.priority);
    const nameCol = o.kindPrefix ? columns.findIndex((c) => c.format === 'name' && c.type === 'string') : -1;
    const lines: string[] = [];
    if (!noHeaders) {
      lines.push(
        [
          ...(o.withNamespace ? ['NAMESPACE'] : []),
          ...shown.map(({ c }) => c.name.toUpperCase()),
          ...o.labelColumns.map(labelHeader),
          ...(o.showLabels ? ['LABELS'] : []),
        ].join('\t'),
      );
    }
    for (const r of rows) {
      const meta = r.object?.metadata;
      const cells = shown.map(({ i }) => {
        const t = cellText(r.cells[i]);
        return i === nameCol ? `${o.kindPrefix}/${t}` : t;
      });
      // A row without an object gets empty label cells; a missing label is an empty cell.
      const labels = meta ? [...o.labelColumns.map((k) => meta.labels?.[k] ?? ''), ...(o.showLabels ? [labelsText(meta.labels)] : [])] : [...o.labelColumns.map(() => ''), ...(o.showLabels ? [''] : [])];
      lines.push([...(o.withNamespace ? [meta?.namespace ?? ''] : []), ...cells, ...labels].join('\t'));
    }
    return lines.map((l) => `${l}\n`).join('');
  }
}

/** Obj is an object as the generic printers see it (unstructured JSON). */
export type Obj = Record<string, unknown> & { metadata?: Record<string, unknown> };

/** listOf is printGeneric's List of several objects (or none): apiVersion v1, an empty resourceVersion. */
export const listOf = (items: Obj[]): Obj => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });

/** nameOf is the name printer's `kind.group/name` of an object, from its apiVersion and kind. */
export function nameOf(o: Obj): string {
  const apiVersion = String(o.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = String(o.kind ?? '').toLowerCase();
  return `${group ? `${kind}.${group}` : kind}/${String(o.metadata?.name ?? '')}`;
}

/** stripManagedFields drops managedFields from an object or a List's items, as the json and yaml printers do. */
export const stripManagedFields = (o: Obj): Obj => (Array.isArray(o.items) ? { ...o, items: (o.items as Obj[]).map(withoutManagedFields) } : withoutManagedFields(o));

/** jsonText is the JSON printer's text of what get prints: the object or List, managedFields dropped. */
export const jsonText = (data: Obj): string => `${goJSON(stripManagedFields(data))}\n`;

/**
 * klogFatal is the line klog.Exitf writes before kubectl exits: `F` and the local date and time to the
 * microsecond, the pid seven wide, the source location, the message.
 */
export function klogFatal(now: number, location: string, message: string): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `F${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)} ${String(process.pid).padStart(7)} ${location}] ${message}\n`;
}
