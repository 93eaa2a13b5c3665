import { readFileSync } from 'node:fs';
import { KINDS, resolveResource, type KindInfo } from '../../api/kinds.js';
import { ApiError } from '../../api/api-error.js';
import { resourcePath, type HttpClient } from '../../client/http-client.js';

import type { Command, IO } from './command.js';
import { errorLine } from './errors.js';
import { kindOf as typeKind, kindPrefix, resourceArgs } from './targets.js';
/**
 * The output formats beyond the tables (YAML, jsonpath, custom columns, sorting) are loaded only when asked for:
 * `kubectl get pods` is timed against kubectl's own start-up, and these modules are a third of get's loading.
 */
type Formats = typeof import('./get-formats.js');
let F: Formats;
const loadFormats = async () => (F ??= await import('./get-formats.js'));
/** isFormatError tells whether an error is one of the format modules' (false when they were never loaded). */
function isFormatError<K extends 'SortError' | 'CustomColumnsError' | 'JSONPathError' | 'YAMLError'>(e: unknown, name: K): e is InstanceType<Formats[K]> {
  return F !== undefined && e instanceof F[name];
}

import { HumanPrinter, jsonText, klogFatal, listOf, nameOf, stripManagedFields, TabWriter, type Obj, type Table } from './get-output.js';

/** GetOptions are the `kubectl get` flags the built-in understands. */
export interface GetOptions {
  namespace: string;
  allNamespaces: boolean;
  selector?: string;
  fieldSelector?: string;
  /** The -o value as given ('' for the default table). */
  output: string;
  showLabels: boolean;
  noHeaders: boolean;
  labelColumns: string[];
  showKind: boolean;
  sortBy?: string;
  ignoreNotFound: boolean;
  /** Page size (--chunk-size); 0 asks for everything at once. */
  chunkSize: number;
  watch: boolean;
  watchOnly: boolean;
  /** The wall clock (for klog's time stamp). */
  now: () => number;
}

/** The Accept header kubectl sends for human-readable output: server-side Tables. */
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** The formats kubectl's `get` lists when -o names none of them (kyaml unless KUBECTL_KYAML=false). */
const allowedFormats = () =>
  [
    'json',
    'yaml',
    ...(process.env.KUBECTL_KYAML?.toLowerCase() !== 'false' ? ['kyaml'] : []),
    'name',
    'go-template',
    'go-template-file',
    'template',
    'templatefile',
    'jsonpath',
    'jsonpath-as-json',
    'jsonpath-file',
    'custom-columns',
    'custom-columns-file',
    'wide',
  ].sort();

/**
 * Printer is what -o asks for, read as kubectl's PrintFlags.ToPrinter reads it (jsonpath formats first, then json
 * and yaml in any case, the table, custom columns, name); `error` is a format kubectl refuses, after fetching.
 */
type Printer =
  | { type: 'table'; wide: boolean }
  | { type: 'json' | 'yaml' | 'name' }
  | { type: 'jsonpath'; template: string; asJSON: boolean; file?: string }
  | { type: 'custom-columns'; spec: string }
  | { type: 'custom-columns-file'; file: string }
  | { type: 'error'; message: string };

/** printerFor reads -o; undefined for the formats not built in (Go templates, kyaml). */
function printerFor(output: string): Printer | undefined {
  for (const f of ['jsonpath', 'jsonpath-file', 'jsonpath-as-json']) {
    if (output !== f && !output.startsWith(`${f}=`)) continue;
    const value = output.slice(f.length + 1);
    if (!value) return { type: 'error', message: F.NO_TEMPLATE_ERROR };
    return f === 'jsonpath-file' ? { type: 'jsonpath', template: '', asJSON: false, file: value } : { type: 'jsonpath', template: value, asJSON: f === 'jsonpath-as-json' };
  }
  if (/^(go-template|go-template-file|template|templatefile)(=|$)/.test(output)) return undefined;
  const lower = output.toLowerCase();
  if (lower === 'json' || lower === 'yaml') return { type: lower };
  if (lower === 'kyaml') return undefined;
  if (output === '' || output === 'wide') return { type: 'table', wide: output === 'wide' };
  for (const f of ['custom-columns', 'custom-columns-file'] as const) {
    if (output !== f && !output.startsWith(`${f}=`)) continue;
    const value = output.slice(f.length + 1);
    if (!value) return { type: 'error', message: F.NO_COLUMNS_ERROR };
    return f === 'custom-columns' ? { type: f, spec: value } : { type: f, file: value };
  }
  if (lower === 'name') return { type: 'name' };
  return { type: 'error', message: `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${allowedFormats().join(',')}` };
}

