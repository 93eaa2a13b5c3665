import type { KubeObject } from '../types.js';
import { byteOrder, DescribeWriter } from './writer.js';

const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);
const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/**
 * smartLabel turns a field name into kubectl 1.35's describe label: camelCase split into title-cased words
 * (`apiVersion` → `API Version`, `podIP` → `Pod Ip`); a name with other characters than letters and `-` is kept.
 */
export function smartLabel(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  // camelcase.Split: runs of one character class; an upper-case run followed by lower case gives its last letter away.
  const runs = field.match(/[a-z]+|[A-Z]+|-+/g) ?? [];
  const parts: string[] = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i]!;
    const next = runs[i + 1];
    if (/^[A-Z]+$/.test(r) && next && /^[a-z]/.test(next)) {
      if (r.length > 1) parts.push(r.slice(0, -1));
      runs[i + 1] = r.slice(-1) + next;
    } else parts.push(r);
  }
  return parts.map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1).toLowerCase())).join(' ');
}

function content(w: DescribeWriter, level: number, obj: Record<string, unknown>, prefix: string): void {
  for (const key of Object.keys(obj).sort(byteOrder)) {
    const path = `${prefix}.${key}`;
    if (SKIP.has(path)) continue;
    const v = obj[key];
    const label = smartLabel(key);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      w.write(level, `${label}:\n`);
      content(w, level + 1, v as Record<string, unknown>, path);
    } else if (Array.isArray(v)) {
      w.write(level, `${label}:\n`);
      for (const e of v) {
        if (e && typeof e === 'object' && !Array.isArray(e)) content(w, level + 1, e as Record<string, unknown>, path);
        else w.write(level + 1, `${goValue(e)}\n`);
      }
    } else w.write(level, `${label}:\t${goValue(v)}\n`);
  }
}

/** goValue prints a scalar as Go's %v does for decoded JSON. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort(byteOrder).map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  return String(v);
}

/** describeGeneric writes what kubectl's generic describer writes for a kind without its own describer. */
export function describeGeneric(w: DescribeWriter, obj: KubeObject, events: readonly KubeObject[] | undefined): void {
  w.write(0, `Name:\t${obj.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  w.labels('Labels', obj.metadata.labels);
  w.annotations('Annotations', obj.metadata.annotations);
  content(w, 0, obj as unknown as Record<string, unknown>, '');
  if (events?.length) w.events(events);
}
