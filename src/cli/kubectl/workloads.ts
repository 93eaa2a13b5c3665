import type { KindInfo } from '../../api/kinds.js';
import { mustKind } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError } from '../../api/api-error.js';
import { formatSelector } from '../../api/describe/writer.js';
import type { HttpClient } from '../../client/http-client.js';
import { resourcePath } from '../../client/http-client.js';
import type { IO } from './command.js';
import { errorLine } from './errors.js';
import { parseTargets } from './targets.js';

// What the workload commands (scale, autoscale, set image, rollout ...) share: kubectl's resource builder for
// their arguments, its way of reporting several errors at the end, and the Deployment/ReplicaSet bookkeeping of
// kubectl's deployment utilities (revisions, the new ReplicaSet, template equality).

/** Info is one object a command acts on, as kubectl's resource builder hands it over (fetched fresh). */
export interface Info {
  kind: KindInfo;
  namespace: string | undefined;
  name: string;
  object: KubeObject;
}

/** The builder's words when a line names nothing to act on (kubectl prints them after `error: `). */
export const NO_RESOURCES =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** Fetched is what the builder yields for one argument, in order: an object, or why it could not be had. */
export type Fetched = { info: Info; error?: undefined } | { info?: undefined; error: unknown };

/**
 * fetchInfos is kubectl's resource builder with ContinueOnError and Latest: `TYPE NAME...` and `TYPE/NAME...` are
 * fetched one by one (a missing one becomes an error in its place and the others go on), a bare `TYPE` lists the
 * namespace (filtered by the selector) when `allowEmpty` or a selector or --all says so, else it is the builder's
 * refusal. Errors thrown here are the builder's own, before anything is fetched.
 */
export async function fetchInfos(
  client: HttpClient,
  namespace: string,
  args: string[],
  opts: { selector?: string; all?: boolean; allowEmpty: boolean },
): Promise<Fetched[]> {
  if (!args.length) throw new Error(NO_RESOURCES);
  const targets = parseTargets(args);
  const named = targets.some((t) => t.name !== undefined);
  if (named && opts.selector !== undefined) throw new Error('name cannot be provided when a selector is specified');
  if (!named && opts.selector === undefined && !opts.all && !opts.allowEmpty) throw new Error('resource(s) were provided, but no name was specified');
  const out: Fetched[] = [];
  for (const t of targets) {
    const ns = t.kind.namespaced ? namespace : undefined;
    try {
      if (t.name !== undefined) {
        out.push({ info: { kind: t.kind, namespace: ns, name: t.name, object: await client.get(t.kind, ns, t.name) } });
        continue;
      }
      const list = await client.list(t.kind, ns, { labelSelector: opts.selector || undefined });
      // A list's items carry no kind of their own; the builder gives them their list's.
      const apiVersion = t.kind.group ? `${t.kind.group}/${t.kind.version}` : t.kind.version;
      for (const o of list.items) out.push({ info: { kind: t.kind, namespace: ns, name: o.metadata.name!, object: { ...o, apiVersion, kind: t.kind.kind } } });
    } catch (err) {
      out.push({ error: err });
    }
  }
  return out;
}

/** split separates what the builder yielded as its Infos() call does: the objects, and the errors. */
export function split(fetched: Fetched[]): { infos: Info[]; errors: unknown[] } {
  return { infos: fetched.flatMap((f) => (f.info ? [f.info] : [])), errors: fetched.flatMap((f) => (f.info ? [] : [f.error])) };
}

/** The text of one error among several, as kubectl's MultipleErrors writes it (no `error: ` added). */
function messageFor(err: unknown): string {
  if (err instanceof ApiError) return err.status.reason ? `Error from server (${err.status.reason}): ${err.status.message}` : `Error from server: ${err.status.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * reportErrors prints what kubectl's CheckErr prints for the errors a command gathered and answers the exit code:
 * one error as usual (`error: ` added unless the message has it), several one per line as they are.
 */
export function reportErrors(io: IO, errors: unknown[]): number {
  if (!errors.length) return 0;
  if (errors.length === 1) {
    const err = errors[0];
    const text = err instanceof Error && !(err instanceof ApiError) && err.message.startsWith('error: ') ? err.message : errorLine(err);
    io.err(`${text}\n`);
  } else io.err(errors.map((e) => `${messageFor(e)}\n`).join(''));
  return 1;
}

/** queryOf builds a request's query string from the parameters that are set. */
export function queryOf(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** resourceString is `deployments.apps`, how kubectl names a resource in the messages of rollout and set. */
export const resourceString = (k: KindInfo) => (k.group ? `${k.resource}.${k.group}` : k.resource);

// ---- Deployments and their ReplicaSets (kubectl's pkg/util/deployment) ----

/** The kinds a Deployment's history is read from. */
export const deploymentKind = mustKind('apps/v1', 'Deployment');
export const replicaSetKind = mustKind('apps/v1', 'ReplicaSet');
const REVISION = 'deployment.kubernetes.io/revision';
const HASH_LABEL = 'pod-template-hash';

type Obj = Record<string, unknown>;
const spec = (o: KubeObject) => ((o as { spec?: Obj }).spec ?? {}) as Obj;

/** revisionOf reads the revision annotation (0 when there is none); a malformed one is an error, as ParseInt's. */
export function revisionOf(o: KubeObject): number {
  const v = o.metadata.annotations?.[REVISION];
  if (v === undefined) return 0;
  if (!/^[+-]?\d+$/.test(v)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

/** Drops what Go's typed decoding cannot tell from absent (null, empty lists and maps), so templates compare as Semantic.DeepEqual does. */
function normalised(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(normalised) : undefined;
  if (v && typeof v === 'object') {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalised((v as Obj)[k]);
      if (n !== undefined && n !== null) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** withoutHash is a pod template without its pod-template-hash label. */
export function withoutHash(template: unknown): Obj {
  const t = structuredClone((template ?? {}) as Obj);
  const labels = (t.metadata as { labels?: Record<string, string> } | undefined)?.labels;
  if (labels) delete labels[HASH_LABEL];
  return t;
}

/** equalIgnoreHash compares two pod templates, the pod-template-hash label aside. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalised(withoutHash(a))) === JSON.stringify(normalised(withoutHash(b)));
}

/**
 * replicaSetsOf lists the ReplicaSets a Deployment controls (by its selector, then the controller reference) and
 * splits them as kubectl's GetAllReplicaSets does: the new one is the oldest whose template matches the
 * Deployment's; the old ones keep creation order.
 */
export async function replicaSetsOf(client: HttpClient, d: KubeObject): Promise<{ old: KubeObject[]; newRS: KubeObject | undefined }> {
  const selector = formatSelector(spec(d).selector as Parameters<typeof formatSelector>[0]);
  const ns = d.metadata.namespace;
  const list = await client.request<{ items?: KubeObject[] }>('GET', resourcePath(replicaSetKind, ns) + queryOf({ labelSelector: selector === '<none>' ? undefined : selector }));
  const owned = (list.items ?? []).filter((rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata.uid));
  const created = (o: KubeObject) => Date.parse(o.metadata.creationTimestamp ?? '') || 0;
  owned.sort((a, b) => created(a) - created(b) || (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  const newRS = owned.find((rs) => equalIgnoreHash(spec(rs).template, spec(d).template));
  return { old: owned.filter((rs) => rs !== newRS), newRS };
}

/** templateOf is an object's pod template (spec.template). */
export const templateOf = (o: KubeObject): Obj | undefined => spec(o).template as Obj | undefined;

export { withoutManagedFields } from '../../client/informer.js';
