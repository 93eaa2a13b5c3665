import type { HttpClient } from '../../client/http-client.js';
import { DISCOVERY_ACCEPT } from './api-resources.js';
import type { Command, Ctx } from './command.js';
import { UsageError } from './flags.js';

/**
 * `kubectl explain TYPE[.field.path] [--recursive] [--api-version=G/V]`, as kubectl 1.35 does it: the type is
 * found through discovery (as its RESTMapper finds it), the group version's OpenAPI v3 document is fetched from
 * /openapi/v3, and the document is rendered by the rules of kubectl's `plaintext.tmpl` (k8s.io/kubectl
 * pkg/explain/v2/templates), re-stated here in TypeScript: which schema has the kind, how a field path is
 * followed through `$ref`, `allOf`, `items` and `additionalProperties`, how a type is named, how descriptions are
 * joined and word-wrapped (mitchellh/go-wordwrap), and what is printed before an error stops the template.
 */

type Schema = { [key: string]: unknown };
type Doc = { [key: string]: unknown };

/** Go template truth: nil, false, 0, "" and empty arrays and maps are false. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

const isMap = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v);
/** Go's text/template ranges over a map in sorted key order (byte order). */
const sortedKeys = (m: Schema) => Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
/** The template's `or`: the first truthy argument, else the last. */
const or = <T>(...vs: T[]): T => vs.find(truthy) ?? vs[vs.length - 1]!;

/** The template's resolveRef: a `#/a/b` fragment followed through nested maps, else nothing. */
function resolveRef(ref: unknown, doc: Doc): Schema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let cur: Schema = doc;
  for (const k of ref.slice(1).split('/')) {
    if (!k) continue;
    const next = cur[k];
    if (!isMap(next)) return undefined;
    cur = next;
  }
  return cur;
}

/** additionalProperties counts only when it is a schema, not a bool. */
const additional = (s: Schema): Schema | undefined => (isMap(s.additionalProperties) && truthy(s.additionalProperties) ? s.additionalProperties : undefined);

/** The template's `indent`: pad the first line and every line after a newline. */
function indent(n: number, s: string): string {
  const pad = ' '.repeat(n);
  return pad + s.split('\n').join(`\n${pad}`);
}

/** Go's unicode.IsSpace. */
function isSpace(c: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
}