/** getCommand is `kubectl get`, with the flags the built-in prints as kubectl does. */
export const getCommand: Command = {
  flags: {
    '--all-namespaces': ['bool', '-A'],
    '--selector': ['value', '-l'],
    '--field-selector': ['value'],
    '--output': ['value', '-o'],
    '--show-labels': ['bool'],
    '--no-headers': ['bool'],
    '--label-columns': ['list', '-L'],
    '--show-kind': ['bool'],
    '--sort-by': ['value'],
    '--ignore-not-found': ['bool'],
    '--chunk-size': ['value'],
    '--watch': ['bool', '-w'],
    '--watch-only': ['bool'],
  },
  async run(ctx) {
    const f = ctx.flags;
    const output = f.str('--output') ?? '';
    if ((output !== '' && output !== 'wide') || f.has('--sort-by')) await loadFormats();
    const chunk = f.str('--chunk-size') ?? '500';
    if (!/^-?\d+$/.test(chunk)) return undefined;
    // pflag's StringSlice reads each -L as CSV.
    const labelColumns = f.list('--label-columns').flatMap((v) => (v.includes('"') ? [null] : v.split(',')));
    if (labelColumns.includes(null)) return undefined;
    const opts: GetOptions = {
      namespace: '',
      allNamespaces: f.bool('--all-namespaces'),
      selector: f.str('--selector')?.trim() || undefined,
      fieldSelector: f.str('--field-selector')?.trim() || undefined,
      output,
      showLabels: f.bool('--show-labels'),
      noHeaders: f.bool('--no-headers'),
      labelColumns: labelColumns as string[],
      showKind: f.bool('--show-kind'),
      sortBy: f.str('--sort-by') || undefined,
      ignoreNotFound: f.bool('--ignore-not-found'),
      chunkSize: Number(chunk),
      watch: f.bool('--watch'),
      watchOnly: f.bool('--watch-only'),
      now: ctx.now,
    };
    const printer = printerFor(output);
    if (!printer) return undefined;
    if ((opts.watch || opts.watchOnly) && (printer.type !== 'table' || !ctx.args.length)) return undefined;
    const conn = await ctx.connect();
    opts.namespace = conn.namespace;
    return get(conn.client, ctx.args, opts, ctx.io, printer);
  },
};

/** Request is one thing get reads: every object of a kind (no name), or one named object. */
interface Request {
  kind: KindInfo;
  name?: string;
}

/**
 * requests reads get's resource arguments as kubectl's builder does: `TYPE[,TYPE...] [NAME...]` (a category such
 * as `all` standing for its kinds, in discovery order) or `TYPE/NAME...`, kind by kind then name by name. Throws
 * kubectl's error for an unknown type or a selector given with names.
 */
function requests(args: string[], opts: GetOptions): { reqs: Request[]; single: boolean } {
  const kindOf = (t: string): KindInfo[] => {
    const k = resolveResource(t);
    if (k) return [k];
    const category = KINDS.filter((c) => c.categories.includes(t.toLowerCase()));
    if (category.length) return category;
    throw new Error(`the server doesn't have a resource type "${t}"`);
  };
  const selector = opts.selector !== undefined || opts.fieldSelector !== undefined;
  const r = resourceArgs(args);
  if ('pairs' in r) {
    // The builder refuses a selector with TYPE/NAME before it looks any type up.
    if (selector) throw new Error('selectors and the all flag cannot be used when passing resource/name arguments');
    // A category (`all`) stands for its kinds only in the TYPE NAME form: here it is looked up as a type.
    const reqs = r.pairs.map((p) => ({ kind: typeKind(p.type), name: p.name }));
    if (opts.allNamespaces) throw new Error('a resource cannot be retrieved by name across all namespaces');
    return { reqs, single: reqs.length === 1 };
  }
  const { names } = r;
  if (names.length && selector) throw new Error('name cannot be provided when a selector is specified');
  const kinds: KindInfo[] = [];
  for (const t of r.types) for (const k of kindOf(t)) if (!kinds.includes(k)) kinds.push(k);
  if (names.length && opts.allNamespaces) throw new Error('a resource cannot be retrieved by name across all namespaces');
  if (!names.length) return { reqs: kinds.map((kind) => ({ kind })), single: false };
  return { reqs: kinds.flatMap((kind) => names.map((name) => ({ kind, name }))), single: kinds.length === 1 && names.length === 1 };
}

