import type { KindInfo } from '../kinds.js';
import { schemaForKind, schemaByName, type OpenApiSchema } from './openapi-schemas.js';

/**
 * Field checks as kube-apiserver's strict decoder makes them (`fieldValidation=Strict|Warn`): unknown fields,
 * checked against the kind's OpenAPI schema, and duplicate fields, found in the raw JSON text. Paths are written
 * as sigs.k8s.io/json writes them (internal/golang/encoding/json/kubernetes_patch.go: `appendStrictFieldStackKey`
 * joins keys with ".", `appendStrictFieldStackIndex` appends "[i]"), e.g.
 * `spec.template.spec.containers[0].imagee`; map keys are path elements too (`metadata.labels.app`).
 * The schema is read once per kind; each check is then a walk over the object, with no I/O.
 */

/** A CheckNode says which keys an object may have; LEAF is a scalar or free-form value that is not looked into. */
interface CheckNode {
  /** Known fields of a struct (absent for maps and lists). */
  props?: Map<string, CheckNode>;
  /** Unknown keys are allowed (a kind without a model: its known fields are still checked). */
  open?: boolean;
  /** Element of a list. */
  items?: CheckNode;
  /** Value of a map (a map's keys are free, its values are checked). */
  values?: CheckNode;
}

const LEAF: CheckNode = Object.freeze({});
const compiledRefs = new Map<string, CheckNode>();
const byKind = new Map<string, CheckNode>();

function compileRef(name: string): CheckNode {
  const hit = compiledRefs.get(name);
  if (hit) return hit;
  const s = schemaByName(name);
  if (!s) return LEAF;
  // Registered before compiling the fields: schemas can reach themselves (JSONSchemaProps).
  const node: CheckNode = {};
  compiledRefs.set(name, node);
  const built = compile(s);
  if (built === LEAF) {
    compiledRefs.set(name, LEAF);
    return LEAF;
  }
  Object.assign(node, built);
  return node;
}

function compile(s: OpenApiSchema): CheckNode {
  if (typeof s.$ref === 'string') return compileRef(s.$ref.slice(s.$ref.lastIndexOf('/') + 1));
  const allOf = s.allOf as OpenApiSchema[] | undefined;
  if (allOf?.length === 1 && !s.properties) return compile(allOf[0]!);
  const open = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.properties && typeof s.properties === 'object') {
    const props = new Map<string, CheckNode>();
    for (const [k, v] of Object.entries(s.properties as Record<string, OpenApiSchema>)) props.set(k, compile(v));
    return open ? { props, open } : { props };
  }
  if (open) return LEAF;
  if (s.items && typeof s.items === 'object') {
    const items = compile(s.items as OpenApiSchema);
    return items === LEAF ? { items: LEAF } : { items };
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    return { values: compile(s.additionalProperties as OpenApiSchema) };
  }
  return LEAF;
}

/** checkerFor compiles (once) the check tree of a kind. */
function checkerFor(k: Pick<KindInfo, 'group' | 'version' | 'kind' | 'listKind'>): CheckNode {
  const key = `${k.group}/${k.version}/${k.kind}`;
  let node = byKind.get(key);
  if (!node) {
    const roots = schemaForKind({ group: k.group, version: k.version, kind: k.kind }, k.listKind);
    node = compileRef(roots.kind);
    byKind.set(key, node);
  }
  return node;
}

const MAX_ERRORS = 100; // sigs.k8s.io/json stops collecting strict errors at 100

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * checkUnknownFields lists the fields of an already-decoded object that the kind's schema does not declare,
 * by path as kube-apiserver names them (`spec.replicass`, `spec.template.spec.containers[0].imagee`).
 * `metadata` is checked against ObjectMeta; `status` is a declared field. Kinds without a model check only
 * their metadata.
 */
export function checkUnknownFields(k: Pick<KindInfo, 'group' | 'version' | 'kind' | 'listKind'>, obj: unknown): string[] {
  const out: string[] = [];
  walk(checkerFor(k), obj, '', out);
  return out;
}