/** mitchellh/go-wordwrap v1.0.1 WrapString: wraps at white space to lim characters; long words overflow. */
export function wrapString(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = '';
  let space = '';
  let wordLen = 0;
  let spaceLen = 0;
  // The pending spaces and word go out together (WrapString's spaceBuf and wordBuf written, then reset).
  const flush = () => {
    current += spaceLen + wordLen;
    buf += space + word;
    space = '';
    spaceLen = 0;
    word = '';
    wordLen = 0;
  };
  for (const ch of s) {
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          buf += space;
        }
        space = '';
        spaceLen = 0;
      } else flush();
      buf += ch;
      current = 0;
    } else if (isSpace(ch) && ch !== '\u00a0') {
      if (spaceLen === 0 || wordLen > 0) flush();
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + wordLen + spaceLen > lim && wordLen < lim) {
        buf += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

/** Go's %v of a JSON value decoded into `any` (enum members are strings, now and then numbers or bools). */
function goValue(v: unknown): string {
  if (typeof v === 'number' && v !== 0) {
    // Numbers decode as float64, which %v writes as the shortest %g: exponent form when the exponent is < -4 or >= 6.
    const exp = Math.floor(Math.log10(Math.abs(v)));
    if (exp < -4 || exp >= 6) return v.toExponential().replace(/e([+-])(\d)$/, (_m, sign: string, d: string) => `e${sign}0${d}`);
  }
  return String(v);
}

/** Template "typeGuess": `string`, `[]Container`, `map[string]string`, `Object`, a referenced type's short name. */
function typeGuess(schema: unknown, doc: Doc): string {
  if (!truthy(schema) || !isMap(schema)) throw new Error('expected schema argument to subtemplate \'typeguess\'');
  if (truthy(schema.items)) return `[]${typeGuess(schema.items, doc)}`;
  const addl = additional(schema);
  if (addl) return `map[string]${typeGuess(addl, doc)}`;
  if (truthy(schema.allOf) && !truthy(schema.properties) && (schema.allOf as unknown[]).length === 1) return typeGuess((schema.allOf as unknown[])[0], doc);
  const ref = schema.$ref;
  if (truthy(ref)) {
    const refSchema = resolveRef(ref, doc);
    if (!truthy(refSchema) || !truthy(refSchema!.type) || refSchema!.type === 'object') {
      const name = String(ref).split('/').pop()!;
      return name.split('.').pop() || 'Object';
    }
    return String(refSchema!.type);
  }
  if (schema.type === 'object') return 'Object';
  return truthy(schema.type) ? String(schema.type) : 'Object';
}

/** Template "extractEnum": `ENUM:` with one value a line (long view), or `enum: a, b, ....` after a field line. */
function extractEnum(schema: unknown, longView: boolean, limit: number, indentAmount = 0): string {
  if (!isMap(schema) || !truthy(schema.enum) || !Array.isArray(schema.enum)) return '';
  let out = longView ? 'ENUM:' : `\n${indent(indentAmount, '')}enum: `;
  const lim = limit || -1;
  schema.enum.forEach((el, i) => {
    if (out.endsWith(', ....')) return;
    if (lim > -1 && i >= lim) {
      out += ', ....';
      return;
    }
    if (i > 0 && !longView) out += ', ';
    else if (longView) out += `\n${indent(4, '')}`;
    out += el === '' ? '""' : goValue(el);
  });
  return out;
}

/** Template "description": the schema's description, then those of its allOf, items and additionalProperties. */
function description(schema: unknown, doc: Doc): string {
  const s = or<unknown>(resolveRef(isMap(schema) ? schema.$ref : undefined, doc), schema);
  if (!truthy(s) || !isMap(s)) return '';
  let out = truthy(s.description) ? `${String(s.description)}\n` : '';
  for (const a of Array.isArray(s.allOf) ? s.allOf : []) out += description(a, doc);
  if (truthy(s.items)) out += description(s.items, doc);
  const addl = additional(s);
  if (addl) out += description(addl, doc);
  return out;
}

interface Walk {
  doc: Doc;
  recursive: boolean;
  history: Set<string>;
}

/** Template "fieldDetail": `name\t<type> -required-`, enum, then (unless short) the wrapped description. */
function fieldDetail(name: string, parent: Schema, short: boolean, level: number, doc: Doc): string {
  const indentAmount = level * 2;
  const field = (parent.properties as Schema)[name];
  let out = `${indent(indentAmount, name)}\t<${typeGuess(field, doc)}>`;
  if (Array.isArray(parent.required) && parent.required.includes(name)) out += ' -required-';
  out += extractEnum(field, false, 4, indentAmount);
  out += '\n';
  if (!short) {
    const text = or<unknown>(isMap(field) ? field.description : undefined, '<no description>');
    out += `${indent(indentAmount + 2, wrapString(String(text), 78 - indentAmount))}\n\n`;
  }
  return out;
}

/** Template "fieldList": the fields of a schema, and with --recursive their fields, refs followed once a path. */
function fieldList(schema: unknown, level: number, w: Walk): string {
  if (!isMap(schema)) return '';
  const ref = truthy(schema.$ref) ? String(schema.$ref) : '';
  if (ref && w.history.has(ref)) return '';
  const next: Walk = { ...w, history: new Set([...w.history, ref]) };
  const resolved = or<unknown>(resolveRef(ref, w.doc), schema);
  if (!isMap(resolved)) return '';
  let out = '';
  const props = isMap(resolved.properties) ? resolved.properties : {};
  for (const k of sortedKeys(props)) {
    out += fieldDetail(k, resolved, w.recursive, level, w.doc);
    if (w.recursive) out += fieldList(props[k], level + 1, next);
  }
  for (const a of Array.isArray(resolved.allOf) ? resolved.allOf : []) out += fieldList(a, level, next);
  if (truthy(resolved.items)) out += fieldList(resolved.items, level, next);
  const addl = additional(resolved);
  if (addl) out += fieldList(addl, level, next);
  return out;
}

/** Template "output": follows the field path, then prints DESCRIPTION and FIELDS; nothing when the path is not there. */
function output(schema: unknown, path: string[], w: Walk): string {
  const s = isMap(schema) ? schema : {};
  const ref = truthy(s.$ref) ? String(s.$ref) : '';
  const next: Walk = { ...w, history: new Set([...w.history, ref]) };
  const resolved = or<unknown>(resolveRef(ref, w.doc), schema);
  const r = isMap(resolved) ? resolved : {};
  if (!path.length) {
    let out = `DESCRIPTION:\n${indent(4, wrapString(or(description(resolved, w.doc), '<empty>'), 76))}\n`;
    const fields = fieldList(resolved, 1, { ...w, history: new Set() });
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  if (ref && w.history.has(ref)) return '';
  const props = isMap(r.properties) ? r.properties : undefined;
  if (props && truthy(props[path[0]!])) {
    const sub = props[path[0]!];
    let out = '';
    if (path.length === 1) out += `FIELD: ${path[0]} <${typeGuess(sub, w.doc)}>\n${extractEnum(sub, true, -1)}\n\n`;
    return out + output(sub, path.slice(1), { ...next, history: new Set() });
  }
  if (truthy(r.items)) return output(r.items, path, next);
  const addl = additional(r);
  if (addl) return output(addl, path, next);
  for (const a of Array.isArray(r.allOf) ? r.allOf : []) {
    const o = output(a, path, next);
    if (o) return o;
  }
  return '';
}

/** Go's reflect.DeepEqual of two JSON-decoded values. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Go's %v of a map[string]any: `map[group:apps kind:Deployment version:v1]`. */
function goMap(m: Schema): string {
  return `map[${sortedKeys(m)
    .map((k) => `${k}:${goValue(m[k])}`)
    .join(' ')}]`;
}

interface GVR {
  group: string;
  version: string;
  resource: string;
}
/** schema.GroupVersionResource's String: `apps/v1, Resource=deployments`, `/v1, Resource=pods` for core. */
const gvrString = (g: GVR) => `${g.group}/${g.version}, Resource=${g.resource}`;

/**
 * render is kubectl's plaintext template on one group version's document: the header, then the schema whose
 * `x-kubernetes-group-version-kind` holds the GVK of the resource's operations. The header is out before an error
 * stops the template, so it is returned with the error.
 */
export function render(doc: Doc, gvr: GVR, path: string[], recursive: boolean): { out: string; error?: string } {
  const prefix = gvr.group ? `/apis/${gvr.group}` : '/api';
  const paths = isMap(doc.paths) ? doc.paths : {};
  const searchPaths = [
    [prefix, gvr.version, gvr.resource],
    [prefix, gvr.version, gvr.resource, '{name}'],
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource],
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource, '{name}'],
  ].map((p) => p.join('/'));
  // The template assigns the GVK of each path's first operation that has one; a later path overwrites it.
  let gvk: unknown;
  for (const sp of searchPaths) {
    const element = paths[sp];
    if (!truthy(element) || !isMap(element)) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = element[method];
      if (!truthy(op) || !isMap(op)) continue;
      gvk = op['x-kubernetes-group-version-kind'];
      if (truthy(gvk)) break;
    }
  }
  if (!truthy(gvk) || !isMap(gvk)) return { out: '', error: `error: GVR (${gvrString(gvr)}) not found in OpenAPI schema` };
  let out = '';
  if (truthy(gvk.group)) out += `GROUP:      ${goValue(gvk.group)}\n`;
  out += `KIND:       ${goValue(gvk.kind)}\nVERSION:    ${goValue(gvk.version)}\n\n`;
  const schemas = isMap(doc.components) && isMap(doc.components.schemas) ? doc.components.schemas : {};
  let body = '';
  for (const name of sortedKeys(schemas)) {
    const s = schemas[name];
    const kinds = isMap(s) ? s['x-kubernetes-group-version-kind'] : undefined;
    if (!Array.isArray(kinds) || !kinds.some((k) => deepEqual(k, gvk))) continue;
    body = output(s, path, { doc, recursive, history: new Set() });
    if (!body) return { out, error: `error: field "${path[path.length - 1]}" does not exist` };
    break;
  }
  if (!body) return { out, error: `error: GVK ${goMap(gvk)} not found in OpenAPI schema` };
  return { out: `${out}${body}\n` };
}

