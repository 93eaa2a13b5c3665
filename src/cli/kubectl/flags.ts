/**
 * The kubectl command line as pflag reads it: `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`,
 * single-letter bools combined (`-it`), `--bool=false`, and everything after `--` kept apart. Each command names
 * the flags it knows; a line with any other flag is not built in (the caller then runs a real kubectl), so the
 * built-in never half-understands a command.
 */

/**
 * How a flag takes its value: a bool; one value (the last wins); an integer (one value that pflag's IntVar must
 * parse, as Go's strconv.ParseInt with base 0 does, or the line is refused); a list (each use adds, commas not
 * split); or an optional value (pflag's NoOptDefVal: bare `--flag` means the table's default and never takes the
 * next word, only `--flag=value` gives another).
 */
export type FlagKind = 'bool' | 'value' | 'int' | 'list' | 'optional';

/**
 * FlagTable maps a flag's long name (`--namespace`) to its kind, its one-letter shorthand if any, and for an
 * 'optional' flag the value a bare `--flag` stands for.
 */
export type FlagTable = Record<string, readonly [FlagKind, (string | undefined)?, string?]>;

/** DRY_RUN_FLAG is kubectl's `--dry-run` (cmdutil.AddDryRunFlag): bare, it is "unchanged" (a deprecated client dry run). */
export const DRY_RUN_FLAG: FlagTable[string] = ['optional', undefined, 'unchanged'];

/** The flags every kubectl command takes. */
export const GLOBAL_FLAGS: FlagTable = {
  '--kubeconfig': ['value'],
  '--context': ['value'],
  '--namespace': ['value', '-n'],
};

/** ParsedLine is a command line read against a FlagTable. */
export interface ParsedLine {
  /** The words that are not flags, the command's name first. */
  words: string[];
  /** The words after `--`, or undefined when there was none. */
  afterDash?: string[];
  values: Map<string, string | boolean | string[]>;
}

/** UsageError is a command line kubectl refuses before doing anything; its message is kubectl's words. */
export class UsageError extends Error {}

/**
 * parseLine reads args against the table, or answers undefined for a flag it does not know (not built in).
 * A value flag with no value left is kubectl's `flag needs an argument` usage error.
 */