function walk(node: CheckNode, value: unknown, path: string, out: string[]): void {
  if (node === LEAF || value === null || typeof value !== 'object' || out.length >= MAX_ERRORS) return;
  if (Array.isArray(value)) {
    if (node.items) for (let i = 0; i < value.length; i++) walk(node.items, value[i], `${path}[${i}]`, out);
    return;
  }
  const rec = value as Record<string, unknown>;
  if (node.values) {
    if (node.values !== LEAF) for (const key in rec) walk(node.values, rec[key], join(path, key), out);
    return;
  }
  if (!node.props) return;
  for (const key in rec) {
    const child = node.props.get(key);
    if (child) walk(child, rec[key], join(path, key), out);
    else if (!node.open) {
      if (out.length >= MAX_ERRORS) return;
      out.push(join(path, key));
    }
  }
}

/** StrictProblems are the strict decoding errors of a request body, in the order the decoder meets them. */
export interface StrictProblems {
  unknown: string[];
  duplicate: string[];
  /** Every problem as kube-apiserver words it (`unknown field "spec.foo"`, `duplicate field "spec.replicas"`), in body order. */
  messages: string[];
}

/**
 * strictDecodingErrors reads a JSON request body once, as kube-apiserver's strict JSON decoder does, and
 * reports its unknown and duplicate fields in body order. Duplicates are found in structs and maps; inside an
 * unknown field's value nothing is reported (the decoder skips it). Malformed JSON reports what was found
 * before the error (the caller rejects the body anyway).
 */
export function strictDecodingErrors(k: Pick<KindInfo, 'group' | 'version' | 'kind' | 'listKind'>, json: string): StrictProblems {
  const scan = new Scanner(json);
  try {
    scan.value(checkerFor(k), '');
  } catch {
    // malformed JSON: keep what was found
  }
  return scan.problems;
}

/**
 * findDuplicateFields lists the duplicate keys of a JSON text by path (`spec.replicas`,
 * `spec.template.spec.containers[0].name`, `metadata.labels.app`), as kube-apiserver reports them in
 * `duplicate field "..."` errors.
 */
export function findDuplicateFields(json: string): string[] {
  const scan = new Scanner(json, true);
  try {
    scan.value(OPEN_ANYWHERE, '');
  } catch {
    // malformed JSON: keep what was found
  }
  return scan.problems.duplicate;
}

/** A node that looks into everything and accepts every key: duplicates only. */
const OPEN_ANYWHERE: CheckNode = { props: new Map(), open: true };

class Scanner {
  private i = 0;
  readonly problems: StrictProblems = { unknown: [], duplicate: [], messages: [] };
  private readonly seen = new Set<string>();

  constructor(
    private readonly s: string,
    private readonly duplicatesOnly = false,
  ) {}

  private report(kind: 'unknown' | 'duplicate', path: string): void {
    const msg = `${kind} field ${goQuote(path)}`;
    if (this.seen.has(msg) || this.problems.messages.length >= MAX_ERRORS) return;
    this.seen.add(msg);
    this.problems.messages.push(msg);
    this.problems[kind].push(path);
  }

