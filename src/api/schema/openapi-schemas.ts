import { modelInfo, ktFile, ktLocations, type ModelAttribute, type KtType } from './model-source.js';
import { KINDS } from '../kinds.js';

/**
 * OpenAPI schemas for the served kinds, derived on demand from the generated models of `@kubernetes/client-node`
 * (types, formats, required fields, descriptions) and `kubernetes-types` (which package each type belongs to,
 * which strings are Quantities, and the field descriptions with their paragraphs). Schemas are named as
 * kube-apiserver names them (`io.k8s.api.apps.v1.Deployment`) and shaped as its OpenAPI v3 documents shape
 * them, so `kubectl explain` prints what it prints against a real cluster. Only the types a kind reaches are
 * read, each once.
 */

/** OpenApiSchema is one OpenAPI v3 schema object, as JSON. */
export type OpenApiSchema = { [key: string]: unknown };

/** GVK is a group, version and kind, as the `x-kubernetes-group-version-kind` extension writes it. */
export interface GVK {
  group: string;
  version: string;
  kind: string;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** Names of the scalar and free-form types the models inline as strings, dates and `any`. */
export const TIME = `${META}.Time`;
export const MICRO_TIME = `${META}.MicroTime`;
export const FIELDS_V1 = `${META}.FieldsV1`;
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

const INT_OR_STRING_DOC =
  'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.';

/** Package is where a type lives: its kubernetes-types file (`apps/v1`) and its schema name prefix. */
interface Package {
  folder: string;
  version: string;
}

function packageName(p: Package): string {
  if (p.folder === 'meta') return `io.k8s.apimachinery.pkg.apis.meta.${p.version}`;
  if (p.folder === 'apiextensions') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${p.version}`;
  if (p.folder === 'apiregistration') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${p.version}`;
  return `io.k8s.api.${p.folder}.${p.version}`;
}

function groupFolder(group: string): string {
  return group ? group.split('.')[0]! : 'core';
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** schemaNameFor is kube-apiserver's name for a kind's schema, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function schemaNameFor(gvk: GVK): string {
  return `${packageName({ folder: groupFolder(gvk.group), version: gvk.version })}.${gvk.kind}`;
}

/**
 * modelClassFor finds the client-node model class of a kind: the group-prefixed name when the generator had
 * to disambiguate (`CoreV1Event`, `EventsV1Event`), else the plain one (`V1Pod`, `V2HorizontalPodAutoscaler`).
 */
export function modelClassFor(gvk: GVK): string | undefined {
  const ver = capitalize(gvk.version);
  const prefix = gvk.group ? capitalize(groupFolder(gvk.group)) : 'Core';
  for (const c of [`${prefix}${ver}${gvk.kind}`, `${ver}${gvk.kind}`]) if (modelInfo(c)) return c;
  return undefined;
}

const schemas = new Map<string, OpenApiSchema>();
const classNames = new Map<string, string>();

/** schemaByName returns a schema built so far (after `schemaForKind` reached it). */
export function schemaByName(name: string): OpenApiSchema | undefined {
  return schemas.get(name);
}

function normalize(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * pickDescription prefers the kubernetes-types text when it says the same as client-node's (client-node
 * flattens paragraphs into double spaces; explain prints them as paragraphs), and when client-node has none
 * or only repeats the referenced type's description.
 */
function pickDescription(cn: string | undefined, kt: string | undefined, typeDoc?: string): string | undefined {
  if (!cn || (typeDoc && normalize(cn) === normalize(typeDoc))) return kt ?? (typeDoc ? undefined : cn);
  if (kt && normalize(kt) === normalize(cn)) return kt;
  return cn;
}

function ref(name: string): OpenApiSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** Places a type name in a package: client-node's group prefix, else kubernetes-types' files, else the referrer's. */
function locate(className: string, ctx: Package): { pkg: Package; bare: string } | undefined {
  const m = /^([A-Z][a-z]+)?(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/.exec(className);
  if (!m) return undefined;
  const version = m[2]!.toLowerCase();
  const bare = m[3]!;
  if (m[1]) return { pkg: { folder: m[1].toLowerCase(), version }, bare };
  const locs = ktLocations(version, bare).map((f) => f.split('/')[0]!);
  let folder: string;
  if (locs.includes(ctx.folder) && ctx.version === version) folder = ctx.folder;
  else if (locs.length === 1) folder = locs[0]!;
  else if (locs.includes('core')) folder = 'core';
  else if (locs.includes('meta')) folder = 'meta';
  else if (locs[0]) folder = locs[0];
  else folder = ctx.version === version ? ctx.folder : 'core';
  return { pkg: { folder, version }, bare };
}

function specialSchema(name: string): OpenApiSchema | undefined {
  const metaDoc = (t: string) => ktFile('meta/v1')?.get(t)?.description;
  switch (name) {
    case TIME:
    case MICRO_TIME:
      return { description: metaDoc(name === TIME ? 'Time' : 'MicroTime'), type: 'string', format: 'date-time' };
    case FIELDS_V1:
      return { description: metaDoc('FieldsV1'), type: 'object' };
    case QUANTITY:
      return { description: ktFile('api/resource')?.get('Quantity')?.description, oneOf: [{ type: 'string' }, { type: 'number' }] };
    case INT_OR_STRING:
      return {
        description: INT_OR_STRING_DOC,
        format: 'int-or-string',
        oneOf: [{ type: 'integer' }, { type: 'string' }],
        'x-kubernetes-int-or-string': true,
      };
    case RAW_EXTENSION:
      return { description: ktFile('runtime')?.get('RawExtension')?.description, type: 'object' };
  }
  return undefined;
}

function ensureSpecial(name: string): string {
  if (!schemas.has(name)) schemas.set(name, dropUndefined(specialSchema(name)!));
  return name;
}

function dropUndefined(o: OpenApiSchema): OpenApiSchema {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** Builds (once) the schema of a client-node model class and returns its schema name. */
function buildModel(className: string, ctx: Package, as?: { name: string; pkg: Package; gvk?: GVK }): string | undefined {
  const key = as ? `${as.name}` : `${className}@${packageName(ctx)}`;
  const known = as ? (schemas.has(as.name) ? as.name : undefined) : classNames.get(key);
  if (known) return known;
  const info = modelInfo(className);
  if (!info) return undefined;
  let name: string;
  let pkg: Package;
  let kt: KtType | undefined;
  if (as) {
    ({ name, pkg } = as);
    kt = ktFile(`${pkg.folder}/${pkg.version}`)?.get(as.gvk?.kind ?? name.slice(name.lastIndexOf('.') + 1));
  } else {
    const loc = locate(className, ctx);
    if (!loc) {
      name = className === 'VersionInfo' ? 'io.k8s.apimachinery.pkg.version.Info' : `${packageName(ctx)}.${className}`;
      pkg = ctx;
    } else {
      pkg = loc.pkg;
      name = `${packageName(pkg)}.${loc.bare}`;
      kt = ktFile(`${pkg.folder}/${pkg.version}`)?.get(loc.bare);
    }
    classNames.set(key, name);
    if (schemas.has(name)) return name;
  }
  const schema: OpenApiSchema = {};
  schemas.set(name, schema); // before the fields: types can reach themselves (JSONSchemaProps)
  const description = pickDescription(info.description, kt?.description);
  if (description) schema.description = description;
  schema.type = 'object';
  const properties: Record<string, OpenApiSchema> = {};
  const required: string[] = [];
  for (const a of info.attributes) {
    const ktField = kt?.fields.get(a.baseName);
    properties[a.baseName] = propertySchema(a, ktField?.type, ktField?.description, pkg);
    if (a.required) required.push(a.baseName);
  }
  schema.properties = properties;
  if (required.length) schema.required = required;
  return name;
}

function leafSchema(type: string, format: string, ktType: string | undefined, ctx: Package): OpenApiSchema {
  let m = /^Array<(.+)>$/.exec(type);
  if (m) return { type: 'array', items: leafSchema(m[1]!, format, ktType, ctx) };
  m = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (m) return { type: 'object', additionalProperties: leafSchema(m[1]!, format, ktType, ctx) };
  switch (type) {
    case 'string':
      if (ktType && /\bQuantity\b/.test(ktType)) return ref(ensureSpecial(QUANTITY));
      return format === 'byte' ? { type: 'string', format: 'byte' } : { type: 'string' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      return format ? { type: 'number', format } : { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'Date':
      return ref(ensureSpecial(format === 'date-time-micro' ? MICRO_TIME : TIME));
    case 'IntOrString':
      return ref(ensureSpecial(INT_OR_STRING));
    case 'V1MicroTime': // named as a class, but no model exists: it is a string
      return ref(ensureSpecial(MICRO_TIME));
    case 'V1Time':
      return ref(ensureSpecial(TIME));
    case 'any':
      if (ktType && /\bFieldsV1\b/.test(ktType)) return ref(ensureSpecial(FIELDS_V1));
      if (ktType && /\bRawExtension\b/.test(ktType)) return ref(ensureSpecial(RAW_EXTENSION));
      return { 'x-kubernetes-preserve-unknown-fields': true };
  }
  const name = buildModel(type, ctx);
  return name ? ref(name) : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
}

function propertySchema(a: ModelAttribute, ktType: string | undefined, ktDoc: string | undefined, ctx: Package): OpenApiSchema {
  const leaf = leafSchema(a.type, a.format, ktType, ctx);
  const target = typeof leaf.$ref === 'string' ? schemas.get(leaf.$ref.slice('#/components/schemas/'.length)) : undefined;
  const description = pickDescription(a.description, ktDoc, target?.description as string | undefined);
  if (typeof leaf.$ref === 'string') return description ? { allOf: [leaf], description } : leaf;
  return description ? { ...leaf, description } : leaf;
}

/** KindSchemaRoots are the schemas a kind's operations reference: the kind, its list, and what they reach. */
export interface KindSchemaRoots {
  /** The kind's schema name. */
  kind: string;
  /** The list kind's schema name (absent when the models have no list class). */
  list?: string;
  /** False when no model was found and a generic object schema stands in. */
  derived: boolean;
}

const kindRoots = new Map<string, KindSchemaRoots>();

/**
 * schemaForKind builds (once, cached) the schema of a served kind and of its list, tagged with
 * `x-kubernetes-group-version-kind`; a kind without a model gets a generic object schema that keeps unknown
 * fields, so it still works with kubectl (fields are then not checked).
 */
export function schemaForKind(gvk: GVK, listKind = `${gvk.kind}List`): KindSchemaRoots {
  return kindSchema(gvk, listKind);
}

let registered = false;

/**
 * schemasForAllKinds builds every registered kind (once). Documents call it before serialising anything, so
 * each kind's schema carries its GVK in every document that reaches it (a StatefulSet reaches
 * PersistentVolumeClaim), whatever order documents are asked for in.
 */
export function schemasForAllKinds(): void {
  if (registered) return;
  registered = true;
  for (const k of KINDS) kindSchema({ group: k.group, version: k.version, kind: k.kind }, k.listKind);
}

function tagGvk(name: string | undefined, gvk: GVK): string | undefined {
  const s = name ? schemas.get(name) : undefined;
  if (!s) return name;
  const tags = (s['x-kubernetes-group-version-kind'] ??= []) as GVK[];
  if (!tags.some((t) => t.group === gvk.group && t.version === gvk.version && t.kind === gvk.kind))
    tags.push({ group: gvk.group, kind: gvk.kind, version: gvk.version } as GVK);
  return name;
}

function kindSchema(gvk: GVK, listKind: string): KindSchemaRoots {
  const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
  const hit = kindRoots.get(key);
  if (hit) return hit;
  const pkg: Package = { folder: groupFolder(gvk.group), version: gvk.version };
  const name = schemaNameFor(gvk);
  const cls = modelClassFor(gvk);
  let roots: KindSchemaRoots;
  if (cls && tagGvk(buildModel(cls, pkg, { name, pkg, gvk }), gvk)) {
    const listGvk = { ...gvk, kind: listKind };
    const listCls = modelClassFor(listGvk);
    const listName = listCls ? tagGvk(buildModel(listCls, pkg, { name: schemaNameFor(listGvk), pkg, gvk: listGvk }), listGvk) : undefined;
    roots = { kind: name, list: listName, derived: true };
  } else {
    const meta = metaSchema('ObjectMeta');
    schemas.set(name, {
      description: `${gvk.kind} (${gvk.group || 'core'}/${gvk.version}).`,
      type: 'object',
      properties: {
        apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
        kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
        ...(meta ? { metadata: { allOf: [ref(meta)], description: "Standard object's metadata." } } : {}),
      },
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: gvk.kind, version: gvk.version }],
    });
    roots = { kind: name, derived: false };
  }
  kindRoots.set(key, roots);
  return roots;
}

/** metaSchema builds a meta/v1 type (`ObjectMeta`, `DeleteOptions`, `Status`) and returns its name. */
export function metaSchema(type: string): string | undefined {
  return buildModel(`V1${type}`, { folder: 'meta', version: 'v1' });
}

/** modelSchema builds any model class in the given group version's package (e.g. `V1Scale` of autoscaling/v1). */
export function modelSchema(className: string, group: string, version: string): string | undefined {
  return buildModel(className, { folder: groupFolder(group), version });
}

/** reachableSchemas collects the named schemas and every schema they reference, for `components.schemas`. */
export function reachableSchemas(roots: Iterable<string>): Record<string, OpenApiSchema> {
  const out: Record<string, OpenApiSchema> = {};
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop()!;
    if (name in out) continue;
    const s = schemas.get(name);
    if (!s) continue;
    out[name] = s;
    collectRefs(s, stack);
  }
  const sorted: Record<string, OpenApiSchema> = {};
  for (const k of Object.keys(out).sort()) sorted[k] = out[k]!;
  return sorted;
}

function collectRefs(v: unknown, into: string[]): void {
  if (Array.isArray(v)) for (const x of v) collectRefs(x, into);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') into.push(x.slice(x.lastIndexOf('/') + 1));
      else collectRefs(x, into);
    }
  }
}
