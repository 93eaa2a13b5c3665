import { KINDS, resolveResource, type KindInfo } from '../../api/kinds.js';
import { alignTabs } from '../../api/describe/tabwriter.js';
import { resourcePath, type HttpClient } from '../../client/http-client.js';

import type { Command, IO } from './command.js';
import { errorLine } from './errors.js';
import { kindPrefix } from './targets.js';

/** GetOptions are the `kubectl get` flags the built-in understands. */
export interface GetOptions {
  namespace: string;
  allNamespaces: boolean;
  selector?: string;
  output?: '' | 'wide' | 'name' | 'json';
  showLabels: boolean;
  noHeaders: boolean;
}

/** The Accept header kubectl sends for human-readable output: server-side Tables. */
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

interface TableColumn {
  name: string;
  priority?: number;
  type?: string;
  format?: string;
}
interface TableRow {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}
interface Table {
  columnDefinitions?: TableColumn[];
  rows?: TableRow[];
  metadata?: { continue?: string };
}

/** cellText formats a Table cell as kubectl's printer does (strings cut at a line break, Go's %v for the rest). */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    const cut = v.search(/[\f\n\r]/);
    const s = cut >= 0 ? `${v.slice(0, cut)}...` : v;
    return s.replace(/\x1b/g, '^[');
  }
  if (typeof v === 'number' && !Number.isInteger(v)) {
    // Go's %v for a float64: the shortest form, exponent from 1e-4 below and 1e6 up, at least two exponent digits.
    const exp = Math.floor(Math.log10(Math.abs(v)));
    if (v !== 0 && (exp < -4 || exp >= 21)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
    return String(v);
  }
  return String(v);
}

/** labelsText is `--show-labels`' cell: the pairs sorted as whole strings, comma separated, or `<none>`. */
const labelsText = (labels: Record<string, string> | undefined) =>
  labels && Object.keys(labels).length ? Object.entries(labels).map(([k, v]) => `${k}=${v}`).sort().join(',') : '<none>';


/** getCommand is `kubectl get`, with the flags the built-in prints as kubectl does. */
export const getCommand: Command = {
  flags: {
    '--all-namespaces': ['bool', '-A'],
    '--selector': ['value', '-l'],
    '--output': ['value', '-o'],
    '--show-labels': ['bool'],
    '--no-headers': ['bool'],
  },
  async run(ctx) {
    const output = ctx.flags.str('--output');
    if (output !== undefined && output !== 'wide' && output !== 'name' && output !== 'json') return undefined;
    if ((output === 'name' || output === 'json') && ctx.flags.bool('--show-labels')) return undefined;
    const conn = await ctx.connect();
    return get(
      conn.client,
      ctx.args,
      {
        namespace: conn.namespace,
        allNamespaces: ctx.flags.bool('--all-namespaces'),
        selector: ctx.flags.str('--selector'),
        output: output ?? '',
        showLabels: ctx.flags.bool('--show-labels'),
        noHeaders: ctx.flags.bool('--no-headers'),
      },
      ctx.io,
    );
  },
};

/**
 * get is `kubectl get TYPE[,TYPE...] [NAME...]` for the default and wide tables and `-o name`: it asks the server
 * for Tables (kubectl's Accept header, pages of 500), prints them through Go tabwriter's layout (minwidth 6, padding
 * 3), with NAMESPACE first for -A, LABELS last for --show-labels, `kind/` prefixes when several kinds are listed,
 * a blank line between kinds, "No resources found ..." on stderr when nothing was printed, and errors worded as
 * kubectl words them after what could be printed. The answer is the exit code.
 */
export async function get(client: HttpClient, resources: string[], opts: GetOptions, io: IO): Promise<number> {
  const [typeArg, ...names] = resources;
  if (!typeArg) {
    io.err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n');
    return 1;
  }
  const kinds: KindInfo[] = [];
  for (const t of typeArg.split(',')) {
    const k = resolveResource(t);
    // A category (`all`) stands for its kinds, in discovery order.
    const category = k ? [] : KINDS.filter((c) => c.categories.includes(t.toLowerCase()));
    if (category.length) {
      for (const c of category) if (!kinds.includes(c)) kinds.push(c);
      continue;
    }
    if (!k) {
      io.err(`error: the server doesn't have a resource type "${t}"\n`);
      return 1;
    }
    if (!kinds.includes(k)) kinds.push(k);
  }
  if (names.length && opts.allNamespaces) {
    io.err('error: a resource cannot be retrieved by name across all namespaces\n');
    return 1;
  }
  if (opts.output === 'json') return getJSON(client, kinds, names, opts, io);
  const multi = kinds.length > 1;
  const errors: string[] = [];
  let written = 0;
  let allNamespaced = !opts.allNamespaces;
  const write = (text: string) => {
    if (!text) return;
    io.out(text);
    written += text.length;
  };
  for (const [i, k] of kinds.entries()) {
    allNamespaced &&= k.namespaced;
    const tables = await fetch<Table>(client, k, names, opts, errors, TABLE_ACCEPT);
    const text = opts.output === 'name' ? names_(k, tables) : table(k, tables, opts, multi, opts.allNamespaces && k.namespaced);
    // One blank line before each later kind that prints anything (never with --no-headers).
    if (text && i > 0 && written > 0 && !opts.noHeaders && opts.output !== 'name') write('\n');
    write(text);
  }
  if (!errors.length && written === 0 && opts.output !== 'name') io.err(allNamespaced ? `No resources found in ${opts.namespace} namespace.\n` : 'No resources found\n');
  for (const e of errors) io.err(`${e}\n`);
  return errors.length ? 1 : 0;
}

