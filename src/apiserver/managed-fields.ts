import type { KubeObject } from '../api/types.js';
import { type KindInfo, apiVersionOf } from '../api/kinds.js';
import { schemaForKind, schemaByName, type OpenApiSchema } from '../api/schema/openapi-schemas.js';
import { type ApiError, failure } from './errors.js';
import { cloneJSON } from '../api/clone.js';

/**
 * Server-side apply field management, as kube-apiserver does it with sigs.k8s.io/structured-merge-diff (SMD) and
 * k8s.io/apimachinery/pkg/util/managedfields:
 *
 * - A FieldSet is SMD's fieldpath.Set: a trie of path elements (`f:name` struct/map field, `k:{"name":"x"}` item of
 *   a list keyed by fields, `v:"x"` item of a set, `i:3` index), each node possibly a member. FieldsV1 is that trie
 *   as JSON, a member with children carrying `".":{}`.
 * - Update (create, PUT, json/merge/strategic PATCH, status): the set of the write is Compare(live, new).Added ∪
 *   Modified (typed/compare.go: leaves that differ, and every non-leaf node absent on the left); it is taken from
 *   every other manager, and Removed is taken from everyone (merge/update.go `update`). A create compares against
 *   the kind's zero object.
 * - Apply: the applied set is ToFieldSet(config) (typed/tofieldset.go: leaves, list items, map keys that are not
 *   struct fields, fields whose value is null or {}); live and config are merged (config wins), fields the
 *   manager applied last time and nobody owns now are pruned, and fields of other managers whose value changes are
 *   conflicts (409) unless forced.
 * Every walk is linear in the size of the objects (times the depth for the paths it records).
 */

// ---------------------------------------------------------------------------------------------------------------
// Field sets

/** FieldSet is a node of SMD's fieldpath.Set trie: whether the path itself is a member, and its children. */
export class FieldSet {
  member = false;
  children: Map<string, FieldSet> | undefined;

  child(pe: string): FieldSet {
    this.children ??= new Map();
    let c = this.children.get(pe);
    if (!c) {
      c = new FieldSet();
      this.children.set(pe, c);
    }
    return c;
  }

  get(pe: string): FieldSet | undefined {
    return this.children?.get(pe);
  }

  insert(path: readonly string[]): void {
    let n: FieldSet = this;
    for (const pe of path) n = n.child(pe);
    n.member = true;
  }

  has(path: readonly string[]): boolean {
    let n: FieldSet | undefined = this;
    for (const pe of path) {
      n = n.get(pe);
      if (!n) return false;
    }
    return n.member;
  }

  /** empty is true when no member is anywhere in the trie. */
  empty(): boolean {
    if (this.member) return false;
    if (this.children) for (const c of this.children.values()) if (!c.empty()) return false;
    return true;
  }

  /** clean removes the nodes with no member below them; returns whether anything is left. */
  clean(): boolean {
    if (this.children) {
      for (const [k, c] of this.children) if (!c.clean()) this.children.delete(k);
      if (this.children.size === 0) this.children = undefined;
    }
    return this.member || this.children !== undefined;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    if (this.children) {
      out.children = new Map();
      for (const [k, c] of this.children) out.children.set(k, c.clone());
    }
    return out;
  }

  /** union adds the members of other to this set (in place) and returns this. */
  union(other: FieldSet): this {
    if (other.member) this.member = true;
    if (other.children) for (const [k, c] of other.children) this.child(k).union(c);
    return this;
  }

  /** difference removes the members of other from this set (in place, exact paths only, as SMD's Difference). */
  difference(other: FieldSet): this {
    if (other.member) this.member = false;
    if (other.children && this.children) {
      for (const [k, c] of other.children) {
        const mine = this.children.get(k);
        if (mine) mine.difference(c);
      }
    }
    this.clean();
    return this;
  }

  /** intersection is a new set of the members in both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    if (this.children && other.children) {
      for (const [k, c] of this.children) {
        const o = other.children.get(k);
        if (!o) continue;
        const i = c.intersection(o);
        if (i.member || i.children) out.child(k).union(i);
      }
    }
    out.clean();
    return out;
  }

  /** paths lists the members in SMD's Iterate order: a node's members (sorted) before its children's. */
  paths(prefix: string[] = [], out: string[][] = []): string[][] {
    if (!this.children) return out;
    const keys = [...this.children.keys()].sort(comparePE);
    for (const k of keys) if (this.children.get(k)!.member) out.push([...prefix, k]);
    for (const k of keys) {
      const c = this.children.get(k)!;
      if (c.children) c.paths([...prefix, k], out);
    }
    return out;
  }

