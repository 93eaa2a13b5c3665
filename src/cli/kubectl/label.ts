import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { resourcePath, type HttpClient } from '../../client/http-client.js';
import type { Command, Ctx } from './command.js';
import { DRY_RUN_FLAG, type FlagTable } from './flags.js';
import { dryRunOf, type DryRun, dryRunSuffix, writeQuery } from './print-result.js';
import { objectRef, parseTargets, splitResourcesAndPairs } from './targets.js';
import { NO_RESOURCES, queryOf, reportErrors } from './workloads.js';
import { goJSON } from './go-json.js';

// `kubectl label` and `kubectl annotate` (annotate.ts) share their shape: resources, then KEY=VALUE / KEY- pairs;
// each object is read fresh, changed locally, and the JSON merge patch between its old and new JSON is sent
// under the command's field manager. Only their checks and words differ.

type Obj = Record<string, unknown>;

/** The flags both commands take (those of -f, --local and --field-selector are not built in). */
export const META_FLAGS: FlagTable = {
  '--overwrite': ['bool'],
  '--list': ['bool'],
  '--selector': ['value', '-l'],
  '--all': ['bool'],
  '--all-namespaces': ['bool', '-A'],
  '--resource-version': ['value'],
  '--dry-run': DRY_RUN_FLAG,
  '--output': ['value', '-o'],
  '--field-manager': ['value'],
};