/** Result is what one request gave: the object, or the pages of a list (Tables for the table output). */
interface Result<T> {
  kind: KindInfo;
  value: T;
}

/**
 * get is `kubectl get`: it reads the arguments, checks the flags as kubectl's Complete and Validate do, then
 * prints the table (server-side Tables), a generic format (json, yaml, name, jsonpath, custom-columns), or watches.
 * The answer is the exit code.
 */
export async function get(client: HttpClient, args: string[], opts: GetOptions, io: IO, printer: Printer): Promise<number> {
  const watching = opts.watch || opts.watchOnly;
  if (opts.sortBy && opts.watch) io.err('warning: --watch requested, --sort-by will be ignored for watch events received\n');
  else if (opts.sortBy && opts.watchOnly) io.err('warning: --watch-only requested, --sort-by will be ignored\n');
  if (!args.length && !watching) {
    io.err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n');
    return 1;
  }
  if (opts.showLabels && opts.output !== '' && opts.output !== 'wide') throw new Error(`--show-labels option cannot be used with ${opts.output} printer`);
  const { reqs, single } = requests(args, opts);
  if (watching) return watch(client, reqs, opts, io);
  if (printer.type === 'table') return getTable(client, reqs, opts, io, printer.wide);
  return getGeneric(client, reqs, single, opts, io, printer);
}

/** isNotFound tells a 404 answer (what --ignore-not-found drops). */
const isNotFound = (err: unknown) => err instanceof ApiError && err.status.code === 404;

/**
 * enhanceListError is cli-runtime's EnhanceListError: a BadRequest or NotFound answer to a list names what was
 * listed (`Unable to list "/v1, Resource=pods": ...`, or with the selectors when there are some).
 */
function enhanceListError(err: unknown, k: KindInfo, opts: GetOptions): unknown {
  if (!(err instanceof ApiError) || (err.status.code !== 400 && err.status.code !== 404) || err.status.reason === 'Expired') return err;
  const subj = JSON.stringify(`${k.group}/${k.version}, Resource=${k.resource}`);
  const message =
    !opts.selector && !opts.fieldSelector
      ? `Unable to list ${subj}: ${err.status.message}`
      : `Unable to find ${subj} that match label selector ${JSON.stringify(opts.selector ?? '')}, field selector ${JSON.stringify(opts.fieldSelector ?? '')}: ${err.status.message}`;
  return new ApiError({ ...err.status, message });
}

/**
 * fetch reads what one request names: the object, or every page of the list (kubectl's query, keys sorted; pages
 * of --chunk-size, none when sorting). A failure is noted in errors (NotFound dropped with --ignore-not-found).
 * Tables are asked for with includeObject=Object when sorting, so rows can be sorted by their objects.
 */
async function fetch<T extends { metadata?: { continue?: string } }>(client: HttpClient, r: Request, opts: GetOptions, errors: string[], table: boolean, limit = opts.sortBy ? 0 : opts.chunkSize): Promise<Result<T>[]> {
  const ns = r.kind.namespaced && !opts.allNamespaces ? opts.namespace : undefined;
  const accept = table ? TABLE_ACCEPT : undefined;
  const out: Result<T>[] = [];
  const fail = (err: unknown) => {
    if (!(opts.ignoreNotFound && isNotFound(err))) errors.push(errorLine(err));
  };
  if (r.name !== undefined) {
    try {
      const q = table && opts.sortBy ? '?includeObject=Object' : '';
      out.push({ kind: r.kind, value: await client.request<T>('GET', resourcePath(r.kind, ns, r.name) + q, undefined, undefined, accept) });
    } catch (err) {
      fail(err);
    }
    return out;
  }
  let cont: string | undefined;
  try {
    do {
      const q = new URLSearchParams();
      if (cont) q.set('continue', cont);
      if (opts.selector) q.set('labelSelector', opts.selector);
      if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
      if (limit > 0) q.set('limit', String(limit));
      if (table && opts.sortBy) q.set('includeObject', 'Object');
      q.sort();
      const query = q.toString();
      const page = await client.request<T>('GET', resourcePath(r.kind, ns) + (query ? `?${query}` : ''), undefined, undefined, accept);
      out.push({ kind: r.kind, value: page });
      cont = page.metadata?.continue || undefined;
    } while (cont);
  } catch (err) {
    fail(enhanceListError(err, r.kind, opts));
  }
  return out;
}