  equals(other: FieldSet): boolean {
    if (this.member !== other.member) return false;
    const a = this.children?.size ?? 0;
    const b = other.children?.size ?? 0;
    if (a !== b) return false;
    if (this.children) for (const [k, c] of this.children) {
      const o = other.children!.get(k);
      if (!o || !c.equals(o)) return false;
    }
    return true;
  }

  /** toJSON encodes the set as FieldsV1. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (!this.children) return out;
    for (const k of [...this.children.keys()].sort(comparePE)) {
      const c = this.children.get(k)!;
      const inner = c.toJSON();
      out[k] = c.member && c.children ? { '.': {}, ...inner } : inner;
    }
    return out;
  }

  /** fromJSON decodes FieldsV1; undefined when it is not an object of objects. */
  static fromJSON(v: unknown): FieldSet | undefined {
    if (!isObject(v)) return undefined;
    const out = new FieldSet();
    for (const [k, c] of Object.entries(v)) {
      if (k === '.') continue;
      const child = FieldSet.fromJSON(c);
      if (!child || !isObject(c)) return undefined;
      // A leaf `{}` is a member; a node with children is a member only when it says so with ".".
      child.member = Object.keys(c).length === 0 || '.' in c;
      (out.children ??= new Map()).set(k, child);
    }
    return out;
  }
}

