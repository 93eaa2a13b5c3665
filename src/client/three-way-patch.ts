import { MERGED_PRIMITIVE_LISTS, mergeKeyOf } from '../api/merge-keys.js';

type Json = unknown;
type JsonObject = { [k: string]: Json };

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** deepEqual compares two JSON values (key order does not matter). */
export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * threeWayPatch computes the strategic merge patch `kubectl apply` sends (the idea of apimachinery's
 * CreateThreeWayMergePatch): every field of `modified` (the manifest now) that differs from `current` (the live
 * object) is set, every field of `original` (the manifest applied last time) that `modified` dropped is deleted
 * (null, or `$patch: delete` for a keyed list item), and fields only the server or others wrote are left alone.
 * Lists with a merge key (containers by name, ports, env...) are patched item by item with `$setElementOrder`;
 * other lists are replaced whole. An empty patch ({}) means nothing to change: kubectl reports "unchanged".
 */
export function threeWayPatch(original: Json, modified: JsonObject, current: Json): JsonObject {
  const patch: JsonObject = {};
  const orig = isObject(original) ? original : {};
  const cur = isObject(current) ? current : {};
  for (const [k, m] of Object.entries(modified)) {
    const c = cur[k];
    if (deepEqual(m, c)) continue;
    if (isObject(m) && isObject(c)) {
      const sub = threeWayPatch(orig[k], m, c);
      if (Object.keys(sub).length) patch[k] = sub;
      continue;
    }
    // A list of strings merged as a set (finalizers): what the manifest added, and what it dropped since the last
    // apply, so entries others added (a controller's finalizer) stay.
    if (MERGED_PRIMITIVE_LISTS.has(k) && Array.isArray(m) && Array.isArray(c)) {
      const before = Array.isArray(orig[k]) ? (orig[k] as Json[]) : [];
      const added = m.filter((x) => !c.includes(x));
      const dropped = before.filter((x) => !m.includes(x) && c.includes(x));
      if (added.length || dropped.length) {
        patch[`$setElementOrder/${k}`] = m;
        if (added.length) patch[k] = added;
        if (dropped.length) patch[`$deleteFromPrimitiveList/${k}`] = dropped;
      }
      continue;
    }
    if (Array.isArray(m) && Array.isArray(c) && m.every(isObject) && c.every(isObject)) {
      const key = mergeKeyOf(k, [...m, ...c] as JsonObject[]);
      if (key) {
        const list = listPatch(Array.isArray(orig[k]) ? (orig[k] as JsonObject[]) : [], m as JsonObject[], c as JsonObject[], key);
        if (list.length) {
          patch[`$setElementOrder/${k}`] = (m as JsonObject[]).map((i) => ({ [key]: i[key] }));
          patch[k] = list;
        }
        continue;
      }
    }
    patch[k] = m;
  }
  for (const k of Object.keys(orig)) if (!(k in modified)) patch[k] = null;
  return patch;
}

/** listPatch is the item-by-item part of a keyed list's patch: changed or new items, and deletions. */
function listPatch(original: JsonObject[], modified: JsonObject[], current: JsonObject[], key: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const m of modified) {
    const c = current.find((i) => deepEqual(i[key], m[key]));
    if (!c) {
      out.push(m);
      continue;
    }
    const sub = threeWayPatch(original.find((i) => deepEqual(i[key], m[key])), m, c);
    if (Object.keys(sub).length) out.push({ ...sub, [key]: m[key] });
  }
  for (const o of original)
    if (!modified.some((m) => deepEqual(m[key], o[key])) && current.some((c) => deepEqual(c[key], o[key]))) out.push({ $patch: 'delete', [key]: o[key] });
  return out;
}