interface Mapping extends GVR {
  singular: string;
  shortNames: string[];
}

/** Every resource of every served version, in discovery's priority order (core first, preferred versions first). */
async function discoveryMappings(client: HttpClient): Promise<Mapping[] | undefined> {
  const out: Mapping[] = [];
  for (const p of ['/api', '/apis']) {
    const doc = await client.request<{ kind?: string; items?: { metadata?: { name?: string }; versions?: { version: string; resources?: { resource: string; singularResource?: string; shortNames?: string[]; responseKind?: { kind?: string } }[] }[] }[] }>(
      'GET',
      p,
      undefined,
      undefined,
      DISCOVERY_ACCEPT,
    );
    if (doc?.kind !== 'APIGroupDiscoveryList') return undefined;
    for (const g of doc.items ?? [])
      for (const v of g.versions ?? [])
        for (const r of v.resources ?? []) {
          if (!r.responseKind) continue;
          const singular = r.singularResource || (r.responseKind.kind ?? '').toLowerCase();
          out.push({ group: g.metadata?.name ?? '', version: v.version, resource: r.resource, singular, shortNames: r.shortNames ?? [] });
        }
  }
  return out;
}

/**
 * resourcesFor is the RESTMapper's ResourcesFor for a bare resource word: a short name expands to its resource in
 * its group first; then plural or singular names match, in priority order, one entry per group version.
 */