/** printErrors writes errors as kubectl's CheckErr does (a newline added to a message that lacks one). */
function printErrors(io: IO, errors: string[]): number {
  for (const e of errors) io.err(e.endsWith('\n') ? e : `${e}\n`);
  return errors.length ? 1 : 0;
}

/** fatal writes the klog line a --sort-by on unsortable values exits with. */
function fatal(io: IO, opts: GetOptions, e: InstanceType<Formats['SortError']>): number {
  io.err(klogFatal(opts.now(), e.klogLocation ?? 'sorter.go:329', e.message));
  return 1;
}

/**
 * getTable is the default and `-o wide` output: each kind's Tables through one printer (one header, columns aligned
 * over the kind's pages and named objects; NAMESPACE first for -A, `kind/` names when several kinds were found or
 * --show-kind, -L columns and LABELS last), a blank line between kinds, "No resources found ..." on stderr when
 * nothing was printed, errors after. With --sort-by the rows of each Table are sorted by their objects (a failing
 * sort prints nothing for that kind, as in kubectl), and several Tables are first ordered as objects themselves.
 */
async function getTable(client: HttpClient, reqs: Request[], opts: GetOptions, io: IO, wide: boolean): Promise<number> {
  const errors: string[] = [];
  let infos: Result<Table>[] = [];
  for (const r of reqs) infos.push(...(await fetch<Table>(client, r, opts, errors, true)));
  if (opts.sortBy && infos.length > 1) {
    // kubectl's RuntimeSorter sorts the Tables it got as objects (one per kind, or per named object).
    try {
      const byTable = new Map(infos.map((i) => [i.value, i]));
      infos = F.sortObjects(
        infos.map((i) => i.value),
        opts.sortBy,
      ).map((t) => byTable.get(t)!);
    } catch (e) {
      if (!isFormatError(e, 'SortError')) throw e;
      if (e.fatal) return fatal(io, opts, e);
      return printErrors(io, [`error: ${e.message}`]);
    }
  }
  const withKind = opts.showKind || new Set(infos.map((i) => i.kind)).size > 1;
  const w = new TabWriter();
  let written = 0;
  // kubectl's separator writer: the blank line between kinds waits for the next kind to print something.
  let separate = false;
  const flush = () => {
    const text = w.flush();
    if (!text) return;
    const all = separate ? `\n${text}` : text;
    separate = false;
    io.out(all);
    written += all.length;
  };
  let printer: HumanPrinter | undefined;
  let last: KindInfo | undefined;
  let allNamespaced = !opts.allNamespaces;
  for (const info of infos) {
    const k = info.kind;
    allNamespaced &&= k.namespaced;
    if (!printer || k !== last) {
      flush();
      w.resetWidths();
      // A blank line before a later kind, when something was printed since (never with --no-headers).
      if (last && !opts.noHeaders && written > 0) separate = true;
      printer = new HumanPrinter({
        wide,
        noHeaders: opts.noHeaders,
        withNamespace: opts.allNamespaces && k.namespaced,
        kindPrefix: withKind ? kindPrefix(k) : undefined,
        labelColumns: opts.labelColumns,
        showLabels: opts.showLabels,
      });
      last = k;
    }
    let table = info.value;
    if (opts.sortBy && (table.rows?.length ?? 0) > 1) {
      try {
        const rows = table.rows!;
        const byObject = new Map(rows.map((r) => [r.object, r]));
        table = { ...table, rows: F.sortObjects(rows.map((r) => r.object), opts.sortBy, 'table').map((o) => byObject.get(o)!) };
      } catch (e) {
        if (!isFormatError(e, 'SortError')) throw e;
        if (e.fatal) return fatal(io, opts, e);
        // kubectl ignores what PrintObj answers: this kind prints nothing.
        continue;
      }
    }
    w.write(printer.print(table));
  }
  flush();
  if (!errors.length && written === 0 && !opts.ignoreNotFound) io.err(allNamespaced ? `No resources found in ${opts.namespace} namespace.\n` : 'No resources found\n');
  return printErrors(io, errors);
}

