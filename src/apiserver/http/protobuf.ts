// Decoding of `application/vnd.kubernetes.protobuf` request bodies (typed client-go calls: `kubectl create <kind>`,
// helm's release Secret) into the JSON object the client would have sent as JSON.
//
// Envelope: the 4 magic bytes `k8s\0`, then a runtime.Unknown message
//   {1: typeMeta {1: apiVersion, 2: kind}, 2: raw (the object's message), 3: contentEncoding, 4: contentType}.
// The object's message is decoded with the field tables of ./proto/*.ts (see ./proto/schema.ts for the notation).
// The wire reader is hand-written (./proto/wire.ts explains why no protobufjs).

import { schemaOf, type MessageSchema, type ScalarType, type SpecialType, type ValueType } from './proto/schema.js';
import { WireError, WireReader, WIRE_BYTES, WIRE_FIXED32, WIRE_FIXED64, WIRE_VARINT, type WireValue } from './proto/wire.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** The 4 bytes every Kubernetes protobuf body starts with: `k8s\0`. */
export const PROTOBUF_MAGIC: Buffer = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/**
 * A protobuf body that cannot be decoded. `status` is the HTTP status to answer with: 400 (BadRequest) for
 * malformed bodies, 415 (UnsupportedMediaType) for a kind or encoding this server cannot decode from protobuf.
 */
export class ProtobufError extends Error {
  readonly status: 400 | 415;
  readonly reason: 'BadRequest' | 'UnsupportedMediaType';

  constructor(message: string, status: 400 | 415 = 400) {
    super(message);
    this.name = 'ProtobufError';
    this.status = status;
    this.reason = status === 415 ? 'UnsupportedMediaType' : 'BadRequest';
  }
}

/** `apiVersion` + `kind` → root message. Kinds sent as protobuf request bodies by typed clients. */
const KINDS: ReadonlyMap<string, string> = new Map([
  ['v1/Binding', 'core.Binding'],
  ['v1/ConfigMap', 'core.ConfigMap'],
  ['v1/Namespace', 'core.Namespace'],
  ['v1/PersistentVolumeClaim', 'core.PersistentVolumeClaim'],
  ['v1/Pod', 'core.Pod'],
  ['v1/ResourceQuota', 'core.ResourceQuota'],
  ['v1/Secret', 'core.Secret'],
  ['v1/Service', 'core.Service'],
  ['v1/ServiceAccount', 'core.ServiceAccount'],
  ['apps/v1/DaemonSet', 'apps.DaemonSet'],
  ['apps/v1/Deployment', 'apps.Deployment'],
  ['apps/v1/ReplicaSet', 'apps.ReplicaSet'],
  ['apps/v1/StatefulSet', 'apps.StatefulSet'],
  ['autoscaling/v2/HorizontalPodAutoscaler', 'autoscaling.HorizontalPodAutoscaler'],
  ['batch/v1/CronJob', 'batch.CronJob'],
  ['batch/v1/Job', 'batch.Job'],
  ['networking.k8s.io/v1/Ingress', 'networking.Ingress'],
  ['policy/v1/Eviction', 'policy.Eviction'],
  ['policy/v1/PodDisruptionBudget', 'policy.PodDisruptionBudget'],
  ['rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.ClusterRole'],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'rbac.ClusterRoleBinding'],
  ['rbac.authorization.k8s.io/v1/Role', 'rbac.Role'],
  ['rbac.authorization.k8s.io/v1/RoleBinding', 'rbac.RoleBinding'],
  ['scheduling.k8s.io/v1/PriorityClass', 'scheduling.PriorityClass'],
]);

/** Kinds registered in every group version (metav1.AddToGroupVersion): accepted with any apiVersion. */
const ANY_VERSION_KINDS: ReadonlyMap<string, string> = new Map([['DeleteOptions', 'meta.DeleteOptions']]);

/** The `apiVersion/kind` pairs decodable from protobuf (DeleteOptions: any apiVersion). */
export function protobufKinds(): string[] {
  return [...KINDS.keys(), ...[...ANY_VERSION_KINDS.keys()].map((k) => `*/${k}`)];
}

export function isProtobufContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === PROTOBUF_CONTENT_TYPE;
}

const MAX_DEPTH = 64;

/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body into the JSON object kubectl would have sent.
 * Throws ProtobufError for malformed input (400) or a kind/encoding that cannot be decoded (415).
 */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  return decodeEnvelope(body, 0);
}