const PE_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** comparePE orders path elements as SMD does: field names, then keys, then values, then indexes. */
function comparePE(a: string, b: string): number {
  const ra = PE_RANK[a[0]!] ?? 9;
  const rb = PE_RANK[b[0]!] ?? 9;
  if (ra !== rb) return ra - rb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** formatPath prints a path as SMD's fieldpath.Path.String(): `.spec.template.spec.containers[name="nginx"].image`. */
export function formatPath(path: readonly string[]): string {
  let s = '';
  for (const pe of path) {
    const body = pe.slice(2);
    switch (pe[0]) {
      case 'f':
        s += `.${body}`;
        break;
      case 'k': {
        const key = JSON.parse(body) as Record<string, unknown>;
        s += `[${Object.keys(key).map((n) => `${n}=${goString(key[n])}`).join(',')}]`;
        break;
      }
      case 'v':
        s += `[=${goString(JSON.parse(body))}]`;
        break;
      default:
        s += `[${body}]`;
    }
  }
  return s;
}

/** goString prints a value as SMD's value.ToString: strings quoted, numbers and booleans bare. */
function goString(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(goString).join(',')}]`;
  if (isObject(v)) return Object.keys(v).sort().map((k) => `${k}=${goString(v[k])}`).join('');
  return String(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Schema: what SMD needs of a type (struct, map, list and its keys, scalar, atomic), compiled once per type.

type TNode =
  | { t: 'scalar' }
  | { t: 'untyped' }
  | { t: 'struct'; fields: Map<string, TNode>; atomic: boolean }
  | { t: 'map'; values: TNode; atomic: boolean }
  | { t: 'list'; items: TNode; keys?: string[]; set?: boolean };

const SCALAR: TNode = { t: 'scalar' };
const UNTYPED: TNode = { t: 'untyped' };

/**
 * Lists that are maps keyed by fields (`+listType=map +listMapKey=...`, or `patchStrategy=merge` with a
 * `patchMergeKey`, which kube-openapi's schemaconv reads the same way). Every other list of a built-in type is
 * atomic (tolerations, args, command, envFrom, subjects, rules, ...), except the sets below.
 */
const LIST_MAP_KEYS: Record<string, string[]> = {
  'ObjectMeta.ownerReferences': ['uid'],
  'PodSpec.containers': ['name'],
  'PodSpec.initContainers': ['name'],
  'PodSpec.ephemeralContainers': ['name'],
  'PodSpec.volumes': ['name'],
  'PodSpec.imagePullSecrets': ['name'],
  'PodSpec.hostAliases': ['ip'],
  'PodSpec.topologySpreadConstraints': ['topologyKey', 'whenUnsatisfiable'],
  'PodSpec.schedulingGates': ['name'],
  'PodSpec.resourceClaims': ['name'],
  'Container.ports': ['containerPort', 'protocol'],
  'Container.env': ['name'],
  'Container.volumeMounts': ['mountPath'],
  'Container.volumeDevices': ['devicePath'],
  'EphemeralContainer.ports': ['containerPort', 'protocol'],
  'EphemeralContainer.env': ['name'],
  'EphemeralContainer.volumeMounts': ['mountPath'],
  'EphemeralContainer.volumeDevices': ['devicePath'],
  'ResourceRequirements.claims': ['name'],
  'ServiceSpec.ports': ['port', 'protocol'],
  'ServiceAccount.secrets': ['name'],
  'PodStatus.podIPs': ['ip'],
  'PodStatus.hostIPs': ['ip'],
  'NodeStatus.addresses': ['type'],
};
/** Primitive lists that are sets (`+listType=set`, or `patchStrategy=merge` without a key). */
const LIST_SETS = new Set(['ObjectMeta.finalizers', 'NodeSpec.podCIDRs']);
/** Key fields with an OpenAPI default, which SMD puts in the key when an item omits them (helpers.go). */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };
/** Structs that are `+structType=atomic`: owned and replaced as one value. */
const ATOMIC_STRUCTS = new Set([
  'LabelSelector', 'NodeSelector', 'LocalObjectReference', 'ObjectReference', 'TypedLocalObjectReference',
  'ConfigMapKeySelector', 'SecretKeySelector', 'ObjectFieldSelector', 'ResourceFieldSelector', 'SecretReference',
  'TopologySelectorTerm', 'NodeSelectorTerm',
]);
/** Maps that are `+mapType=atomic`. */
const ATOMIC_MAPS = new Set(['ServiceSpec.selector', 'ReplicationControllerSpec.selector']);

const compiled = new Map<string, TNode>();
const byKind = new Map<string, TNode>();

function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function compileRef(name: string): TNode {
  const hit = compiled.get(name);
  if (hit) return hit;
  const s = schemaByName(name);
  if (!s) return UNTYPED;
  if (!s.properties) {
    const n = compile(s, name, '');
    compiled.set(name, n);
    return n;
  }
  // Registered before its fields are compiled: types can reach themselves (JSONSchemaProps).
  const node: TNode = { t: 'struct', fields: new Map(), atomic: ATOMIC_STRUCTS.has(shortName(name)) };
  compiled.set(name, node);
  for (const [k, v] of Object.entries(s.properties as Record<string, OpenApiSchema>)) node.fields.set(k, compile(v, name, k));
  return node;
}

function compile(s: OpenApiSchema, parent: string, field: string): TNode {
  if (typeof s.$ref === 'string') return compileRef(s.$ref.slice(s.$ref.lastIndexOf('/') + 1));
  const allOf = s.allOf as OpenApiSchema[] | undefined;
  if (allOf?.length === 1 && !s.properties) return compile(allOf[0]!, parent, field);
  if (s['x-kubernetes-preserve-unknown-fields'] === true) return UNTYPED;
  const where = `${shortName(parent)}.${field}`;
  if (s.properties && typeof s.properties === 'object') {
    const fields = new Map<string, TNode>();
    for (const [k, v] of Object.entries(s.properties as Record<string, OpenApiSchema>)) fields.set(k, compile(v, `${parent}.${field}`, k));
    return { t: 'struct', fields, atomic: false };
  }
  if (s.type === 'array' || (s.items && typeof s.items === 'object')) {
    const items = s.items && typeof s.items === 'object' ? compile(s.items as OpenApiSchema, parent, field) : UNTYPED;
    const keys = LIST_MAP_KEYS[where] ?? (field === 'conditions' && items.t === 'struct' ? ['type'] : undefined);
    if (keys) return { t: 'list', items, keys };
    if (LIST_SETS.has(where)) return { t: 'list', items, set: true };
    return { t: 'list', items };
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    return { t: 'map', values: compile(s.additionalProperties as OpenApiSchema, parent, field), atomic: ATOMIC_MAPS.has(where) };
  if (s.type === 'object') return UNTYPED;
  return SCALAR;
}

/** typeOf compiles (once) the SMD-like type of a kind; a kind without a model is untyped but for its metadata. */
function typeOf(k: Pick<KindInfo, 'group' | 'version' | 'kind' | 'listKind'>): TNode {
  const key = `${k.group}/${k.version}/${k.kind}`;
  let node = byKind.get(key);
  if (!node) {
    const roots = schemaForKind({ group: k.group, version: k.version, kind: k.kind }, k.listKind);
    node = compileRef(roots.kind);
    if (node.t !== 'struct') {
      node = { t: 'struct', fields: new Map([['metadata', compileRef('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')]]), atomic: false };
      node.fields.set('apiVersion', SCALAR);
      node.fields.set('kind', SCALAR);
    }
    byKind.set(key, node);
  }
  return node;
}

// ---------------------------------------------------------------------------------------------------------------
// Walks: ToFieldSet, Compare, Merge, Remove

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** itemPE is the path element of a list item (typed/helpers.go listItemToPathElement); undefined when unkeyable. */
function itemPE(t: Extract<TNode, { t: 'list' }>, item: Json, index: number): string | undefined {
  if (t.keys) {
    if (!isObject(item)) return undefined;
    const key: JsonObject = {};
    for (const name of [...t.keys].sort()) {
      if (item[name] !== undefined) key[name] = item[name];
      else if (KEY_DEFAULTS[name] !== undefined) key[name] = KEY_DEFAULTS[name];
    }
    if (Object.keys(key).length === 0) return undefined;
    return `k:${JSON.stringify(key)}`;
  }
  if (t.set) return isObject(item) || Array.isArray(item) || item === null ? undefined : `v:${JSON.stringify(item)}`;
  return `i:${index}`;
}

function isLeafType(t: TNode, v: Json): boolean {
  if (t.t === 'scalar') return true;
  if (t.t === 'untyped') return !isObject(v);
  if (t.t === 'list') return !t.keys && !t.set;
  return t.atomic;
}

function childType(t: TNode, key: string): { type: TNode; declared: boolean } {
  if (t.t === 'struct') {
    const f = t.fields.get(key);
    return f ? { type: f, declared: true } : { type: UNTYPED, declared: false };
  }
  if (t.t === 'map') return { type: t.values, declared: false };
  return { type: UNTYPED, declared: false };
}

/** toFieldSet adds the fields of v (of type t) under node, as typed/tofieldset.go does. */
function toFieldSet(t: TNode, v: Json, node: FieldSet): void {
  if (isLeafType(t, v)) {
    node.member = true;
    return;
  }
  if (t.t === 'list') {
    if (!Array.isArray(v)) return;
    for (let i = 0; i < v.length; i++) {
      const pe = itemPE(t, v[i], i);
      if (pe === undefined) continue;
      const c = node.child(pe);
      toFieldSet(t.items, v[i], c);
      c.member = true;
    }
    return;
  }
  if (!isObject(v)) return;
  for (const key in v) {
    const val = v[key];
    if (val === undefined) continue;
    const { type, declared } = childType(t, key);
    const c = node.child(`f:${key}`);
    toFieldSet(type, val, c);
    if (val === null || (isObject(val) && Object.keys(val).length === 0) || !declared) c.member = true;
  }
}

interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** compare records what changes from lhs to rhs (undefined = absent), as typed/compare.go does. */
function compare(t: TNode, lhs: Json, rhs: Json, path: string[], out: Comparison): void {
  const leaf = (): void => {
    if (lhs === undefined) out.added.insert(path);
    else if (rhs === undefined) out.removed.insert(path);
    else if (!sameJson(lhs, rhs)) out.modified.insert(path);
  };
  const node = (): void => {
    if (lhs === undefined) out.added.insert(path);
    else if (rhs === undefined) out.removed.insert(path);
  };
  if (t.t === 'scalar' || (t.t === 'list' && !t.keys && !t.set)) return leaf();
  if (t.t === 'list') {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    if ((lhs != null && !l) || (rhs != null && !r) || (!l?.length && !r?.length)) return leaf();
    const li = indexItems(t, l);
    const ri = indexItems(t, r);
    for (const [pe, lv] of li) {
      path.push(pe);
      compare(t.items, lv, ri.get(pe), path, out);
      path.pop();
    }
    for (const [pe, rv] of ri) {
      if (li.has(pe)) continue;
      path.push(pe);
      compare(t.items, undefined, rv, path, out);
      path.pop();
    }
    return node();
  }
  if (t.t === 'untyped' && !isObject(lhs) && !isObject(rhs)) return leaf();
  const l = isObject(lhs) ? lhs : undefined;
  const r = isObject(rhs) ? rhs : undefined;
  if ((lhs != null && !l) || (rhs != null && !r)) return leaf();
  const emptyL = !l || Object.keys(l).length === 0;
  const emptyR = !r || Object.keys(r).length === 0;
  if ((t.t !== 'untyped' && t.atomic) || (emptyL && emptyR)) return leaf();
  if (l) for (const key in l) {
    if (l[key] === undefined) continue;
    path.push(`f:${key}`);
    compare(childType(t, key).type, l[key], r?.[key], path, out);
    path.pop();
  }
  if (r) for (const key in r) {
    if (r[key] === undefined || (l && l[key] !== undefined)) continue;
    path.push(`f:${key}`);
    compare(childType(t, key).type, undefined, r[key], path, out);
    path.pop();
  }
  node();
}

function indexItems(t: Extract<TNode, { t: 'list' }>, items: Json[] | undefined): Map<string, Json> {
  const m = new Map<string, Json>();
  if (!items) return m;
  for (let i = 0; i < items.length; i++) {
    const pe = itemPE(t, items[i], i);
    if (pe !== undefined && !m.has(pe)) m.set(pe, items[i]);
  }
  return m;
}

/** merge merges the applied config into live (typed/merge.go with the config winning). */
function merge(t: TNode, live: Json, config: Json): Json {
  if (config === undefined) return live;
  if (live === undefined || live === null || config === null || isLeafType(t, config)) return config;
  if (t.t === 'list') {
    if (!Array.isArray(live) || !Array.isArray(config)) return config;
    const li = indexItems(t, live);
    const ri = indexItems(t, config);
    // Live items keep their place; applied items merge into theirs, new ones follow in the applied order.
    const out: Json[] = [];
    for (let i = 0; i < live.length; i++) {
      const pe = itemPE(t, live[i], i);
      if (pe === undefined || !li.has(pe)) continue;
      out.push(ri.has(pe) ? merge(t.items, live[i], ri.get(pe)) : live[i]);
    }
    for (const [pe, rv] of ri) if (!li.has(pe)) out.push(merge(t.items, undefined, rv));
    return out;
  }
  if (!isObject(live) || !isObject(config)) return config;
  const out: JsonObject = { ...live };
  for (const key in config) {
    if (config[key] === undefined) continue;
    out[key] = merge(childType(t, key).type, live[key], config[key]);
  }
  return out;
}

/**
 * prune removes from v the fields the manager applied last time (last) that nobody owns now (owned): a field
 * goes with everything under it unless some manager owns something there (update.go prune, addBackOwnedItems,
 * addBackDanglingItems). Maps and lists emptied this way go too.
 */
function prune(t: TNode, v: Json, last: FieldSet, owned: FieldSet | undefined): Json {
  if (!last.children) return v;
  if (t.t === 'list' && Array.isArray(v) && (t.keys || t.set)) {
    const out: Json[] = [];
    for (let i = 0; i < v.length; i++) {
      const pe = itemPE(t, v[i], i);
      const l = pe === undefined ? undefined : last.get(pe);
      if (!l) {
        out.push(v[i]);
        continue;
      }
      const o = owned?.get(pe!);
      if (!o) continue;
      const next = l.children ? prune(t.items, v[i], l, o) : v[i];
      if (next !== undefined) out.push(next);
    }
    return out.length ? out : undefined;
  }
  if (!isObject(v) || isLeafType(t, v)) return v;
  const out: JsonObject = { ...v };
  let changed = false;
  for (const [pe, l] of last.children) {
    if (!pe.startsWith('f:')) continue;
    const key = pe.slice(2);
    if (out[key] === undefined) continue;
    const o = owned?.get(pe);
    if (!o) {
      delete out[key];
      changed = true;
      continue;
    }
    if (!l.children) continue;
    const before = out[key];
    const next = prune(childType(t, key).type, before, l, o);
    if (next !== before) {
      changed = true;
      if (next === undefined || (isObject(next) && Object.keys(next).length === 0 && !(isObject(before) && Object.keys(before).length === 0))) delete out[key];
      else out[key] = next;
    }
  }
  if (!changed) return v;
  return Object.keys(out).length ? out : undefined;
}

function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => sameJson(ao[k], bo[k]));
}

// ---------------------------------------------------------------------------------------------------------------
// Managers

/** ManagedFieldsEntry is one entry of metadata.managedFields. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

type Managers = Map<string, Manager>;

/** managerId is BuildManagerIdentifier: everything but the fields and time, and no apiVersion for appliers. */
function managerId(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([m.manager, m.operation, m.operation === 'Apply' ? '' : m.apiVersion, m.subresource ?? '']);
}

/** decode reads metadata.managedFields; undefined when it is malformed. */
function decode(entries: unknown): Managers | undefined {
  const out: Managers = new Map();
  if (entries === undefined || entries === null) return out;
  if (!Array.isArray(entries)) return undefined;
  for (const e of entries as ManagedFieldsEntry[]) {
    if (typeof e !== 'object' || e === null || (e.operation !== 'Apply' && e.operation !== 'Update')) return undefined;
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') return undefined;
    const set = FieldSet.fromJSON(e.fieldsV1 ?? {});
    if (!set) return undefined;
    const m: Manager = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion ?? '', set };
    if (e.subresource) m.subresource = e.subresource;
    if (e.time) m.time = e.time;
    const id = managerId(m);
    const prev = out.get(id);
    if (prev) prev.set.union(set);
    else out.set(id, m);
  }
  return out;
}

/** encode writes the managers back, in kube-apiserver's order (sortEncodedManagedFields). */
function encode(managers: Managers): ManagedFieldsEntry[] | undefined {
  const list = [...managers.values()].filter((m) => !m.set.empty());
  if (!list.length) return undefined;
  const secs = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  list.sort((p, q) =>
    p.operation !== q.operation ? cmp(p.operation, q.operation)
    : secs(p.time) !== secs(q.time) ? secs(p.time) - secs(q.time)
    : p.manager !== q.manager ? cmp(p.manager, q.manager)
    : p.apiVersion !== q.apiVersion ? cmp(p.apiVersion, q.apiVersion)
    : cmp(p.subresource ?? '', q.subresource ?? ''));
  return list.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = m.set.toJSON();
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

/** STRIPPED are the paths no manager owns (stripmeta.go), taken out of every set exactly (not recursively). */
const STRIPPED = (() => {
  const s = new FieldSet();
  for (const p of [['f:apiVersion'], ['f:kind'], ['f:metadata'], ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => ['f:metadata', `f:${f}`])])
    s.insert(p);
  return s;
})();

/**
 * view is the part of an object a write may own: a main-resource write never owns status (the strategies'
 * reset fields), a status write owns only status; managedFields are never part of it.
 */
function view(k: Pick<KindInfo, 'hasStatus'>, obj: KubeObject | undefined, subresource: string | undefined): JsonObject | undefined {
  if (!obj) return undefined;
  if (subresource === 'status') return obj.status === undefined ? {} : { status: obj.status };
  const out: JsonObject = { ...obj };
  if (isObject(obj.metadata) && obj.metadata.managedFields !== undefined) {
    const { managedFields: _mf, ...rest } = obj.metadata;
    out.metadata = rest;
  }
  if (k.hasStatus) delete out.status;
  return out;
}

/** zeroObject is what Go's empty typed object looks like as JSON: the non-pointer structs are there. */
function zeroObject(k: KindInfo, t: TNode, subresource: string | undefined): JsonObject {
  if (subresource === 'status') return { status: {} };
  const has = (f: string) => t.t === 'struct' && t.fields.has(f);
  const out: JsonObject = { metadata: {} };
  const podTemplate = () => ({ metadata: {}, spec: { containers: null } });
  if (has('spec')) {
    const spec: JsonObject = {};
    switch (k.kind) {
      case 'Pod':
        spec.containers = null;
        break;
      case 'Deployment':
        Object.assign(spec, { selector: null, template: podTemplate(), strategy: {} });
        break;
      case 'ReplicaSet':
        Object.assign(spec, { selector: null, template: podTemplate() });
        break;
      case 'StatefulSet':
      case 'DaemonSet':
        Object.assign(spec, { selector: null, template: podTemplate(), updateStrategy: {} });
        break;
      case 'Job':
        spec.template = podTemplate();
        break;
      case 'CronJob':
        spec.jobTemplate = { metadata: {}, spec: { template: podTemplate() } };
        break;
    }
    out.spec = spec;
  }
  return out;
}

function conflictError(conflicts: { manager: Manager; path: string[] }[]): ApiError {
  const describe = (m: Manager) => {
    let s = JSON.stringify(m.manager);
    if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
    // printManager: the identifier carries no time, so an Update manager reads `"x" using apps/v1`.
    return m.operation === 'Update' ? `${s} using ${m.apiVersion}` : s;
  };
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${describe(c.manager)}: ${formatPath(c.path)}`;
  } else {
    const byManager = new Map<string, { m: Manager; paths: string[][] }>();
    for (const c of conflicts) {
      const id = managerId(c.manager);
      const g = byManager.get(id) ?? { m: c.manager, paths: [] };
      g.paths.push(c.path);
      byManager.set(id, g);
    }
    const lines: string[] = [];
    for (const id of [...byManager.keys()].sort()) {
      const g = byManager.get(id)!;
      lines.push(`conflicts with ${describe(g.m)}:`);
      for (const p of g.paths) lines.push(`- ${formatPath(p)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  // errors.NewApplyConflict: a 409 Conflict whose details carry only the causes.
  return failure(409, 'Conflict', message, {
    causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describe(c.manager)}`, field: formatPath(c.path) })),
  });
}

