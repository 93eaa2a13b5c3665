// Table-driven schemas for the Kubernetes protobuf messages we decode.
//
// Each package file (meta.ts, core.ts, ...) maps a message name to a one-line field table:
//
//   <jsonName>=<fieldNumber>:<type><modifiers>   separated by spaces
//
// type:      s string | i32 int32 | i64 int64 | u32 uint32 | u64 uint64 | b bool | y bytes (→ base64)
//            | d double | f float
//            | Time | MicroTime | Duration | Quantity | IntOrString | FieldsV1 | RawExtension   (special types)
//            | Name (a message of the same package) | pkg.Name (a message of another package)
//            | map:<type>  (proto map<string, type>: repeated {1: key, 2: value} entries → JSON object)
// modifiers: *  repeated (JSON array)
//            !  keep zero values: the Go field is a pointer, or its json tag has no omitempty, so Go's JSON has the
//               field even when it is 0 / "" / false. Without `!`, zero scalars are dropped (omitempty), which is
//               what kubectl's JSON would contain, since proto2 Go marshalers always write non-pointer scalars.
//            ^  inline: the Go struct is embedded with `json:",inline"`; its fields are merged into the parent
//               object (the JSON name is then `_`).
//
// Field numbers come from the generated.proto files of kubernetes/api and kubernetes/apimachinery; JSON names,
// omitempty and pointer-ness from the Go struct tags in their types.go. Adding a kind is adding its tables.

import { APPS } from './apps.js';
import { AUTOSCALING } from './autoscaling.js';
import { BATCH } from './batch.js';
import { CORE } from './core.js';
import { META } from './meta.js';
import { NETWORKING } from './networking.js';
import { POLICY } from './policy.js';
import { RBAC } from './rbac.js';
import { SCHEDULING } from './scheduling.js';

export type ScalarType = 's' | 'i32' | 'i64' | 'u32' | 'u64' | 'b' | 'y' | 'd' | 'f';
export type SpecialType = 'Time' | 'MicroTime' | 'Duration' | 'Quantity' | 'IntOrString' | 'FieldsV1' | 'RawExtension';

export type ValueType =
  | { readonly t: 'scalar'; readonly s: ScalarType }
  | { readonly t: 'special'; readonly s: SpecialType }
  | { readonly t: 'message'; readonly name: string };

export interface FieldSpec {
  readonly json: string;
  readonly number: number;
  readonly value: ValueType;
  readonly map: boolean;
  readonly repeated: boolean;
  readonly keep: boolean;
  readonly inline: boolean;
}

export interface MessageSchema {
  readonly name: string;
  readonly fields: ReadonlyMap<number, FieldSpec>;
}

const SCALARS: ReadonlySet<string> = new Set<ScalarType>(['s', 'i32', 'i64', 'u32', 'u64', 'b', 'y', 'd', 'f']);
const SPECIALS: ReadonlySet<string> = new Set<SpecialType>([
  'Time',
  'MicroTime',
  'Duration',
  'Quantity',
  'IntOrString',
  'FieldsV1',
  'RawExtension',
]);

/** Package short name → its tables. Message names are qualified as `pkg.Name`. */
export const PACKAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  meta: META,
  core: CORE,
  apps: APPS,
  autoscaling: AUTOSCALING,
  batch: BATCH,
  networking: NETWORKING,
  rbac: RBAC,
  policy: POLICY,
  scheduling: SCHEDULING,
};

const FIELD_RE = /^([A-Za-z_][A-Za-z0-9_]*)=(\d+):(map:)?([A-Za-z][A-Za-z0-9_.]*)([*!^]*)$/;

function parseValueType(pkg: string, type: string, where: string): ValueType {
  if (SCALARS.has(type)) return { t: 'scalar', s: type as ScalarType };
  if (SPECIALS.has(type)) return { t: 'special', s: type as SpecialType };
  if (/^[A-Z]\w*$/.test(type)) return { t: 'message', name: `${pkg}.${type}` };
  if (/^[a-z]\w*\.[A-Z]\w*$/.test(type)) return { t: 'message', name: type };
  throw new Error(`protobuf schema ${where}: bad type ${JSON.stringify(type)}`);
}

/** Parses one message table line. Exported for tests. */
export function parseMessageTable(pkg: string, name: string, table: string): MessageSchema {
  const where = `${pkg}.${name}`;
  const fields = new Map<number, FieldSpec>();
  for (const token of table.split(/\s+/).filter((t) => t.length > 0)) {
    const m = FIELD_RE.exec(token);
    if (!m) throw new Error(`protobuf schema ${where}: cannot parse ${JSON.stringify(token)}`);
    const [, json = '', num = '', mapPrefix, type = '', mods = ''] = m;
    const number = Number(num);
    if (fields.has(number)) throw new Error(`protobuf schema ${where}: field ${number} twice`);
    const spec: FieldSpec = {
      json,
      number,
      value: parseValueType(pkg, type, where),
      map: mapPrefix !== undefined,
      repeated: mods.includes('*'),
      keep: mods.includes('!'),
      inline: mods.includes('^'),
    };
    if (spec.inline && spec.value.t !== 'message') throw new Error(`protobuf schema ${where}: inline field ${json} is not a message`);
    if (spec.map && spec.repeated) throw new Error(`protobuf schema ${where}: map field ${json} cannot be repeated`);
    fields.set(number, spec);
  }
  return { name: where, fields };
}

function compileAll(): ReadonlyMap<string, MessageSchema> {
  const all = new Map<string, MessageSchema>();
  for (const [pkg, tables] of Object.entries(PACKAGES)) {
    for (const [name, table] of Object.entries(tables)) all.set(`${pkg}.${name}`, parseMessageTable(pkg, name, table));
  }
  // Every message reference must resolve: a broken table is a programming error, found at load time.
  for (const schema of all.values()) {
    for (const f of schema.fields.values()) {
      if (f.value.t === 'message' && !all.has(f.value.name)) {
        throw new Error(`protobuf schema ${schema.name}: field ${f.json} refers to unknown message ${f.value.name}`);
      }
    }
  }
  return all;
}

export const SCHEMAS: ReadonlyMap<string, MessageSchema> = compileAll();

export function schemaOf(name: string): MessageSchema {
  const s = SCHEMAS.get(name);
  if (!s) throw new Error(`no protobuf schema for ${name}`);
  return s;
}
