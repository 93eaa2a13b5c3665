import type { KubeObject } from '../api/types.js';

/**
 * Serialised objects, cached per stored (frozen) object: each revision is encoded once, then reused by every
 * watcher, every list and the write-ahead log.
 */
const encoded = new WeakMap<object, string>();

/** encodeObject is JSON.stringify with a cache for stored objects (they are frozen, so the text never goes stale). */
export function encodeObject(o: KubeObject): string {
  let s = encoded.get(o);
  if (s === undefined) {
    s = JSON.stringify(o);
    if (Object.isFrozen(o)) encoded.set(o, s);
  }
  return s;
}