  private ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.i);
  }

  /** Reads the value at the cursor; `node` undefined = skip it without looking (an unknown field's value). */
  value(node: CheckNode | undefined, path: string): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') this.object(node, path);
    else if (c === '[') this.array(node, path);
    else if (c === '"') this.string();
    else this.literal();
  }

  private object(node: CheckNode | undefined, path: string): void {
    this.i++; // {
    // Inside a scalar/free-form field (LEAF) or a skipped value the decoder keeps no strict state.
    const look = node !== undefined && node !== LEAF;
    const keys = look ? new Set<string>() : undefined;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') throw new Error('expected :');
      let child: CheckNode | undefined;
      if (look) {
        const p = join(path, key);
        if (keys!.has(key)) this.report('duplicate', p);
        else keys!.add(key);
        if (node.values) child = node.values;
        else if (node.props) {
          child = node.props.get(key);
          if (!child) {
            if (node.open) child = this.duplicatesOnly ? OPEN_ANYWHERE : LEAF;
            else this.report('unknown', p);
          }
        } else child = LEAF;
        this.value(child, p);
      } else this.value(undefined, path);
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return;
      if (c !== ',') throw new Error('expected , or }');
    }
  }

  private array(node: CheckNode | undefined, path: string): void {
    this.i++; // [
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    const items = node === undefined || node === LEAF ? undefined : this.duplicatesOnly ? OPEN_ANYWHERE : node.items;
    for (let idx = 0; ; idx++) {
      this.value(items, items ? `${path}[${idx}]` : path);
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return;
      if (c !== ',') throw new Error('expected , or ]');
    }
  }

  private string(): string {
    const s = this.s;
    if (s[this.i] !== '"') throw new Error('expected string');
    const start = this.i;
    let escaped = false;
    for (let j = start + 1; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 92) {
        escaped = true;
        j++;
      } else if (c === 34) {
        this.i = j + 1;
        return escaped ? (JSON.parse(s.slice(start, j + 1)) as string) : s.slice(start + 1, j);
      }
    }
    throw new Error('unterminated string');
  }

  private literal(): void {
    const s = this.s;
    const start = this.i;
    while (this.i < s.length && !',}] \n\r\t'.includes(s[this.i]!)) this.i++;
    if (this.i === start) throw new Error('expected a value');
  }
}

/** goQuote quotes a string as Go's strconv.Quote does for the printable text of field paths. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** unknownFieldMessage is kube-apiserver's text for one unknown field: `unknown field "spec.foo"`. */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${goQuote(path)}`;
}

/** duplicateFieldMessage is kube-apiserver's text for one duplicate field: `duplicate field "spec.replicas"`. */
export function duplicateFieldMessage(path: string): string {
  return `duplicate field ${goQuote(path)}`;
}

function asMessages(problems: readonly string[]): string[] {
  return problems.map((p) => (/^(unknown|duplicate) field "/.test(p) ? p : unknownFieldMessage(p)));
}

/**
 * strictDecodingMessage is the message of the 400 BadRequest Status that kube-apiserver answers to a POST or PUT
 * with `fieldValidation=Strict` and unknown or duplicate fields:
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass", unknown field "spec.foo"`.
 * `problems` are messages (`unknown field "..."`, `duplicate field "..."`) or bare paths (taken as unknown fields).
 * Sources: k8s.io/apiserver pkg/endpoints/handlers/rest.go `transformDecodeError`
 * (`"%s in version %q cannot be handled as a %s: %v"`, kind, version, kind, error) and k8s.io/apimachinery
 * pkg/runtime/error.go `strictDecodingError.Error()` (`"strict decoding error: "` + errors joined by ", ").
 */
export function strictDecodingMessage(k: Pick<KindInfo, 'version' | 'kind'>, problems: readonly string[]): string {
  return `${k.kind} in version ${goQuote(k.version)} cannot be handled as a ${k.kind}: strict decoding error: ${asMessages(problems).join(', ')}`;
}

/**
 * strictDecodingWarnings are the warnings of `fieldValidation=Warn` (the default when the parameter is absent):
 * one per problem, the bare message (`unknown field "spec.foo"`), which kubectl prints as
 * `Warning: unknown field "spec.foo"`. Source: k8s.io/apiserver pkg/endpoints/handlers/rest.go
 * `addStrictDecodingWarnings` → `warning.AddWarning(ctx, "", e.Error())`.
 */
export function strictDecodingWarnings(problems: readonly string[]): string[] {
  return asMessages(problems);
}

/**
 * warningHeader formats one warning as the `Warning` response header value kube-apiserver sends:
 * `299 - "unknown field \"spec.foo\""` (code 299, agent "-", the text quoted).
 */
export function warningHeader(text: string): string {
  return `299 - ${goQuote(text)}`;
}

