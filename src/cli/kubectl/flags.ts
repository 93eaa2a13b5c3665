/**
 * The kubectl command line as pflag reads it: `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`,
 * single-letter bools combined (`-it`), `--bool=false`, and everything after `--` kept apart. Each command names
 * the flags it knows; a line with any other flag is not built in (the caller then runs a real kubectl), so the
 * built-in never half-understands a command.
 */

/** How a flag takes its value: a bool, one value (the last wins), or a list (each use adds, commas not split). */
export type FlagKind = 'bool' | 'value' | 'list';

/** FlagTable maps a flag's long name (`--namespace`) to its kind and its one-letter shorthand, if any. */
export type FlagTable = Record<string, readonly [FlagKind, string?]>;

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
          if (!/^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(v)) throw new UsageError(`invalid argument "${v}" for "${long}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
          set(long, /^(true|1|t|TRUE|True)$/.test(v));
        }
        continue;
      }
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: ${long}`);
      set(long, v);
      continue;
    }
    // Shorthands: a run of bools (-it), or one that takes the rest of the word or the next word as its value.
    for (let j = 1; j < a.length; j++) {
      const long = short.get(`-${a[j]}`);
      if (!long) return undefined;
      if (table[long]![0] === 'bool') {
        set(long, true);
        continue;
      }
      let v: string | undefined = a.slice(j + 1);
      if (v.startsWith('=')) v = v.slice(1);
      if (!v) v = args[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: '${a[j]}' in -${a[j]}`);
      set(long, v);
      break;
    }
  }
  return { words, values };
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
  list(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
}