/**
 * getGeneric is printGeneric: the objects found (list items given their list's kind and apiVersion) as the one
 * object when one was named on its own, else as a List; sorted with --sort-by, then printed by the -o printer.
 * A failed read of the one named object is the only error; otherwise a printer kubectl cannot make is.
 */
async function getGeneric(client: HttpClient, reqs: Request[], single: boolean, opts: GetOptions, io: IO, printer: Exclude<Printer, { type: 'table' }>): Promise<number> {
  const errors: string[] = [];
  const items: Obj[] = [];
  for (const r of reqs) {
    type List = Obj & { items?: Obj[]; metadata?: { continue?: string } };
    for (const got of await fetch<List>(client, r, opts, errors, false)) {
      if (r.name !== undefined) {
        items.push(got.value);
        continue;
      }
      const kind = String(got.value.kind ?? '').replace(/List$/, '');
      for (const it of got.value.items ?? []) items.push({ ...it, kind: it.kind ?? kind, apiVersion: it.apiVersion ?? got.value.apiVersion });
    }
  }
  if (single && errors.length) return printErrors(io, errors);
  if (!items.length && opts.ignoreNotFound) return printErrors(io, errors);
  // The printer is made after the objects are read; when it cannot be, its error is the only one kubectl reports.
  let print: (data: Obj) => string;
  try {
    print = makePrinter(printer, opts);
  } catch (e) {
    if (isFormatError(e, 'CustomColumnsError') || isFormatError(e, 'JSONPathError') || e instanceof PrinterError) return printErrors(io, [`error: ${e.message}`]);
    throw e;
  }
  let data: Obj = single && items.length === 1 ? items[0]! : listOf(items);
  if (opts.sortBy && Array.isArray(data.items)) {
    try {
      data = { ...data, items: F.sortObjects(data.items as Obj[], opts.sortBy) };
    } catch (e) {
      if (!isFormatError(e, 'SortError')) throw e;
      if (e.fatal) return fatal(io, opts, e);
      errors.push(`error: ${e.message}`);
      return printErrors(io, errors);
    }
  }
  try {
    io.out(print(data));
  } catch (e) {
    if (isFormatError(e, 'CustomColumnsError')) {
      io.out(e.output);
      errors.push(`error: ${e.message}`);
    } else if (isFormatError(e, 'JSONPathError') || isFormatError(e, 'YAMLError')) errors.push(`error: ${e.message}`);
    else throw e;
  }
  return printErrors(io, errors);
}

/** PrinterError is a printer kubectl cannot make (an unknown format, an unreadable file); message is kubectl's. */
class PrinterError extends Error {}

/** makePrinter makes the -o printer of printGeneric; it throws what kubectl's ToPrinter fails with. */
function makePrinter(p: Exclude<Printer, { type: 'table' }>, opts: GetOptions): (data: Obj) => string {
  switch (p.type) {
    case 'error':
      throw new PrinterError(p.message);
    case 'json':
      return jsonText;
    case 'yaml':
      return (data) => F.toYAML(stripManagedFields(data));
    case 'name':
      return (data) => (Array.isArray(data.items) ? (data.items as Obj[]) : [data]).map((o) => `${nameOf(o)}\n`).join('');
    case 'jsonpath': {
      let template = p.template;
      if (p.file !== undefined) {
        try {
          template = readFileSync(p.file, 'utf8');
        } catch (e) {
          throw new PrinterError(F.jsonPathFileError(p.file, e));
        }
      }
      return F.jsonPathPrinter(template, { asJSON: p.asJSON });
    }
    case 'custom-columns': {
      F.parseCustomColumnsSpec(p.spec);
      return (data) => F.customColumns(p.spec, Array.isArray(data.items) ? data.items : [data], opts.noHeaders);
    }
    case 'custom-columns-file': {
      let content: string;
      try {
        content = readFileSync(p.file, 'utf8');
      } catch (e) {
        throw new PrinterError(F.customColumnsFileError(p.file, e));
      }
      return (data) => F.customColumnsFile(content, Array.isArray(data.items) ? data.items : [data]);
    }
  }
}