function resourcesFor(word: string, all: Mapping[]): Mapping[] {
  const w = word.toLowerCase();
  const short = all.find((m) => m.shortNames.includes(w));
  if (short) return all.filter((m) => m.group === short.group && m.resource === short.resource);
  return all.filter((m) => m.resource === w || m.singular === w);
}

/** The field names a dotted `TYPE.a.b` names, as kubectl's jsonpath reads them; undefined for anything richer. */
const SIMPLE_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** explainCommand is `kubectl explain TYPE[.field...]`, from the server's OpenAPI v3 documents. */
export const explainCommand: Command = {
  flags: { '--recursive': ['bool'], '--api-version': ['value'], '--output': ['value', '-o'] },
  async run(ctx: Ctx) {
    if (!ctx.args.length) throw new UsageError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
    if (ctx.args.length > 1) throw new UsageError('We accept only this format: explain RESOURCE');
    const format = ctx.flags.str('--output') ?? 'plaintext';
    // The OpenAPI v2 renderer reads /openapi/v2, which the simulated server does not serve.
    if (format === 'plaintext-openapiv2') return undefined;
    const input = ctx.args[0]!;
    if (!SIMPLE_PATH.test(input)) return undefined;
    const nodes = input.split('.');
    const { client } = await ctx.connect();
    const all = await discoveryMappings(client);
    if (!all) return undefined;
    const matches = resourcesFor(nodes[0]!, all);
    if (!matches.length) {
      ctx.io.err(`the server doesn't have a resource type "${nodes[0]}"\n`);
      return 1;
    }
    let gvr: GVR = matches[0]!;
    let path = nodes.slice(1);
    const apiVersion = ctx.flags.str('--api-version');
    if (!apiVersion) {
      // The first match whose `resource.group` starts the input wins; what follows that prefix is read again as a
      // jsonpath, whose first node is dropped (so `deployments.apps.spec` is spec, and `deployments.appsx` is nothing).
      for (const m of matches) {
        const gr = m.group ? `${m.resource}.${m.group}` : m.resource;
        if (input.startsWith(gr)) {
          gvr = m;
          const suffix = input.slice(gr.length);
          path = suffix ? suffix.split('.').slice(1) : [];
          break;
        }
      }
    } else {
      const parts = apiVersion.split('/');
      if (parts.length > 2) throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
      gvr = { group: parts.length === 2 ? parts[0]! : '', version: parts[parts.length - 1]!, resource: gvr.resource };
    }
    gvr = { group: gvr.group, version: gvr.version, resource: gvr.resource };
    const index = await client.request<{ paths?: Record<string, { serverRelativeURL?: string }> }>('GET', '/openapi/v3');
    const gvPath = gvr.group ? `apis/${gvr.group}/${gvr.version}` : `api/${gvr.version}`;
    const entry = index.paths?.[gvPath];
    if (!entry) throw new Error(`couldn't find resource for "${gvrString(gvr)}"`);
    const doc = await client.request<Doc>('GET', entry.serverRelativeURL ?? `/openapi/v3/${gvPath}`);
    if (format !== 'plaintext') throw new Error(`unrecognized format: ${format}`);
    const { out, error } = render(doc, gvr, path, ctx.flags.bool('--recursive'));
    ctx.io.out(out);
    if (error) {
      ctx.io.err(`${error}\n`);
      return 1;
    }
    return 0;
  },
};
