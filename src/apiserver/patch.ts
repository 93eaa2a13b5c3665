import jsonpatch from 'fast-json-patch';
import { badRequest, failure } from './errors.js';
import { cloneJSON } from '../api/clone.js';
import { MERGE_KEYS, MERGED_PRIMITIVE_LISTS } from '../api/merge-keys.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** PatchType is what the Content-Type of a PATCH request selects. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** patchTypeOf maps a PATCH Content-Type to its patch type (undefined: unsupported media type). */
export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'application/json-patch+json') return 'json';
  if (ct === 'application/merge-patch+json') return 'merge';
  if (ct === 'application/strategic-merge-patch+json') return 'strategic';
  if (ct === 'application/apply-patch+yaml' || ct === 'application/apply-patch+cbor') return 'apply';
  return undefined;
}


const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** mergePatch applies an RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

/** jsonPatch applies an RFC 6902 JSON patch; a failing operation is a 422 with the operation's error. */
export function jsonPatch(target: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  try {
    const doc = cloneJSON(target);
    return jsonpatch.applyPatch(doc, ops as jsonpatch.Operation[], true, true).newDocument as Json;
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw failure(422, 'Invalid', `the server rejected our request due to an error in our request: ${msg}`);
  }
}


/** strategicMergePatch applies a strategic merge patch for the built-in kinds. */
export function strategicMergePatch(target: Json, patch: Json): Json {
  return smp(target, patch);
}

function smp(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return null;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  const retain = patch.$retainKeys;
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/') || k === '$retainKeys' || k === '$patch')
      continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const keyDef = MERGE_KEYS[k];
    if (Array.isArray(v) && Array.isArray(out[k])) {
      const cur = out[k] as Json[];
      if (keyDef && v.every(isObject) && cur.every(isObject)) {
        const key = typeof keyDef === 'function' ? keyDef([...(cur as JsonObject[]), ...(v as JsonObject[])]) : keyDef;
        out[k] = mergeList(cur as JsonObject[], v as JsonObject[], key, patch[`$setElementOrder/${k}`]);
      } else if (MERGED_PRIMITIVE_LISTS.has(k)) {
        out[k] = [...cur, ...v.filter((x) => !cur.includes(x))];
      } else out[k] = v.filter((x) => !(isObject(x) && x.$patch));
    } else if (Array.isArray(v)) {
      out[k] = v.filter((x) => !(isObject(x) && x.$patch === 'delete')).map((x) => (isObject(x) ? smp(null, x) : x));
    } else out[k] = smp(out[k] ?? null, v);
    const del = patch[`$deleteFromPrimitiveList/${k}`];
    if (Array.isArray(del) && Array.isArray(out[k])) out[k] = (out[k] as Json[]).filter((x) => !del.includes(x));
  }
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith('$deleteFromPrimitiveList/')) continue;
    const field = k.slice('$deleteFromPrimitiveList/'.length);
    if (Array.isArray(v) && Array.isArray(out[field]) && !(field in patch))
      out[field] = (out[field] as Json[]).filter((x) => !v.includes(x));
  }
  if (Array.isArray(retain)) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

function mergeList(cur: JsonObject[], patch: JsonObject[], key: string, order: Json | undefined): Json[] {
  const result = cur.map((x) => ({ ...x }));
  for (const item of patch) {
    const id = item[key];
    const idx = result.findIndex((x) => x[key] === id);
    if (item.$patch === 'delete') {
      if (idx >= 0) result.splice(idx, 1);
      continue;
    }
    if (idx >= 0) result[idx] = smp(result[idx]!, item) as JsonObject;
    else result.push(smp(null, item) as JsonObject);
  }
  if (Array.isArray(order)) {
    const pos = new Map(order.filter(isObject).map((o, i) => [JSON.stringify(o[key]), i]));
    result.sort((a, b) => (pos.get(JSON.stringify(a[key])) ?? 1e9) - (pos.get(JSON.stringify(b[key])) ?? 1e9));
  }
  return result;
}
