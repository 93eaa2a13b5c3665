// Go's encoding/json as kubectl's output reaches it: unstructured data (maps) comes out with its keys sorted, typed
// objects (Go structs, which the built-in builds in field order) as they stand; strings carry Go's escapes.

/** sortKeys is a JSON value with object keys sorted at every level, as a Go map[string]interface{} is encoded. */
export function sortKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(sortKeys) as T;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])])) as T;
  }
  return v;
}

/**
 * goJSON is Go's json.MarshalIndent(v, "", indent spaces) — or json.Marshal with `indent: 0` — of a value: keys
 * sorted (unstructured data; `sort: false` keeps a struct's field order), and the escapes Go always writes: <, >, &
 * and the line and paragraph separators. The defaults are kubectl's `-o json` printer's: sorted, four spaces.
 * Undefined is written as Go writes nil, `null`.
 */
export function goJSON(v: unknown, opts: { sort?: boolean; indent?: number } = {}): string {
  const text = JSON.stringify(opts.sort === false ? v : sortKeys(v), null, opts.indent ?? 4) ?? 'null';
  // These characters only occur inside strings in JSON text, so replacing them everywhere escapes exactly them.
  return text
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