/**
 * takeFrom runs SMD's `update` over the other managers: fields the change modifies or adds leave them (a
 * conflict unless forced), fields it removes leave everyone. Conflicts come grouped by manager, in order.
 */
function takeFrom(managers: Managers, selfId: string, cmp: Comparison, force: boolean): void {
  const changed = cmp.modified.clone().union(cmp.added);
  const conflicts: { manager: Manager; path: string[] }[] = [];
  const taken = new Map<string, FieldSet>();
  for (const id of [...managers.keys()].sort()) {
    if (id === selfId) continue;
    const m = managers.get(id)!;
    const c = m.set.intersection(changed);
    if (!c.empty()) {
      taken.set(id, c);
      for (const p of c.paths()) conflicts.push({ manager: m, path: p });
    }
  }
  if (conflicts.length && !force) throw conflictError(conflicts);
  for (const [id, m] of managers) {
    if (id === selfId) continue;
    const c = taken.get(id);
    if (c) m.set.difference(c);
    if (cmp.removed.children || cmp.removed.member) m.set.difference(cmp.removed);
    if (m.set.empty()) managers.delete(id);
  }
}

/** ManagedWrite says who writes and how: the manager, the subresource, and the time of the write. */
export interface ManagedWrite {
  manager?: string;
  subresource?: string;
  time: string;
}