function decodeEnvelope(body: Buffer, depth: number): Record<string, unknown> {
  if (body.length < PROTOBUF_MAGIC.length || !body.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) {
    throw new ProtobufError('protobuf body does not start with the magic bytes "k8s\\x00"');
  }
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  let contentEncoding = '';
  let contentType = '';
  const fields = readFields(body.subarray(PROTOBUF_MAGIC.length), 'runtime.Unknown');
  for (const f of fields) {
    if (f.field === 1) {
      for (const t of readFields(expectBytes(f, 'runtime.Unknown.typeMeta'), 'runtime.Unknown.typeMeta')) {
        if (t.field === 1) apiVersion = expectBytes(t, 'runtime.TypeMeta.apiVersion').toString('utf8');
        else if (t.field === 2) kind = expectBytes(t, 'runtime.TypeMeta.kind').toString('utf8');
      }
    } else if (f.field === 2) raw = expectBytes(f, 'runtime.Unknown.raw');
    else if (f.field === 3) contentEncoding = expectBytes(f, 'runtime.Unknown.contentEncoding').toString('utf8');
    else if (f.field === 4) contentType = expectBytes(f, 'runtime.Unknown.contentType').toString('utf8');
  }
  if (!kind || !apiVersion) throw new ProtobufError('protobuf body has no apiVersion/kind in its runtime.Unknown typeMeta');
  if (contentEncoding) throw new ProtobufError(`protobuf body has unsupported contentEncoding ${JSON.stringify(contentEncoding)}`, 415);
  const ct = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (ct === 'application/json') {
    // An Unknown carrying JSON: raw is the object itself.
    const obj = parseJson(raw, `${apiVersion} ${kind}`);
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new ProtobufError(`raw JSON of ${apiVersion} ${kind} is not an object`);
    return { apiVersion, kind, ...(obj as Record<string, unknown>) };
  }
  if (ct !== '' && ct !== PROTOBUF_CONTENT_TYPE) {
    throw new ProtobufError(`protobuf body has unsupported contentType ${JSON.stringify(contentType)}`, 415);
  }
  const root = KINDS.get(`${apiVersion}/${kind}`) ?? ANY_VERSION_KINDS.get(kind);
  if (!root) throw new ProtobufError(`cannot decode ${apiVersion}, Kind=${kind} from protobuf: kind not supported`, 415);
  return { apiVersion, kind, ...decodeMessage(schemaOf(root), raw, root, depth + 1) };
}

function readFields(buf: Buffer, path: string): WireValue[] {
  try {
    return WireReader.fields(buf);
  } catch (e) {
    if (e instanceof WireError) throw new ProtobufError(`malformed protobuf in ${path}: ${e.message}`);
    throw e;
  }
}

function expectBytes(f: WireValue, path: string): Buffer {
  if (f.wire !== WIRE_BYTES) throw new ProtobufError(`malformed protobuf: ${path} (field ${f.field}) has wire type ${f.wire}, expected 2`);
  return f.value;
}

function expectVarint(f: WireValue, path: string): bigint {
  if (f.wire !== WIRE_VARINT) throw new ProtobufError(`malformed protobuf: ${path} (field ${f.field}) has wire type ${f.wire}, expected 0`);
  return f.value;
}

function parseJson(raw: Buffer, path: string): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ProtobufError(`malformed JSON in ${path}`);
  }
}

/** Decodes one message into `target` (fresh object, or the parent for inline fields / repeated occurrences). */
function decodeMessage(schema: MessageSchema, buf: Buffer, path: string, depth: number, target: Record<string, unknown> = {}): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new ProtobufError(`protobuf message nesting deeper than ${MAX_DEPTH} at ${path}`);
  for (const f of readFields(buf, path)) {
    const spec = schema.fields.get(f.field);
    if (!spec) continue; // Unknown field (newer client): skipped, as proto2 decoders do.
    const fpath = `${path}.${spec.json}`;
    if (spec.map) {
      const obj = (target[spec.json] ??= {}) as Record<string, unknown>;
      const [key, value] = decodeMapEntry(spec.value, expectBytes(f, fpath), fpath, depth);
      obj[key] = value;
    } else if (spec.repeated) {
      const arr = (target[spec.json] ??= []) as unknown[];
      if (f.wire === WIRE_BYTES && spec.value.t === 'scalar' && isNumeric(spec.value.s)) {
        arr.push(...decodePacked(spec.value.s, f.value, fpath)); // packed encoding of a repeated number
      } else {
        arr.push(decodeValue(spec.value, f, fpath, depth, true));
      }
    } else if (spec.inline) {
      decodeMessage(schemaOf(messageName(spec.value)), expectBytes(f, fpath), fpath, depth + 1, target);
    } else if (spec.value.t === 'message') {
      // A message repeated on the wire merges into the earlier occurrence (proto semantics).
      const prev = target[spec.json];
      const into = prev !== null && typeof prev === 'object' && !Array.isArray(prev) ? (prev as Record<string, unknown>) : {};
      target[spec.json] = decodeMessage(schemaOf(spec.value.name), expectBytes(f, fpath), fpath, depth + 1, into);
    } else {
      const v = decodeValue(spec.value, f, fpath, depth, spec.keep);
      if (v === undefined || (!spec.keep && isZero(v))) delete target[spec.json];
      else target[spec.json] = v;
    }
  }
  return target;
}