/** createMergePatch is RFC 7386's diff (jsonpatch.CreateMergePatch): changed keys set, removed keys null. */
export function createMergePatch(before: unknown, after: unknown): Obj {
  const out: Obj = {};
  const b = (before ?? {}) as Obj;
  const a = (after ?? {}) as Obj;
  for (const [k, v] of Object.entries(a)) {
    const old = b[k];
    if (isObj(v) && isObj(old)) {
      const sub = createMergePatch(old, v);
      if (Object.keys(sub).length) out[k] = sub;
    } else if (JSON.stringify(v) !== JSON.stringify(old)) out[k] = v;
  }
  for (const k of Object.keys(b)) if (!(k in a)) out[k] = null;
  return out;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Item is one object the builder hands over, or why it could not be had. */
type Item = { kind: KindInfo; namespace: string | undefined; name: string; object: KubeObject } | { error: unknown };

/**
 * fetchItems is kubectl's builder for label and annotate (ContinueOnError, Latest, AllNamespaces): named objects
 * fetched one by one, a bare type listed (by selector, or with --all), across namespaces with -A. It also answers
 * whether the line names a single object (IntoSingleItemImplied).
 */
async function fetchItems(client: HttpClient, namespace: string, args: string[], opts: { selector?: string; all: boolean; allNamespaces: boolean }): Promise<{ items: Item[]; one: boolean }> {
  if (!args.length) throw new Error(NO_RESOURCES);
  const targets = parseTargets(args);
  const named = targets.filter((t) => t.name !== undefined);
  if (named.length && opts.selector) throw new Error('name cannot be provided when a selector is specified');
  if (!named.length && !opts.selector && !opts.all) throw new Error('resource(s) were provided, but no name was specified');
  const items: Item[] = [];
  for (const t of targets) {
    const ns = t.kind.namespaced ? namespace : undefined;
    try {
      if (t.name !== undefined) {
        items.push({ kind: t.kind, namespace: ns, name: t.name, object: await client.get(t.kind, ns, t.name) });
        continue;
      }
      const q = queryOf({ labelSelector: opts.selector || undefined });
      const list = await client.request<{ items?: KubeObject[] }>('GET', resourcePath(t.kind, opts.allNamespaces ? undefined : ns) + q);
      // A list's items carry no kind of their own; the builder gives them their list's.
      const apiVersion = t.kind.group ? `${t.kind.group}/${t.kind.version}` : t.kind.version;
      for (const o of list.items ?? [])
        items.push({ kind: t.kind, namespace: o.metadata.namespace, name: o.metadata.name!, object: { ...o, apiVersion, kind: t.kind.kind } });
    } catch (err) {
      items.push({ error: err });
    }
  }
  return { items, one: named.length === 1 && targets.length === 1 };
}

/** MetaMode is what differs between label and annotate. */
export interface MetaMode {
  /** `label` or `annotate` (the field manager is `kubectl-` + it). */
  command: string;
  /** metadata.labels or metadata.annotations. */
  field: 'labels' | 'annotations';
  /** The noun of the listing header: `labels` / `annotations`. */
  noun: string;
  /** parse reads the pairs (after the resources), throwing kubectl's words for bad ones. */
  parse(pairs: string[]): { set: Map<string, string>; remove: string[] };
  /** overwriteError is the refusal to change a key without --overwrite, or undefined when none is changed. */
  overwriteError(current: Record<string, string>, set: Map<string, string>): Error | undefined;
  /** Whether the dry-run/list branch and the patch branch clear the resourceVersion before the old JSON is taken. */
  clearVersionAlways: boolean;
  /** The one-line report's verb for what changed (label: labeled / not labeled / unlabeled). */
  verb(oldJSON: string, newJSON: string, overwrite: boolean): string;
  /** label prints `label "x" not found.` for a removal of a key the object lacks. */
  reportMissing: boolean;
  /** checks run before the builder, in kubectl's order, after the pairs are read. */
  validate(ctx: Ctx, resources: string[], set: Map<string, string>, remove: string[]): void;
}

/** runMeta runs `kubectl label` or `kubectl annotate` as kubectl 1.35 does. */
export async function runMeta(ctx: Ctx, mode: MetaMode): Promise<number | undefined> {
  const f = ctx.flags;
  const output = f.str('--output');
  if (output !== undefined && output !== 'name') return undefined;
  // -A with names asks the builder for something it words differently: left to kubectl.
  const dryRun = dryRunOf(ctx);
  if (dryRun instanceof Error) throw dryRun;
  const { resources, pairs } = splitResourcesAndPairs(ctx.args, mode.command === 'label' ? 'label' : 'annotation');
  const { set, remove } = mode.parse(pairs);
  // annotate's own copy of this check reads a flag nothing fills in, so only label makes it.
  if (mode.command === 'label' && f.bool('--list') && output !== undefined) throw new Error('--list and --output may not be specified together');
  mode.validate(ctx, resources, set, remove);
  const selector = f.str('--selector');
  const allNamespaces = f.bool('--all-namespaces');
  try {
    if (allNamespaces && parseTargets(resources).some((t) => t.name !== undefined)) return undefined;
  } catch {
    // the builder's refusal, worded below
  }
  const conn = await ctx.connect();
  const { items, one } = await fetchItems(conn.client, conn.namespace, resources, { selector, all: f.bool('--all'), allNamespaces });
  const resourceVersion = f.str('--resource-version') ?? '';
  if (!one && resourceVersion) throw new Error('--resource-version may only be used with a single resource');
  const overwrite = f.bool('--overwrite');
  const list = f.bool('--list');
  const errors: unknown[] = [];
  for (const item of items) {
    if ('error' in item) {
      errors.push(item.error);
      continue;
    }
    try {
      const out = await changeOne(ctx, mode, item, { set, remove, overwrite, list, dryRun, resourceVersion, client: conn.client });
      if (list) {
        const obj = out.object;
        const indent = one ? '' : ' ';
        if (!one) ctx.io.out(`Listing ${mode.noun} for ${item.kind.kind}.${item.kind.group}/${item.name}:\n`);
        // Go ranges over a map in random order; sorted is one of the orders kubectl may print.
        const values = (obj.metadata[mode.field] ?? {}) as Record<string, string>;
        for (const k of Object.keys(values).sort()) ctx.io.out(`${indent}${k}=${values[k]}\n`);
        continue;
      }
      const ref = objectRef(item.kind, item.name);
      const suffix = dryRunSuffix(dryRun);
      ctx.io.out(output === 'name' ? `${ref}\n` : `${ref} ${out.verb}${suffix}\n`);
    } catch (err) {
      errors.push(err);
    }
  }
  return reportErrors(ctx.io, errors);
}

/** changeOne changes one object's labels or annotations (locally for --list and client dry runs, else by a merge patch). */
async function changeOne(
  ctx: Ctx,
  mode: MetaMode,
  item: { kind: KindInfo; namespace: string | undefined; name: string; object: KubeObject },
  o: { set: Map<string, string>; remove: string[]; overwrite: boolean; list: boolean; dryRun: DryRun; resourceVersion: string; client: HttpClient },
): Promise<{ object: KubeObject; verb: string }> {
  const obj = structuredClone(item.object);
  const local = o.dryRun === 'client' || o.list;
  // With --resource-version the version is taken out of the old JSON so the patch always carries it.
  if (o.resourceVersion && (mode.clearVersionAlways || !local)) delete obj.metadata.resourceVersion;
  const oldJSON = goJSON(obj, { indent: 0 });
  const current = (obj.metadata[mode.field] ?? {}) as Record<string, string>;
  if (!local && mode.reportMissing) for (const k of o.remove) if (!(k in current)) ctx.io.out(`${mode.command} ${JSON.stringify(k)} not found.\n`);
  if (!o.overwrite) {
    const err = mode.overwriteError(current, o.set);
    if (err) throw err;
  }
  const next = { ...current };
  for (const [k, v] of o.set) next[k] = v;
  for (const k of o.remove) delete next[k];
  // SetLabels / SetAnnotations with an empty (not nil) map writes `{}`.
  (obj.metadata as Obj)[mode.field] = next;
  if (o.resourceVersion) obj.metadata.resourceVersion = o.resourceVersion;
  const newJSON = goJSON(obj, { indent: 0 });
  const verb = mode.verb(oldJSON, newJSON, o.overwrite);
  if (local) return { object: obj, verb };
  const patch = createMergePatch(JSON.parse(oldJSON), JSON.parse(newJSON));
  const q = writeQuery(ctx.flags.str('--field-manager') ?? `kubectl-${mode.command}`, o.dryRun, undefined);
  const patched = await o.client.request<KubeObject>('PATCH', resourcePath(item.kind, item.namespace, item.name) + q, patch, 'application/merge-patch+json');
  return { object: patched, verb };
}

/** The longest label value, and kubectl's words for a bad one (IsValidLabelValue). */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(v))
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  return errs;
}