export function parseLine(args: string[], table: FlagTable): ParsedLine | undefined {
  const short = new Map<string, string>();
  for (const [long, [, s]] of Object.entries(table)) if (s) short.set(s, long);
  const values = new Map<string, string | boolean | string[]>();
  const words: string[] = [];
  // pflag names a flag in a bad-value error as `-n, --namespace` when it has a shorthand, whichever was typed.
  const flagName = (long: string) => (table[long]![1] ? `${table[long]![1]}, ${long}` : long);
  const set = (long: string, value: string | boolean) => {
    const kind = table[long]![0];
    if (kind === 'list') values.set(long, [...((values.get(long) as string[] | undefined) ?? []), String(value)]);
    else values.set(long, value);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return { words, afterDash: args.slice(i + 1), values };
    if (!a.startsWith('-') || a === '-') {
      words.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const long = eq > 0 ? a.slice(0, eq) : a;
      const spec = table[long];
      if (!spec) return undefined;
      if (spec[0] === 'bool') {
        if (eq < 0) set(long, true);
        else {
          const v = a.slice(eq + 1);
          const b = goBool(v);
          if (b === undefined) throw new UsageError(`invalid argument ${JSON.stringify(v)} for "${flagName(long)}" flag: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
          set(long, b);
        }
        continue;
      }
      if (spec[0] === 'optional') {
        set(long, eq > 0 ? a.slice(eq + 1) : spec[2]!);
        continue;
      }
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: ${long}`);
      if (spec[0] === 'int') checkInt(flagName(long), v);
      set(long, v);
      continue;
    }
    // Shorthands: a run of bools (-it), or one that takes the rest of the word or the next word as its value.
    for (let j = 1; j < a.length; j++) {
      const long = short.get(`-${a[j]}`);
      if (!long) return undefined;
      const spec = table[long]!;
      if (spec[0] === 'bool') {
        set(long, true);
        continue;
      }
      // pflag: `-x=value` sets an optional flag; a bare `-x` takes its default, the rest of the word more shorthands.
      if (spec[0] === 'optional' && a[j + 1] !== '=') {
        set(long, spec[2]!);
        continue;
      }
      let v: string | undefined = a.slice(j + 1);
      if (v.startsWith('=')) v = v.slice(1);
      if (!v) v = args[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: '${a[j]}' in -${a[j]}`);
      if (spec[0] === 'int') checkInt(flagName(long), v);
      set(long, v);
      break;
    }
  }
  return { words, values };
}

/** goBool reads a bool as Go's strconv.ParseBool does, or answers undefined for anything else. */
export function goBool(v: string): boolean | undefined {
  if (/^(1|t|T|TRUE|true|True)$/.test(v)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(v)) return false;
  return undefined;
}

/**
 * goInt reads an integer as Go's strconv.ParseInt(s, 0, 64) does (what pflag's IntVar uses): an optional sign,
 * then decimal, `0x` hex, `0o`/`0` octal or `0b` binary, `_` allowed between digits; 'syntax' or 'range' when Go
 * refuses it.
 */
export function goInt(s: string): number | 'syntax' | 'range' {
  let body = s.startsWith('+') || s.startsWith('-') ? s.slice(1) : s;
  let base = 10;
  if (body.length >= 3 && body[0] === '0' && /[xob]/i.test(body[1]!)) {
    base = { x: 16, o: 8, b: 2 }[body[1]!.toLowerCase() as 'x' | 'o' | 'b'];
    body = body.slice(2);
  } else if (body.length >= 1 && body[0] === '0') {
    base = 8;
    body = body.slice(1);
  } else if (!body.length) return 'syntax';
  let n = 0n;
  let underscores = false;
  for (const c of body) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return 'syntax';
    n = n * BigInt(base) + BigInt(d);
  }
  if (underscores && !underscoresBetweenDigits(s)) return 'syntax';
  if (s.startsWith('-') ? n > 1n << 63n : n >= 1n << 63n) return 'range';
  return Number(s.startsWith('-') ? -n : n);
}

/** underscoresBetweenDigits is Go's rule for `_` in a base-0 number: only between digits (a base prefix counts as one). */
function underscoresBetweenDigits(s: string): boolean {
  let body = s.replace(/^[+-]/, '');
  let saw = '^';
  let hex = false;
  if (body.length >= 2 && body[0] === '0' && /[box]/i.test(body[1]!)) {
    saw = '0';
    hex = body[1]!.toLowerCase() === 'x';
    body = body.slice(2);
  }
  for (const c of body) {
    if (/[0-9]/.test(c) || (hex && /[a-f]/i.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/** checkInt refuses an 'int' flag's value as pflag does when Go cannot parse it. */
function checkInt(name: string, v: string): void {
  const n = goInt(v);
  const q = JSON.stringify(v);
  if (n === 'syntax') throw new UsageError(`invalid argument ${q} for "${name}" flag: strconv.ParseInt: parsing ${q}: invalid syntax`);
  if (n === 'range') throw new UsageError(`invalid argument ${q} for "${name}" flag: strconv.ParseInt: parsing ${q}: value out of range`);
}

/** Flags reads a parsed line's values by long name. */
export class Flags {
  constructor(private readonly values: Map<string, string | boolean | string[]>) {}
  has(name: string): boolean {
    return this.values.has(name);
  }
  str(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  bool(name: string): boolean {
    return this.values.get(name) === true;
  }
  /** int reads an 'int' flag (already checked by parseLine), or undefined when it was not given. */
  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = goInt(v);
    return typeof n === 'number' ? n : undefined;
  }
  list(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
}
