/**
 * Cron schedules as the CronJob controller reads them: kube-controller-manager parses `spec.schedule` with
 * robfig/cron v3's ParseStandard (5 fields: minute hour day-of-month month day-of-week, the @yearly ...
 * @hourly descriptors and @every <duration>) and evaluates it in `spec.timeZone`.
 *
 * Written here rather than taken from npm on purpose: the popular parsers (cron-parser, croner) differ from
 * robfig/cron exactly where a learner would notice: the day-of-month / day-of-week rule (robfig ORs the two
 * only when neither field starts with `*`, and `*\/2` does not count as a star), accepting 6-field specs with
 * seconds, `L`/`W`/`#` extensions, and day-of-week 7. A hundred lines keep the simulator's schedule identical
 * to the real controller's, time zones included (through Intl, with no zone database of our own).
 */

/** CronSchedule gives the activation times of a parsed schedule. */
export interface CronSchedule {
  /** next returns the first activation strictly after `afterMs` (epoch ms, whole seconds), or undefined if none within five years. */
  next(afterMs: number): number | undefined;
}

/** CronError is a schedule robfig/cron refuses; the message is robfig's. */
export class CronError extends Error {}

interface Bounds {
  min: number;
  max: number;
  names?: string[];
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] };
const DOW: Bounds = { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] };

/** A field is a set of allowed values plus robfig's "star bit": whether it was written as `*` or `?` (without a step > 1). */
interface Field {
  values: Set<number>;
  star: boolean;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function parseInt10(s: string, b: Bounds): number {
  const idx = b.names?.indexOf(s.toLowerCase()) ?? -1;
  if (idx >= 0) return idx + b.min;
  if (!/^[+-]?\d+$/.test(s)) throw new CronError(`failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${s}`);
  return n;
}

/** parseRange parses one comma-separated term: `*`, `N`, `N-M`, each optionally `/step` (robfig's getRange). */
function parseRange(expr: string, b: Bounds, into: Field): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseInt10(lowAndHigh[0]!, b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseInt10(lowAndHigh[1]!, b);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseInt10(rangeAndStep[1]!, b);
    // "N/step" means "N-max/step".
    if (single) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new CronError(`too many slashes: ${expr}`);
  if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.values.add(v);
  if (star) into.star = true;
}

function parseField(text: string, b: Bounds): Field {
  const f: Field = { values: new Set(), star: false };
  for (const term of text.split(',')) parseRange(term, b, f);
  return f;
}

/** parseGoDuration reads a Go time.Duration string (`1h30m`, `90s`, `1.5h`) into milliseconds. */
function parseGoDuration(s: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let i = 0;
  if (!s) throw new CronError(`failed to parse duration @every ${s}: time: invalid duration ""`);
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) throw new CronError(`failed to parse duration @every ${s}: time: invalid duration ${JSON.stringify(s)}`);
    total += Number(m[1]) * units[m[2]!]!;
    i = re.lastIndex;
  }
  return total;
}

/** parseSchedule parses a CronJob schedule (robfig/cron ParseStandard) to be evaluated in timeZone (default UTC). */
export function parseSchedule(spec: string, timeZone?: string): CronSchedule {
  const text = spec.trim();
  if (!text) throw new CronError('empty spec string');
  const zone = zoneOf(timeZone);
  if (text.startsWith('@every ')) {
    // robfig's ConstantDelaySchedule: at least one second, rounded down to whole seconds, added to the last run.
    const delay = Math.max(1000, Math.floor(parseGoDuration(text.slice(7).trim()) / 1000) * 1000);
    return { next: (after) => Math.floor(after / 1000) * 1000 + delay };
  }
  let fieldsText = text;
  if (text.startsWith('@')) {
    const d = DESCRIPTORS[text];
    if (!d) throw new CronError(`unrecognized descriptor: ${text}`);
    fieldsText = d;
  }
  const parts = fieldsText.split(/\s+/);
  if (parts.length !== 5) throw new CronError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const fields = {
    minute: parseField(parts[0]!, MINUTES),
    hour: parseField(parts[1]!, HOURS),
    dom: parseField(parts[2]!, DOM),
    month: parseField(parts[3]!, MONTHS),
    dow: parseField(parts[4]!, DOW),
  };
  return { next: (after) => nextAfter(fields, zone, after) };
}

interface Fields {
  minute: Field;
  hour: Field;
  dom: Field;
  month: Field;
  dow: Field;
}