/**
 * patchStrictMessage is the message of the 422 Invalid Status for a JSON patch, merge patch or strategic merge
 * patch whose result has unknown fields under `fieldValidation=Strict` (k8s.io/apiserver
 * pkg/endpoints/handlers/patch.go: `errors.NewInvalid(schema.GroupKind{}, "", field.Invalid(field.NewPath("patch"),
 * value, strictDecodingError.Error()))`): ` "" is invalid: patch: Invalid value: "<value>": strict decoding error: ...`.
 * `value` is the patched object's JSON for json/merge patches, and Go's `%+v` of the patch map for strategic
 * merge patches (see `goMapString`). The Status has reason `Invalid`, code 422, an empty details.kind and name, and
 * one cause `{reason: "FieldValueInvalid", field: "patch", message: <the text after "patch: ">}`.
 */
export function patchStrictMessage(value: string, problems: readonly string[]): string {
  return ` "" is invalid: patch: ${patchStrictCause(value, problems)}`;
}

/** patchStrictCause is the cause message of `patchStrictMessage`: `Invalid value: "<value>": strict decoding error: ...`. */
export function patchStrictCause(value: string, problems: readonly string[]): string {
  return `Invalid value: ${goQuote(value)}: strict decoding error: ${asMessages(problems).join(', ')}`;
}

/** goMapString prints a decoded JSON value as Go's fmt `%+v` prints a map[string]interface{} (keys sorted). */
export function goMapString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goMapString).join(' ')}]`;
  if (typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    return `map[${Object.keys(rec)
      .sort()
      .map((k) => `${k}:${goMapString(rec[k])}`)
      .join(' ')}]`;
  }
  if (typeof v === 'number') return goFloat(v);
  return String(v);
}

/**
 * Go's `%v` of a decoded JSON number: kube-apiserver decodes integers as int64 (printed plainly) and other
 * numbers as float64 (shortest form, exponent form when the exponent is below -4 or at least 6, e.g. `1.5e+06`).
 */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const [m, e] = n.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/**
 * applyUnknownFieldMessage is the error of a server-side apply (`application/apply-patch+yaml`) whose object has
 * fields the schema does not declare. Apply does not go through the strict decoder: structured-merge-diff rejects
 * them whatever `fieldValidation` says, and kube-apiserver answers 500 with reason "" (kubectl:
 * `Error from server: failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicass: field not declared in schema`).
 * Sources: k8s.io/apimachinery pkg/util/managedfields/internal/structuredmerge.go (`"failed to create typed patch
 * object (%v): %v"`, `objectGVKNN` = `namespace/name; group/version, Kind=Kind`) and sigs.k8s.io/structured-merge-diff
 * (paths start with "."; several errors read `errors:\n  <path>: ...\n  <path>: ...`). `paths` are in this module's
 * form; list items are written by index (`[0]`) where structured-merge-diff writes associative keys
 * (`[name="nginx"]`), which the model packages do not describe.
 */
export function applyUnknownFieldMessage(
  k: Pick<KindInfo, 'group' | 'version' | 'kind'>,
  namespace: string,
  name: string,
  paths: readonly string[],
): string {
  const errs = paths.map((p) => `.${p}: field not declared in schema`);
  const detail = errs.length === 1 ? errs[0]! : ['errors:', ...errs.map((e) => `  ${e}`)].join('\n');
  return `failed to create typed patch object (${namespace}/${name}; ${k.group}/${k.version}, Kind=${k.kind}): ${detail}`;
}

/**
 * pruneFields removes the given field paths (as checkUnknownFields reports them: `spec.replicass`,
 * `spec.containers[0].imagee`) from an object. kube-apiserver decodes into typed structs, so unknown fields
 * are dropped and never stored, whatever fieldValidation said about them.
 */
export function pruneFields(obj: unknown, paths: readonly string[]): void {
  for (const p of paths) {
    const parts: (string | number)[] = [];
    for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
    let cur: unknown = obj;
    for (let i = 0; i < parts.length - 1 && cur && typeof cur === 'object'; i++) cur = (cur as Record<string | number, unknown>)[parts[i]!];
    const last = parts[parts.length - 1];
    if (cur && typeof cur === 'object' && last !== undefined && !Array.isArray(cur)) delete (cur as Record<string | number, unknown>)[last];
  }
}
