import type { KubeObject } from '../types.js';
import { humanDuration } from '../printers/duration.js';
import { alignTabs } from './tabwriter.js';

/**
 * DescribeWriter collects the lines of a description as kubectl's PrefixWriter does: each write starts with two
 * spaces per level, cells are separated by tabs, and the whole text is aligned at the end like Go's tabwriter.
 * ESC and CR in values are shown as `^[` and `\r`, so that a value cannot drive the terminal.
 */
export class DescribeWriter {
  private text = '';

  constructor(readonly now: number) {}

  /** write appends `text` at a level (two spaces each); text carries its own tabs and newlines. */
  write(level: number, text: string): void {
    this.text += ('  '.repeat(level) + text).replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
  }

  /** flush ends every tab block here (kubectl flushes its tabwriter before the events table). */
  flush(): void {
    this.text += '\u0000';
  }

  toString(): string {
    return this.text
      .split('\u0000')
      .map((part) => alignTabs(part))
      .join('');
  }

  /** labels writes `Title:\tk=v` and the other labels under it, sorted, or `<none>`. */
  labels(title: string, m: Record<string, string> | undefined | null): void {
    const keys = Object.keys(m ?? {}).sort(byteOrder);
    this.write(0, `${title}:\t`);
    if (!keys.length) return this.write(0, '<none>\n');
    keys.forEach((k, i) => this.write(0, `${i ? '\t' : ''}${k}=${m![k]}\n`));
  }

  /** annotations writes `Title:\tk: v`, long or multi-line values on lines of their own (cut at 138 bytes). */
  annotations(title: string, m: Record<string, string> | undefined | null): void {
    const keys = Object.keys(m ?? {})
      .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
      .sort(byteOrder);
    this.write(0, `${title}:\t`);
    if (!keys.length) return this.write(0, '<none>\n');
    keys.forEach((k, i) => {
      if (i) this.write(0, '\t');
      const v = (m![k] ?? '').replace(/\n$/, '');
      if (Buffer.byteLength(v) + Buffer.byteLength(k) + 2 > 140 || v.includes('\n')) {
        this.write(0, `${k}:\n`);
        for (const s of v.split('\n')) this.write(0, `\t  ${shorten(s, 138)}\n`);
      } else this.write(0, `${k}: ${v}\n`);
    });
  }

  /** events writes the Events table (oldest last-seen first), or `Events:\t<none>`. */
  events(events: readonly KubeObject[] | undefined): void {
    if (!events) return;
    if (!events.length) return this.write(0, 'Events:\t<none>\n');
    this.flush();
    const at = (e: KubeObject) => Date.parse(str(e, 'lastTimestamp') ?? '') || 0;
    const sorted = events.slice().sort((a, b) => at(a) - at(b));
    this.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
    this.write(1, '----\t------\t----\t----\t-------\n');
    for (const e of sorted) {
      const ev = e as KubeObject & Record<string, unknown>;
      const first = this.since(str(e, 'eventTime') ?? str(e, 'firstTimestamp'));
      const series = ev.series as { count?: number; lastObservedTime?: string } | undefined;
      const count = (ev.count as number | undefined) ?? 0;
      const interval = series
        ? `${this.since(series.lastObservedTime)} (x${series.count ?? 0} over ${first})`
        : count > 1
          ? `${this.since(str(e, 'lastTimestamp'))} (x${count} over ${first})`
          : first;
      const source = (ev.source as { component?: string } | undefined)?.component || (ev.reportingComponent as string | undefined) || '';
      const fieldPath = (ev.involvedObject as { fieldPath?: string } | undefined)?.fieldPath;
      const msg = ((ev.message as string | undefined) ?? '').trim();
      this.write(1, `${ev.type ?? ''}\t${ev.reason ?? ''}\t${interval}\t${source}\t${fieldPath ? `${fieldPath}: ${msg}` : msg}\n`);
    }
  }

  /** since is an age as kubectl describe prints it: `<unknown>` for no time. */
  since(t: string | undefined | null): string {
    if (!t) return '<unknown>';
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? '<unknown>' : humanDuration(this.now - ms);
  }
}

function str(o: KubeObject, field: string): string | undefined {
  const v = (o as unknown as Record<string, unknown>)[field];
  return typeof v === 'string' && v ? v : undefined;
}

/** byteOrder compares as Go's sort.Strings does (UTF-16 order matches it for the ASCII names Kubernetes allows). */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function shorten(s: string, n: number): string {
  const b = Buffer.from(s);
  return b.length > n ? `${b.subarray(0, n).toString()}...` : s;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** rfc1123z prints a time as Go's time.RFC1123Z in the local zone, as kubectl describe does: `Sun, 22 Nov 2026 07:08:15 +0000`. */
export function rfc1123z(t: string | undefined | null): string {
  const d = new Date(t ?? '');
  if (!t || Number.isNaN(d.getTime())) return '<unset>';
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${two(Math.floor(Math.abs(off) / 60))}${two(Math.abs(off) % 60)}`;
  return `${DAYS[d.getDay()]}, ${two(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone}`;
}

/** controllerOf is `Kind/name` of an object's controller, or ''. */
export function controllerOf(o: KubeObject): string {
  const r = o.metadata.ownerReferences?.find((x) => x.controller);
  return r ? `${r.kind}/${r.name}` : '';
}

/** formatLabels is `k=v,k2=v2` sorted, or `<none>` (labels.FormatLabels). */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort(byteOrder);
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
}

/** LabelSelector is metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** formatSelector prints a label selector as metav1.FormatLabelSelector does (requirements sorted by key), `<none>` if empty. */
export function formatSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return '<none>';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = (e.values ?? []).slice().sort(byteOrder).join(',');
    const text =
      e.operator === 'In' ? `${e.key} in (${vals})` : e.operator === 'NotIn' ? `${e.key} notin (${vals})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  if (!reqs.length) return '<none>';
  return reqs
    .sort((a, b) => byteOrder(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

const BINARY = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * quantity prints a resource quantity as kubectl does after parsing it (resource.Quantity.String()): a binary
 * amount with the largest suffix that divides it (`4194304Ki` → `4Gi`); other forms as they are.
 */
export function quantity(q: string | number | undefined | null): string {
  const s = String(q ?? '');
  const m = /^(\d+)(Ki|Mi|Gi|Ti|Pi|Ei)$/.exec(s);
  if (!m) return s;
  let n = BigInt(m[1]!);
  let exp = BINARY.indexOf(m[2]!);
  if (n === 0n) return '0';
  while (n % 1024n === 0n && exp < BINARY.length - 1) {
    n /= 1024n;
    exp++;
  }
  return `${n}${BINARY[exp]}`;
}