/** robfig's dayMatches: day-of-month and day-of-week are ANDed when either is a star, ORed otherwise. */
function dayMatches(f: Fields, d: Date): boolean {
  const domMatch = f.dom.values.has(d.getUTCDate());
  const dowMatch = f.dow.values.has(d.getUTCDay());
  if (f.dom.star || f.dow.star) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/**
 * nextAfter is robfig's SpecSchedule.Next, walked on the wall clock of the zone: the wall time is held in a
 * Date read through its UTC getters, so month and day arithmetic never meets a DST jump; the result is then
 * turned back into an instant.
 */
function nextAfter(f: Fields, zone: Zone, afterMs: number): number | undefined {
  // Start at the next whole second, then the next whole minute (the seconds field of a standard spec is 0).
  const afterSec = Math.floor(afterMs / 1000) * 1000 + 1000;
  let wall = zone.toWall(afterSec);
  for (let guard = 0; guard < 4; guard++) {
    const w = nextWall(f, wall);
    if (w === undefined) return undefined;
    const instant = zone.fromWall(w);
    if (instant > afterMs) return instant;
    // A wall time repeated when the clocks go back: look past it.
    wall = w + 60_000;
  }
  return undefined;
}

/** nextWall is the earliest wall-clock minute at or after startWall whose fields all match. */
function nextWall(f: Fields, startWall: number): number | undefined {
  const t = new Date(Math.ceil(startWall / 60_000) * 60_000);
  const yearLimit = t.getUTCFullYear() + 5;
  // Each step moves to the start of the next month, day, hour or minute; rolling over a larger unit starts
  // the checks again from the month (robfig's WRAP).
  wrap: for (;;) {
    if (t.getUTCFullYear() > yearLimit) return undefined;
    while (!f.month.values.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
      if (t.getUTCMonth() === 0) continue wrap;
    }
    while (!dayMatches(f, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
      if (t.getUTCDate() === 1) continue wrap;
    }
    while (!f.hour.values.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      if (t.getUTCHours() === 0) continue wrap;
    }
    while (!f.minute.values.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      if (t.getUTCMinutes() === 0) continue wrap;
    }
    return t.getTime();
  }
}

// ---- time zones ----------------------------------------------------------------------------------------

interface Zone {
  /** toWall turns an instant into the zone's wall-clock time, expressed as if it were UTC. */
  toWall(instant: number): number;
  /** fromWall turns a wall-clock time back into an instant (a time in a DST gap lands after the gap). */
  fromWall(wall: number): number;
}

const UTC_ZONE: Zone = { toWall: (t) => t, fromWall: (w) => w };
const zones = new Map<string, Zone>();

/** isUTC: the zones Go's time.LoadLocation answers with UTC itself. */
const isUTC = (tz: string | undefined) => !tz || tz === 'UTC' || tz === 'Local';

/**
 * checkTimeZone returns Go's time.LoadLocation error text for a zone name it would refuse, or undefined.
 * (kube-controller-manager's own zone is UTC in minikube, so an unset or `Local` zone is UTC.)
 */
export function checkTimeZone(tz: string | undefined): string | undefined {
  if (isUTC(tz)) return undefined;
  try {
    zoneOf(tz);
    return undefined;
  } catch {
    return `unknown time zone ${tz}`;
  }
}

function zoneOf(tz: string | undefined): Zone {
  if (isUTC(tz)) return UTC_ZONE;
  const name = tz!;
  let z = zones.get(name);
  if (z) return z;
  // Intl accepts some spellings Go refuses (lower case, links resolved differently); Go is case-sensitive.
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  // Go reads zone files by exact name; Intl also accepts other spellings (`asia/tokyo`), which Go refuses.
  const resolved = fmt.resolvedOptions().timeZone;
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) throw new RangeError(`unknown time zone ${name}`);
  const offset = (instant: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(instant))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const asUTC = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return asUTC - Math.floor(instant / 1000) * 1000;
  };
  z = {
    toWall: (t) => t + offset(t),
    fromWall: (w) => {
      // The offsets in force well before and after; a wall time valid under both (clocks went back) takes the
      // earlier instant, one valid under neither (clocks went forward) is read with the earlier offset.
      const before = w - offset(w - 14 * 3_600_000);
      const after = w - offset(w + 14 * 3_600_000);
      const valid = [before, after].filter((t) => t + offset(t) === w);
      return valid.length ? Math.min(...valid) : before;
    },
  };
  zones.set(name, z);
  return z;
}

/** formatInZone prints an instant as Go's time.RFC3339 in a zone: `2026-01-01T09:05:00+09:00`, or `...Z` in UTC. */
export function formatInZone(instant: number, timeZone?: string): string {
  const zone = zoneOf(timeZone);
  const wall = zone.toWall(instant);
  const iso = new Date(wall).toISOString().replace(/\.\d{3}Z$/, '');
  const off = Math.round((wall - instant) / 60_000);
  // Go's RFC3339 layout (Z07:00) prints Z for any zero offset.
  if (off === 0) return `${iso}Z`;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${iso}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