/**
 * watch is `get -w` / `--watch-only` for one kind: the list (or the one named object) as Tables, printed unless
 * --watch-only, then a watch from the list's resourceVersion (from "0" for one object, whose first event, the
 * object as it is, is not printed) asking for Tables, each event's row printed and flushed through the same
 * tabwriter (so rows keep the first table's column widths, or widen them). It runs until the server ends the
 * watch (exit 0) or the user interrupts it (exit 1, as kubectl's interrupt handler exits).
 */
async function watch(client: HttpClient, reqs: Request[], opts: GetOptions, io: IO): Promise<number> {
  if (new Set(reqs.map((r) => r.kind)).size > 1) throw new Error('you may only specify a single resource type');
  const r = reqs[0]!;
  const errors: string[] = [];
  const pages: Result<Table>[] = [];
  // kubectl pages the list it watches from even when sorting; the first failure ends it.
  for (const q of reqs) {
    pages.push(...(await fetch<Table>(client, q, { ...opts, ignoreNotFound: false }, errors, true, opts.chunkSize)));
    if (errors.length) break;
  }
  if (errors.length) {
    if (opts.ignoreNotFound && errors[0]!.startsWith('Error from server (NotFound)')) return 0;
    return printErrors(io, errors.slice(0, 1));
  }
  const k = r.kind;
  const printer = new HumanPrinter({
    wide: opts.output === 'wide',
    noHeaders: opts.noHeaders,
    // kubectl asks for NAMESPACE with -A whatever the kind's scope, when it watches.
    withNamespace: opts.allNamespaces,
    kindPrefix: opts.showKind ? kindPrefix(k) : undefined,
    labelColumns: opts.labelColumns,
    showLabels: opts.showLabels,
  });
  const w = new TabWriter();
  let output = !opts.watchOnly;
  const print = (table: Table) => {
    if (!output) return;
    let t = table;
    if (opts.sortBy && (t.rows?.length ?? 0) > 1) {
      try {
        const rows = t.rows!;
        const byObject = new Map(rows.map((row) => [row.object, row]));
        t = { ...t, rows: F.sortObjects(rows.map((row) => row.object), opts.sortBy, 'table').map((o) => byObject.get(o)!) };
      } catch (e) {
        if (!isFormatError(e, 'SortError')) throw e;
        if (e.fatal) throw e;
        return;
      }
    }
    w.write(printer.print(t));
  };
  try {
    for (const p of pages) print(p.value);
  } catch (e) {
    if (isFormatError(e, 'SortError')) return fatal(io, opts, e);
    throw e;
  }
  io.out(w.flush());
  // Several named objects are printed, but kubectl watches one list or one object only.
  if (reqs.length > 1) throw new Error('you may only watch a single resource or type of resource at a time');
  const isList = r.name === undefined;
  // A watch from a list's version sends no event for what the list had; one for a single object first sends it.
  output = isList;
  const ns = k.namespaced && !opts.allNamespaces ? opts.namespace : undefined;
  const q = new URLSearchParams();
  if (isList) {
    if (opts.selector) q.set('labelSelector', opts.selector);
    if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
    q.set('resourceVersion', pages.at(-1)?.value.metadata?.resourceVersion ?? '');
  } else {
    q.set('fieldSelector', `metadata.name=${r.name}`);
    q.set('resourceVersion', '0');
  }
  if (opts.sortBy) q.set('includeObject', 'Object');
  q.set('watch', 'true');
  q.sort();
  // Interrupted (io.signal: the shell's ctrl-c, the dashboard's stop key), the watch stops and kubectl exits 1;
  // without a signal it runs until the server ends it.
  return new Promise<number>((resolve) => {
    let ended = false;
    const end = (code: number) => {
      if (ended) return;
      ended = true;
      stream.stop();
      io.signal?.removeEventListener('abort', interrupt);
      resolve(code);
    };
    const interrupt = () => end(1);
    const stream = client.watchLines(`${resourcePath(k, ns)}?${q}`, TABLE_ACCEPT, (line) => {
      if (ended) return;
      let event: { type?: string; object?: Table };
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        return;
      }
      if (event.type === 'ERROR' || event.type === 'BOOKMARK' || !event.object) return;
      print(event.object);
      io.out(w.flush());
      output = true;
    });
    if (io.signal?.aborted) return end(1);
    io.signal?.addEventListener('abort', interrupt);
    stream.done.then(
      () => end(0),
      (err: unknown) => {
        if (ended) return;
        io.err(`${errorLine(err)}\n`);
        end(1);
      },
    );
  });
}