function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && isObject(entries[0]) && Object.keys(entries[0]).length === 0;
}

/**
 * recordUpdate sets obj.metadata.managedFields after a non-apply write of old (undefined: a create) to obj:
 * the writer's Update entry gains what the write changed, which the other managers lose (fieldmanager.go
 * Update with decodeLiveOrNew, managedfieldsupdater.go, skipnonapplied.go, stripmeta.go). obj is final:
 * defaulted and prepared by the strategy.
 */
export function recordUpdate(k: KindInfo, old: KubeObject | undefined, obj: KubeObject, w: ManagedWrite): void {
  const requested = obj.metadata.managedFields as unknown;
  let managers: Managers | undefined;
  if (w.subresource) managers = decode(old?.metadata.managedFields);
  else if (isReset(requested)) managers = new Map();
  else {
    managers = decode(requested);
    if (!managers || managers.size === 0) managers = decode(old?.metadata.managedFields);
  }
  managers ??= new Map();
  setManaged(obj, managers);
  // Without a manager nothing is recorded; an existing object nobody manages stays unmanaged (skipnonapplied.go).
  if (!w.manager || (old && managers.size === 0)) return;
  const t = typeOf(k);
  const cmp: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compare(t, old ? view(k, old, w.subresource) : zeroObject(k, t, w.subresource), view(k, obj, w.subresource), [], cmp);
  const self: Manager = { manager: w.manager, operation: 'Update', apiVersion: apiVersionOf(k), set: new FieldSet() };
  if (w.subresource) self.subresource = w.subresource;
  const selfId = managerId(self);
  takeFrom(managers, '', cmp, true); // the writer's own entry loses what changes too, then gains it back
  const current = cmp.modified.union(cmp.added).difference(STRIPPED);
  if (!current.empty()) {
    const prev = managers.get(selfId);
    if (prev) {
      prev.set.union(current);
      prev.time = w.time;
    } else managers.set(selfId, { ...self, set: current, time: w.time });
  }
  setManaged(obj, managers);
}