function messageName(v: ValueType): string {
  if (v.t !== 'message') throw new Error('not a message type');
  return v.name;
}

function isNumeric(s: ScalarType): boolean {
  return s !== 's' && s !== 'y';
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/**
 * Decodes a single value. `keep` matters to the special types only: it says whether a zero value stays
 * (pointer / non-omitempty field) or is dropped (returns undefined).
 */
function decodeValue(type: ValueType, f: WireValue, path: string, depth: number, keep: boolean): unknown {
  switch (type.t) {
    case 'scalar':
      return decodeScalar(type.s, f, path);
    case 'message':
      return decodeMessage(schemaOf(type.name), expectBytes(f, path), path, depth + 1);
    case 'special':
      return decodeSpecial(type.s, expectBytes(f, path), path, depth, keep);
  }
}

function decodeScalar(s: ScalarType, f: WireValue, path: string): unknown {
  switch (s) {
    case 's':
      return expectBytes(f, path).toString('utf8');
    case 'y':
      return expectBytes(f, path).toString('base64');
    case 'b':
      return expectVarint(f, path) !== 0n;
    case 'd':
    case 'f': {
      const want = s === 'd' ? WIRE_FIXED64 : WIRE_FIXED32;
      if (f.wire !== want) throw new ProtobufError(`malformed protobuf: ${path} (field ${f.field}) has wire type ${f.wire}, expected ${want}`);
      return s === 'd' ? f.value.readDoubleLE(0) : f.value.readFloatLE(0);
    }
    default:
      return intFromVarint(s, expectVarint(f, path));
  }
}

function intFromVarint(s: ScalarType, v: bigint): number {
  switch (s) {
    case 'i32':
      return Number(BigInt.asIntN(32, v));
    case 'u32':
      return Number(BigInt.asUintN(32, v));
    case 'i64':
      return Number(BigInt.asIntN(64, v));
    default:
      return Number(v);
  }
}

function decodePacked(s: ScalarType, buf: Buffer, path: string): unknown[] {
  try {
    if (s === 'd') return chunks(buf, 8, path).map((c) => c.readDoubleLE(0));
    if (s === 'f') return chunks(buf, 4, path).map((c) => c.readFloatLE(0));
    return WireReader.packedVarints(buf).map((v) => (s === 'b' ? v !== 0n : intFromVarint(s, v)));
  } catch (e) {
    if (e instanceof WireError) throw new ProtobufError(`malformed protobuf in ${path}: ${e.message}`);
    throw e;
  }
}

function chunks(buf: Buffer, size: number, path: string): Buffer[] {
  if (buf.length % size !== 0) throw new ProtobufError(`malformed protobuf in ${path}: packed field length ${buf.length} is not a multiple of ${size}`);
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

/** A map entry {1: key, 2: value}; a missing value is the value type's zero. */
function decodeMapEntry(valueType: ValueType, buf: Buffer, path: string, depth: number): [string, unknown] {
  let key = '';
  let value: unknown;
  let seen = false;
  for (const f of readFields(buf, path)) {
    if (f.field === 1) key = expectBytes(f, `${path} key`).toString('utf8');
    else if (f.field === 2) {
      value = decodeValue(valueType, f, `${path}[${JSON.stringify(key)}]`, depth, true);
      seen = true;
    }
  }
  if (!seen) value = zeroOf(valueType, path, depth);
  return [key, value ?? null];
}

function zeroOf(type: ValueType, path: string, depth: number): unknown {
  if (type.t === 'scalar') return type.s === 's' || type.s === 'y' ? '' : type.s === 'b' ? false : 0;
  if (type.t === 'message') return decodeMessage(schemaOf(type.name), Buffer.alloc(0), path, depth + 1);
  return decodeSpecial(type.s, Buffer.alloc(0), path, depth, true);
}

// ---- special types -------------------------------------------------------------------------------------------

/**
 * k8s.io/apimachinery types with their own JSON form:
 * - Time {1: seconds int64, 2: nanos int32} → RFC 3339 in UTC, whole seconds ("2026-01-01T00:00:00Z");
 *   MicroTime likewise with 6 fractional digits. The zero time is dropped (Go omits or writes null).
 * - Duration {1: duration int64 ns} → Go's time.Duration string ("1m30s").
 * - Quantity {1: string} → the string ("500m", "1Gi"); empty → dropped, or "0" where zero is kept.
 * - IntOrString {1: type (0 int, 1 string), 2: intVal int32, 3: strVal} → number or string; int 0 is dropped
 *   unless the field is a pointer.
 * - FieldsV1 {1: Raw bytes} and RawExtension {1: raw bytes} → the embedded JSON (or a nested protobuf object).
 */
function decodeSpecial(s: SpecialType, buf: Buffer, path: string, depth: number, keep: boolean): unknown {
  const fields = readFields(buf, path);
  switch (s) {
    case 'Time':
    case 'MicroTime': {
      let seconds = 0n;
      let nanos = 0;
      for (const f of fields) {
        if (f.field === 1) seconds = BigInt.asIntN(64, expectVarint(f, `${path}.seconds`));
        else if (f.field === 2) nanos = Number(BigInt.asIntN(32, expectVarint(f, `${path}.nanos`)));
      }
      if (seconds === 0n && nanos === 0) return undefined;
      return formatTime(seconds, nanos, s === 'MicroTime', path);
    }
    case 'Duration': {
      let ns = 0n;
      for (const f of fields) if (f.field === 1) ns = BigInt.asIntN(64, expectVarint(f, `${path}.duration`));
      if (ns === 0n && !keep) return undefined;
      return formatGoDuration(ns);
    }
    case 'Quantity': {
      let str = '';
      for (const f of fields) if (f.field === 1) str = expectBytes(f, `${path}.string`).toString('utf8');
      if (str === '') return keep ? '0' : undefined;
      return str;
    }
    case 'IntOrString': {
      let type = 0n;
      let intVal = 0;
      let strVal = '';
      for (const f of fields) {
        if (f.field === 1) type = BigInt.asIntN(64, expectVarint(f, `${path}.type`));
        else if (f.field === 2) intVal = Number(BigInt.asIntN(32, expectVarint(f, `${path}.intVal`)));
        else if (f.field === 3) strVal = expectBytes(f, `${path}.strVal`).toString('utf8');
      }
      if (type === 1n) return strVal;
      if (type !== 0n) throw new ProtobufError(`malformed protobuf: ${path} is an IntOrString of unknown type ${type}`);
      return intVal === 0 && !keep ? undefined : intVal;
    }
    case 'FieldsV1':
    case 'RawExtension': {
      let raw: Buffer | undefined;
      for (const f of fields) if (f.field === 1) raw = expectBytes(f, `${path}.raw`);
      if (raw === undefined || raw.length === 0) return undefined;
      if (raw.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) {
        if (depth > MAX_DEPTH) throw new ProtobufError(`protobuf message nesting deeper than ${MAX_DEPTH} at ${path}`);
        return decodeEnvelope(raw, depth + 1);
      }
      return parseJson(raw, path);
    }
  }
}

function formatTime(seconds: bigint, nanos: number, micro: boolean, path: string): string {
  const ms = seconds * 1000n;
  if (ms > 253402300799000n || ms < -62135596800000n) throw new ProtobufError(`${path}: time outside years 0001-9999`);
  const iso = new Date(Number(ms)).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  const base = iso.slice(0, 19);
  if (!micro) return `${base}Z`;
  const us = Math.max(0, Math.min(999_999, Math.floor(nanos / 1000)));
  return `${base}.${String(us).padStart(6, '0')}Z`;
}

/** Go's time.Duration.String(): "0s", "1.5s", "2m0s", "1h0m0s", "300ms", "1µs", "-5s". */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    // Sub-second: the largest unit that keeps the integer part non-zero.
    const [unit, div] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = fraction(u, div) + unit;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    out = `${fraction(u, 1_000_000_000n)}s`;
    if (h > 0n || m > 0n) out = `${m}m${out}`;
    if (h > 0n) out = `${h}h${out}`;
  }
  return neg ? `-${out}` : out;
}

function fraction(v: bigint, div: bigint): string {
  const whole = v / div;
  const rest = v % div;
  if (rest === 0n) return `${whole}`;
  const digits = String(div).length - 1;
  const frac = String(rest).padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${frac}`;
}