const labelMode: MetaMode = {
  command: 'label',
  field: 'labels',
  noun: 'labels',
  parse(pairs) {
    const set = new Map<string, string>();
    const remove: string[] = [];
    for (const p of pairs) {
      if (p.includes('=')) {
        const parts = p.split('=');
        if (parts.length !== 2) throw new Error(`invalid label spec: ${p}`);
        const errs = labelValueErrors(parts[1]!);
        if (errs.length) throw new Error(`invalid label value: ${JSON.stringify(p)}: ${errs.join(';')}`);
        set.set(parts[0]!, parts[1]!);
      } else if (p.endsWith('-')) remove.push(p.slice(0, -1));
      else throw new Error(`unknown label spec: ${p}`);
    }
    if (remove.some((k) => set.has(k))) throw new Error('can not both modify and remove a label in the same command');
    return { set, remove };
  },
  overwriteError(current, set) {
    const errs = [...set].filter(([k, v]) => k in current && current[k] !== v).map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`);
    if (!errs.length) return undefined;
    // utilerrors.NewAggregate: one message alone, several in brackets (in Go's random map order; ours is the command line's).
    return new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  },
  clearVersionAlways: true,
  verb(oldJSON, newJSON, overwrite) {
    if (oldJSON === newJSON) return 'not labeled';
    return !overwrite && Buffer.byteLength(newJSON) < Buffer.byteLength(oldJSON) ? 'unlabeled' : 'labeled';
  },
  reportMissing: true,
  validate(ctx, resources, set, remove) {
    const f = ctx.flags;
    if (f.bool('--all') && f.str('--selector')) throw new Error('cannot set --all and --selector at the same time');
    if (!resources.length) throw new Error('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    if (!set.size && !remove.length && !f.bool('--list')) throw new Error('at least one label update is required');
  },
};

/** labelCommand is `kubectl label`. */
export const labelCommand: Command = {
  flags: META_FLAGS,
  run: (ctx) => runMeta(ctx, labelMode),
};