function setManaged(obj: KubeObject, managers: Managers): void {
  const entries = encode(managers);
  if (entries) (obj.metadata as { managedFields?: unknown }).managedFields = entries;
  else delete (obj.metadata as { managedFields?: unknown }).managedFields;
}

/**
 * applyConfig runs a server-side apply of config by w.manager to live (undefined: the apply creates): it returns
 * the object to write (merged, pruned, with its managedFields) or throws the 409 of the conflicts.
 */
export function applyConfig(k: KindInfo, live: KubeObject | undefined, config: KubeObject, w: ManagedWrite & { force?: boolean }): KubeObject {
  const t = typeOf(k);
  const manager = w.manager ?? '';
  const applied = new FieldSet();
  const cfg = view(k, config, w.subresource) ?? {};
  toFieldSet(t, cfg, applied);
  applied.clean();
  const self: Manager = { manager, operation: 'Apply', apiVersion: apiVersionOf(k), set: applied.clone().difference(STRIPPED), time: w.time };
  if (w.subresource) self.subresource = w.subresource;
  const selfId = managerId(self);
  if (!live) {
    const obj = cloneJSON(config);
    const managers: Managers = new Map([[selfId, self]]);
    setManaged(obj, managers);
    return obj;
  }
  let managers = decode(live.metadata.managedFields) ?? new Map<string, Manager>();
  if (managers.size === 0) {
    // An object nobody manages gets a manager for what it holds before its first apply (skipnonapplied.go).
    const before: Manager = { manager: 'before-first-apply', operation: 'Update', apiVersion: apiVersionOf(k), set: new FieldSet() };
    const cmp: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
    compare(t, zeroObject(k, t, w.subresource), view(k, live, w.subresource), [], cmp);
    before.set = cmp.modified.union(cmp.added).difference(STRIPPED);
    managers = new Map();
    if (!before.set.empty()) managers.set(managerId(before), before);
  }
  const last = managers.get(selfId)?.set;
  managers.set(selfId, self);
  const liveView = view(k, live, w.subresource)!;
  let merged = merge(t, liveView, cfg) as JsonObject;
  if (last && !last.empty()) {
    const owned = applied.clone().union(STRIPPED);
    for (const m of managers.values()) owned.union(m.set);
    merged = (prune(t, merged, last, owned) as JsonObject | undefined) ?? {};
  }
  const cmp: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compare(t, liveView, merged, [], cmp);
  takeFrom(managers, selfId, cmp, w.force === true);
  let obj: KubeObject;
  if (w.subresource === 'status') obj = { ...cloneJSON(live), status: merged.status } as KubeObject;
  else {
    obj = cloneJSON(merged) as unknown as KubeObject;
    if (k.hasStatus && live.status !== undefined) obj.status = cloneJSON(live.status);
  }
  obj.metadata ??= {};
  setManaged(obj, managers);
  return obj;
}

/**
 * keepTimesIfOnlyTimesChanged gives obj the managedFields of old when they differ only in their times: a write
 * that changes nothing else stays a no-op (fieldmanager's IgnoreManagedFieldsTimestampsTransformer).
 * Returns true when it did.
 */
export function keepTimesIfOnlyTimesChanged(old: KubeObject, obj: KubeObject): boolean {
  const a = old.metadata.managedFields as ManagedFieldsEntry[] | undefined;
  const b = obj.metadata.managedFields as ManagedFieldsEntry[] | undefined;
  if (!a || !b || a === b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.manager !== y.manager || x.operation !== y.operation || x.apiVersion !== y.apiVersion || x.subresource !== y.subresource || !sameJson(x.fieldsV1, y.fieldsV1))
      return false;
  }
  (obj.metadata as { managedFields?: unknown }).managedFields = a;
  return true;
}

/** fieldSetOf is the FieldsV1 of an object as an applier of it would own it (for tests and tools). */
export function fieldSetOf(k: KindInfo, obj: KubeObject): Record<string, unknown> {
  const s = new FieldSet();
  toFieldSet(typeOf(k), view(k, obj, undefined), s);
  s.clean();
  return s.difference(STRIPPED).toJSON();
}