/**
 * goJSON writes a value as kubectl's JSON printer does (Go's json.MarshalIndent of unstructured data): object keys
 * sorted at every level, four-space indent, and Go's escapes of <, >, & and the line/paragraph separators.
 */
export function goJSON(v: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sorted((x as Record<string, unknown>)[k])]));
    return x;
  };
  // These characters only occur inside strings in JSON text, so replacing them everywhere escapes exactly them.
  return JSON.stringify(sorted(v), null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

type Obj = Record<string, unknown> & { metadata?: Record<string, unknown> };

/** withoutManagedFields drops metadata.managedFields, as kubectl's printers do without --show-managed-fields. */
function withoutManagedFields(o: Obj): Obj {
  if (!o.metadata || !('managedFields' in o.metadata)) return o;
  const { managedFields: _drop, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/**
 * getJSON is `-o json`: one object as it is when one was named, else every object (all pages, all kinds) in a
 * `List` (apiVersion v1, resourceVersion ""), items given the kind and apiVersion of their list.
 */
async function getJSON(client: HttpClient, kinds: KindInfo[], names: string[], opts: GetOptions, io: IO): Promise<number> {
  const errors: string[] = [];
  const items: Obj[] = [];
  for (const k of kinds) {
    type List = { apiVersion?: string; kind?: string; items?: Obj[] };
    const got = await fetch<Obj & List>(client, k, names, opts, errors);
    if (names.length) items.push(...got);
    else
      for (const list of got) {
        const kind = list.kind?.replace(/List$/, '');
        for (const it of list.items ?? []) items.push({ ...it, kind: it.kind ?? kind, apiVersion: it.apiVersion ?? list.apiVersion });
      }
  }
  const single = kinds.length === 1 && names.length === 1;
  if (single && items.length === 1) io.out(`${goJSON(withoutManagedFields(items[0]!))}\n`);
  else if (!single || items.length) io.out(`${goJSON({ apiVersion: 'v1', items: items.map(withoutManagedFields), kind: 'List', metadata: { resourceVersion: '' } })}\n`);
  for (const e of errors) io.err(`${e}\n`);
  return errors.length ? 1 : 0;
}

/**
 * fetch reads what `get` prints of one kind: each named object (a failure is noted in errors, the others still
 * read), or every page of the list (pages of 500, kubectl's query: keys sorted), with the given Accept header.
 */
async function fetch<T extends { metadata?: { continue?: string } }>(client: HttpClient, k: KindInfo, names: string[], opts: GetOptions, errors: string[], accept?: string): Promise<T[]> {
  const ns = k.namespaced && !opts.allNamespaces ? opts.namespace : undefined;
  const out: T[] = [];
  if (names.length) {
    for (const n of names) {
      try {
        out.push(await client.request<T>('GET', resourcePath(k, ns, n), undefined, undefined, accept));
      } catch (err) {
        errors.push(errorLine(err));
      }
    }
    return out;
  }
  let cont: string | undefined;
  try {
    do {
      const q = new URLSearchParams();
      if (cont) q.set('continue', cont);
      if (opts.selector) q.set('labelSelector', opts.selector);
      q.set('limit', '500');
      q.sort();
      const page = await client.request<T>('GET', `${resourcePath(k, ns)}?${q}`, undefined, undefined, accept);
      out.push(page);
      cont = page.metadata?.continue || undefined;
    } while (cont);
  } catch (err) {
    errors.push(errorLine(err));
  }
  return out;
}

function names_(k: KindInfo, tables: Table[]): string {
  return tables.flatMap((t) => t.rows ?? []).map((r) => `${kindPrefix(k)}/${r.object?.metadata?.name ?? '<unknown>'}\n`).join('');
}

/** table lays out one kind's Tables (all its pages) as one block: one header, shared column widths. */
function table(k: KindInfo, tables: Table[], opts: GetOptions, multi: boolean, withNamespace: boolean): string {
  const cols = tables.find((t) => t.columnDefinitions?.length)?.columnDefinitions ?? [];
  const shown = cols.map((c, i) => ({ c, i })).filter(({ c }) => opts.output === 'wide' || !c.priority);
  const nameCol = shown.find(({ c }) => c.format === 'name' && c.type === 'string')?.i;
  const lines: string[] = [];
  const rows = tables.flatMap((t) => t.rows ?? []);
  if (!rows.length) return '';
  if (!opts.noHeaders) {
    const head = shown.map(({ c }) => c.name.toUpperCase());
    lines.push([...(withNamespace ? ['NAMESPACE'] : []), ...head, ...(opts.showLabels ? ['LABELS'] : [])].join('\t'));
  }
  for (const r of rows) {
    const cells = shown.map(({ i }) => {
      const t = cellText(r.cells[i]);
      return multi && i === nameCol ? `${kindPrefix(k)}/${t}` : t;
    });
    lines.push([...(withNamespace ? [r.object?.metadata?.namespace ?? ''] : []), ...cells, ...(opts.showLabels ? [labelsText(r.object?.metadata?.labels)] : [])].join('\t'));
  }
  return `${alignTabs(lines.join('\n'), 3, 6)}\n`;
}
