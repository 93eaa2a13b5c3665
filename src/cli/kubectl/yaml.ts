/**
 * toYAML prints a JSON value exactly as `kubectl get ... -o yaml` does.
 *
 * kubectl's YAML printer is sigs.k8s.io/yaml: Marshal = json.Marshal, then JSONToYAML, which reads the JSON back
 * with go-yaml v2 (go.yaml.in/yaml/v2, the old gopkg.in/yaml.v2) into plain maps and writes it with go-yaml v2's
 * encoder, a Go port of libyaml's emitter. No npm YAML library reproduces that emitter's choices (which strings it
 * quotes and how, when it falls back from a literal block to a double-quoted string, where it folds long lines at
 * its 80-column best width, the numeric-aware key order, indentless sequences in mappings), so this is written by
 * hand: a small emitter that keeps the same state (column, indent stack, "whitespace" and "indention" flags) and
 * follows the same rules, reduced to what JSON can hold (mappings with string keys, sequences, strings, numbers,
 * booleans and null; block style everywhere except `{}` and `[]` for empty collections).
 *
 * The Go sources the rules come from are named in the comments: encode.go (which style a value asks for),
 * resolve.go (which plain strings would read back as something else), sorter.go (key order) and emitterc.go /
 * yamlprivateh.go (the emitter).
 *
 * Before the emitter runs, readBack replays what go-yaml's parser does to the JSON text on the way in (readerc.go,
 * scannerc.go, parserc.go): a raw NEL (U+0085, which encoding/json leaves unescaped) is a line break inside a
 * double-quoted scalar and is folded; DEL, the C1 controls and U+FFFE/U+FFFF stop the reader; a key with a NEL or
 * longer than 1024 characters is no simple key. kubectl then fails, and toYAML throws a YAMLError whose message is
 * the text kubectl prints after "error: ".
 *
 * One thing cannot be reproduced from a value JSON.parse produced: integers beyond 2^53 have already lost digits.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** YAMLError is kubectl's failure to print a value as YAML; the message is what it prints after "error: ". */
export class YAMLError extends Error {
  override name = 'YAMLError';
}

/** Node is a value as go-yaml holds it after reading the JSON back: mapping entries unsorted, keys as code points. */
type Node =
  | { t: 'scalar'; v: null | boolean | number | string }
  | { t: 'seq'; items: Node[] }
  | { t: 'map'; entries: { key: string; cps: number[]; value: Node }[] };

const BEST_INDENT = 2;
const BEST_WIDTH = 80;
/** check_simple_key: a key longer than this (in bytes) is written as a complex key (`? key` then `: value`). */
const MAX_SIMPLE_KEY_LENGTH = 128;

/** toYAML returns the text `kubectl -o yaml` prints for a value (a whole object, or a List wrapper). */
export function toYAML(value: unknown): string {
  const e = new Emitter();
  e.node(readBack(value as Json), { root: true, sequence: false, mapping: false, simpleKey: false });
  // yaml_emitter_emit_document_end: an implicit document end is just a final line break.
  e.writeIndent();
  return e.out;
}

// ---------------------------------------------------------------------------------------------------------------
// Scalars: what text each value becomes and which style the encoder asks for (encode.go).

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Scalar {
  /** The text as code points (strings are UTF-8 in Go; the emitter works a character at a time). */
  cps: number[];
  style: Style;
}

function scalarOf(v: null | boolean | number | string): Scalar {
  if (v === null) return { cps: codePoints('null'), style: 'plain' }; // nilv
  if (typeof v === 'boolean') return { cps: codePoints(v ? 'true' : 'false'), style: 'plain' }; // boolv
  if (typeof v === 'number') return { cps: codePoints(formatNumber(v)), style: 'plain' }; // intv, uintv, floatv
  // stringv: a string with a newline asks for a literal block; one that would read back as another type (or as a
  // YAML 1.1 base-60 float) asks for double quotes; anything else asks for plain. The emitter may still override.
  const style: Style = v.includes('\n') ? 'literal' : resolvesToString(v) && !isBase60Float(v) ? 'plain' : 'double';
  return { cps: codePoints(v), style };
}

/** Go's JSON decoder turns a lone UTF-16 surrogate (a JS string may hold one) into U+FFFD. */
function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/**
 * formatNumber prints a number as it comes out of kubectl. A JSON number reaches go-yaml as text written by Go's
 * encoding/json from Unstructured's int64 or float64, and go-yaml's resolver reads that text back as int, then
 * uint64, then float64 (resolve.go). Ints and uints print in decimal; floats with strconv.FormatFloat(f, 'g', -1),
 * i.e. the shortest digits, in exponent form when the decimal exponent is < -4 or >= 6 (shortest %g decides with
 * precision 6): 0.5, 1.5e-07, 1.2345675e+06, 1e+21. An integral value is an int unless it is out of int64 and
 * uint64 range (or written with an exponent, >= 1e21), when it went through float64 too.
 */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : n < 0 ? '-.inf' : '.nan';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    const s = String(n === 0 ? 0 : n); // the digits Go's 'f' formatting of the same float prints, too
    const b = BigInt(s);
    if (b >= -(2n ** 63n) && b < 2n ** 64n) return s; // ParseInt or ParseUint takes it
  }
  return formatFloatG(n);
}

/** formatFloatG is Go's strconv.FormatFloat(f, 'g', -1, 64). */
function formatFloatG(n: number): string {
  const [mant, expPart] = n.toExponential().split('e') as [string, string]; // shortest round-trip digits
  const neg = mant.startsWith('-');
  const digits = mant.replace(/^-/, '').replace('.', '');
  const exp = Number(expPart);
  let out: string;
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    out = `${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  } else if (exp < 0) {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length > exp + 1) {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    out = digits + '0'.repeat(exp + 1 - digits.length);
  }
  return neg ? '-' + out : out;
}

// ---------------------------------------------------------------------------------------------------------------
// resolve.go: would this text, written plain, read back as something other than a string?

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** resolvesToString is resolve("", s) returning !!str: the resolver only looks further when the first byte hints. */
function resolvesToString(s: string): boolean {
  const c = s[0];
  let hint: string;
  if (c === undefined) hint = 'N';
  else if (c === '+' || c === '-') hint = 'S';
  else if (c >= '0' && c <= '9') hint = 'D';
  else if ('yYnNtTfFoO~'.includes(c)) hint = 'M';
  else if (c === '.') hint = '.';
  else return true;
  if (RESOLVE_MAP.has(s)) return false; // bools, nulls, .inf/.nan, the merge key
  switch (hint) {
    case '.':
      return !goParseFloatOK(s);
    case 'D':
    case 'S': {
      if (parseTimestamp(s)) return false;
      const plain = s.split('_').join('');
      if (goParseInt(plain, true) || goParseInt(plain, false)) return false;
      if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return false;
      if (plain.startsWith('0b')) return !(goParseIntBase2(plain.slice(2), true) || goParseIntBase2(plain.slice(2), false));
      if (plain.startsWith('-0b')) return !goParseIntBase2('-' + plain.slice(3), true);
      return true;
    }
    default:
      return true;
  }
}

/** isBase60Float (encode.go): YAML 1.1 sexagesimal numbers like 1:20 are quoted for other parsers' sake. */
function isBase60Float(s: string): boolean {
  const c = s[0];
  if (c === undefined || !(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

/** strconv.ParseInt(s, 0, 64) (signed) or ParseUint(s, 0, 64) succeeding: base prefixes 0x, 0o, 0b and a bare 0. */
function goParseInt(s: string, signed: boolean): boolean {
  let neg = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return false;
  let base = 10;
  if (s[0] === '0') {
    const p = s[1]?.toLowerCase();
    if (s.length >= 3 && p === 'b') (base = 2), (s = s.slice(2));
    else if (s.length >= 3 && p === 'o') (base = 8), (s = s.slice(2));
    else if (s.length >= 3 && p === 'x') (base = 16), (s = s.slice(2));
    else (base = 8), (s = s.slice(1));
  }
  return inRange(digitsValue(s, base), neg, signed);
}

/** strconv.ParseInt(s, 2, 64) / ParseUint(s, 2, 64), for resolve.go's extra 0b handling. */
function goParseIntBase2(s: string, signed: boolean): boolean {
  let neg = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return false;
  return inRange(digitsValue(s, 2), neg, signed);
}

function digitsValue(s: string, base: number): bigint | undefined {
  let v = 0n;
  for (const ch of s) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    v = v * BigInt(base) + BigInt(d);
  }
  return v;
}

function inRange(v: bigint | undefined, neg: boolean, signed: boolean): boolean {
  if (v === undefined) return false;
  if (!signed) return v < 2n ** 64n;
  return neg ? v <= 2n ** 63n : v < 2n ** 63n;
}

/** strconv.ParseFloat(s, 64) succeeding for text that starts with '.': decimal only, `_` between digits, no overflow. */
function goParseFloatOK(s: string): boolean {
  if (s.includes('_') && !underscoreOK(s)) return false;
  const plain = s.split('_').join('');
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain) && Number.isFinite(Number(plain));
}

/** strconv's underscoreOK: underscores only between digits. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(s[1]!.toLowerCase())) {
    i = 2;
    saw = '0';
    hex = s[1]!.toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-f]/i.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/**
 * parseTimestamp (resolve.go) tries Go's time.Parse with "2006-1-2T15:4:5.999999999Z07:00", the same with a
 * lower-case t, "2006-1-2 15:4:5.999999999" and "2006-1-2". A string that parses (a creationTimestamp, a date in
 * a label) would read back as a timestamp, so it is double-quoted.
 */
function parseTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const year = Number(s.slice(0, 4));
  let v = s.slice(5);
  const num = (): number | undefined => {
    // getnum(value, false): one or two digits
    if (!isDigitAt(v, 0)) return undefined;
    const n = isDigitAt(v, 1) ? Number(v.slice(0, 2)) : Number(v[0]);
    v = v.slice(isDigitAt(v, 1) ? 2 : 1);
    return n;
  };
  const lit = (c: string): boolean => {
    if (v[0] !== c) return false;
    v = v.slice(1);
    return true;
  };
  const month = num();
  if (month === undefined || month < 1 || month > 12 || !lit('-')) return false;
  const day = num();
  if (day === undefined) return false;
  const dayOK = day >= 1 && day <= daysIn(month, year);
  if (v === '') return dayOK; // "2006-1-2"
  let zone: boolean;
  if (v[0] === 'T' || v[0] === 't') {
    v = v.slice(1);
    zone = true;
  } else if (v[0] === ' ') {
    v = v.replace(/^ +/, ''); // a space in a layout matches a run of spaces
    zone = false;
  } else return false;
  const hour = num();
  if (hour === undefined || hour >= 24 || !lit(':')) return false;
  const min = num();
  if (min === undefined || min >= 60 || !lit(':')) return false;
  const sec = num();
  if (sec === undefined || sec >= 60) return false;
  if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigitAt(v, 1)) v = v.replace(/^[.,][0-9]+/, ''); // .999999999
  if (zone) {
    if (v[0] === 'Z') v = v.slice(1);
    else {
      if (v.length < 6 || v[3] !== ':' || !isDigitAt(v, 1) || !isDigitAt(v, 2) || !isDigitAt(v, 4) || !isDigitAt(v, 5)) return false;
      if (Number(v.slice(1, 3)) > 24 || Number(v.slice(4, 6)) > 60 || (v[0] !== '+' && v[0] !== '-')) return false;
      v = v.slice(6);
    }
  }
  return v === '' && dayOK;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s[i];
  return c !== undefined && c >= '0' && c <= '9';
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the JSON back: JSONToYAML parses the text encoding/json wrote with go-yaml. Inside its double-quoted
// strings everything awkward is escaped except the space and NEL (U+0085), which the scanner takes as a line break.

const NEL = 0x85;

/** readerc.go refuses DEL, the C1 controls other than NEL, U+FFFE and U+FFFF (JSON escapes only below U+0020). */
function readerRefuses(c: number): boolean {
  return c === 0x7f || (c >= 0x80 && c <= 0x9f && c !== NEL) || c === 0xfffe || c === 0xffff;
}

/** The length of a string as encoding/json writes it, quotes included (it escapes HTML characters and U+2028/9). */
function jsonQuotedLength(cps: number[]): number {
  let n = 2;
  for (const c of cps) {
    if (c === 0x22 || c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || c === 0x0c) n += 2;
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) n += 6;
    else n += 1;
  }
  return n;
}

/** Go orders a map's keys by their UTF-8 bytes, which is code point order. */
function codePointCompare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * readBack turns the value into what go-yaml decodes from its JSON text, walking it in encoding/json's order (map
 * keys sorted) and counting the lines go-yaml counts (every raw NEL is one), so an error names the same line.
 */
function readBack(value: Json): Node {
  let line = 0;

  // yaml_parser_scan_flow_scalar: spaces before a line break are dropped, spaces after it skipped; one break
  // folds to a space, n breaks to n-1 newlines; "---" or "..." and a blank at the start of a line is an error.
  const scalarText = (cps: number[]): string => {
    for (const c of cps) if (readerRefuses(c)) throw new YAMLError('yaml: control characters are not allowed');
    if (!cps.includes(NEL)) return String.fromCodePoint(...cps);
    let out = '';
    let i = 0;
    let lineStart = false;
    for (;;) {
      const three = String.fromCodePoint(...cps.slice(i, i + 3));
      if (lineStart && (three === '---' || three === '...') && (cps[i + 3] === 0x20 || cps[i + 3] === NEL)) {
        throw new YAMLError(`yaml: line ${line + 1}: found unexpected document indicator`);
      }
      while (i < cps.length && cps[i] !== 0x20 && cps[i] !== NEL) out += String.fromCodePoint(cps[i++]!);
      if (i >= cps.length) return out;
      let whitespaces = '';
      let leadingBreak = false;
      let trailingBreaks = '';
      for (; i < cps.length && (cps[i] === 0x20 || cps[i] === NEL); i++) {
        if (cps[i] === 0x20) {
          if (!leadingBreak) whitespaces += ' ';
          lineStart = false;
        } else {
          if (leadingBreak) trailingBreaks += '\n';
          leadingBreak = true;
          line++;
          lineStart = true;
        }
      }
      out += leadingBreak ? trailingBreaks || ' ' : whitespaces;
    }
  };

  const walk = (v: Json): Node => {
    if (Array.isArray(v)) return { t: 'seq', items: v.map(walk) };
    if (typeof v === 'string') return { t: 'scalar', v: scalarText(codePoints(toWellFormed(v))) };
    if (v === null || typeof v !== 'object') return { t: 'scalar', v };
    const open = line; // the line of the mapping's '{'
    const keys = new Map<string, { raw: string; cps: number[] }>(); // Go's map: lone surrogates merge as U+FFFD
    for (const raw of Object.keys(v)) {
      const wellFormed = toWellFormed(raw);
      keys.delete(wellFormed);
      keys.set(wellFormed, { raw, cps: codePoints(wellFormed) });
    }
    const entries = new Map<string, { key: string; cps: number[]; value: Node }>();
    for (const { raw, cps } of [...keys.values()].sort((a, b) => codePointCompare(a.cps, b.cps))) {
      const key = scalarText(cps);
      if (cps.includes(NEL) || jsonQuotedLength(cps) > 1024) {
        // yaml_simple_key_is_valid: a key must be on one line and at most 1024 characters before its ':', so the
        // ':' comes without a key and the parser fails (parserc.go); a parser error names the 0-based line.
        const at = line || open;
        throw new YAMLError(`yaml: ${at ? `line ${at}: ` : ''}did not find expected ',' or '}'`);
      }
      const node = walk(v[raw]!);
      entries.set(key, { key, cps: codePoints(key), value: node }); // a later duplicate wins
    }
    return { t: 'map', entries: [...entries.values()] };
  };
  return walk(value);
}

// ---------------------------------------------------------------------------------------------------------------
// sorter.go: the order of mapping keys. Letters sort after everything else, runs of digits compare as numbers.
// This Less is not a strict order for every set of keys ("9" < "10" < "1e3" < "9"); kubectl sorts Go's randomly
// ordered map keys with it, so for such keys kubectl itself prints different orders from run to run, and any
// order toYAML picks is one of them.

const isLetter = (r: number) => /\p{L}/u.test(String.fromCodePoint(r));
const isDigit = (r: number) => /\p{Nd}/u.test(String.fromCodePoint(r));

function keyLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const ai0 = a[i]!;
    const bi0 = b[i]!;
    if (ai0 === bi0) continue;
    const al = isLetter(ai0);
    const bl = isLetter(bi0);
    if (al && bl) return ai0 < bi0;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ai0 === 0x30 || bi0 === 0x30) {
      // a run of digits before a '0' that is not all zeros makes the zero compare as a digit, not a number
      for (let j = i - 1; j >= 0 && isDigit(a[j]!); j--) {
        if (a[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < a.length && isDigit(a[ai]!); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(a[ai]! - 0x30));
    for (; bi < b.length && isDigit(b[bi]!); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(b[bi]! - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ai0 < bi0;
  }
  return a.length < b.length;
}

function sortEntries<T extends { cps: number[] }>(entries: T[]): T[] {
  return entries.sort((x, y) => (keyLess(x.cps, y.cps) ? -1 : keyLess(y.cps, x.cps) ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------------
// yamlprivateh.go: character classes, on code points (go-yaml tests UTF-8 bytes; these are the same sets).

/** is_printable: LF, ASCII printables, U+00A0..U+D7FF, U+E000..U+FFFD but not the BOM. Nothing outside the BMP. */
function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}
/** is_break: CR, LF, NEL, LS, PS. */
function isBreak(c: number | undefined): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}
const isSpace = (c: number | undefined) => c === 0x20;
const isBlank = (c: number | undefined) => c === 0x20 || c === 0x09;
const isBlankz = (c: number | undefined) => isBlank(c) || isBreak(c) || c === 0 || c === undefined;
const utf8Length = (c: number) => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);

// ---------------------------------------------------------------------------------------------------------------
// emitterc.go: yaml_emitter_analyze_scalar.

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyzeScalar(v: number[]): Analysis {
  if (v.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  if (v.length >= 3 && ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))) {
    blockIndicators = true; // "---" and "..." start document markers
  }
  let precededByWhitespace = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const followedByWhitespace = i + 1 >= v.length || isBlank(v[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else if (ch === ':' && followedByWhitespace) blockIndicators = true;
    else if (ch === '#' && precededByWhitespace) blockIndicators = true;

    if (!isPrintable(c)) specialCharacters = true; // the encoder allows unicode, so only unprintables count
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === v.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === v.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }

  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) blockPlainAllowed = singleQuotedAllowed = false;
  if (spaceBreak || specialCharacters) blockPlainAllowed = singleQuotedAllowed = blockAllowed = false;
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

// ---------------------------------------------------------------------------------------------------------------
// The emitter. Flow context only ever holds an empty collection here, so flow_level is 0 whenever a scalar is written.

interface Context {
  root: boolean;
  sequence: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

class Emitter {
  out = '';
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  /** The last thing written was whitespace (or nothing), so an indicator needs no space before it. */
  private whitespace = true;
  /** Only indentation has been written on this line so far. */
  private indention = true;

  node(n: Node, ctx: Context): void {
    if (n.t === 'seq') this.sequence(n.items, ctx);
    else if (n.t === 'map') this.mapping(n.entries);
    else this.scalar(scalarOf(n.v), ctx);
  }

  private sequence(items: Node[], ctx: Context): void {
    if (items.length === 0) return this.emptyFlow('[', ']');
    // yaml_emitter_emit_block_sequence_item: a sequence that is a mapping's value is not indented ("- " at the key's column)
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { root: false, sequence: true, mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private mapping(entries: { key: string; cps: number[]; value: Node }[]): void {
    if (entries.length === 0) return this.emptyFlow('{', '}');
    this.increaseIndent(false, false);
    for (const { key, cps, value } of sortEntries(entries)) {
      this.writeIndent();
      const k = scalarOf(key);
      const a = analyzeScalar(cps);
      // yaml_emitter_check_simple_key
      if (!a.multiline && cps.reduce((n, c) => n + utf8Length(c), 0) <= MAX_SIMPLE_KEY_LENGTH) {
        this.scalar(k, { root: false, sequence: false, mapping: true, simpleKey: true }, a);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.scalar(k, { root: false, sequence: false, mapping: true, simpleKey: false }, a);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { root: false, sequence: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  /** An empty sequence or mapping is written in flow style: `[]`, `{}`. */
  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private scalar(s: Scalar, ctx: Context, analysis?: Analysis): void {
    const a = analysis ?? analyzeScalar(s.cps);
    // yaml_emitter_select_scalar_style
    let style = s.style;
    if (ctx.simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (s.cps.length === 0 && ctx.simpleKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || ctx.simpleKey)) style = 'double';

    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    if (style === 'plain') this.writePlain(s.cps, allowBreaks);
    else if (style === 'single') this.writeSingleQuoted(s.cps, allowBreaks);
    else if (style === 'double') this.writeDoubleQuoted(s.cps, allowBreaks);
    else this.writeLiteral(s.cps);
    this.popIndent();
  }

  // --- low-level output (put, put_break, write, write_break) ---

  private put(text: string): void {
    this.out += text;
    this.column += text.length; // ASCII only
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** write: one character; the column counts characters, not bytes. */
  private write(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.write(c);
      this.column = 0;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // --- the scalar writers ---

  /** A plain scalar folds at a single space once the line is past the best width. */
  private writePlain(v: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(v[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1 && !isSpace(v[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(v: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    // is_bom looks at the start of the whole value, so a value that begins with a BOM has every character escaped
    const bom = v[0] === 0xfeff;
    let spaces = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\' + escapeOf(c));
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (isSpace(v[i + 1])) this.put('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator('|', true, false, false);
    // yaml_emitter_write_block_scalar_hints: an explicit indentation when the text starts with a space or break;
    // "-" (strip) without a final break, "+" (keep) with more than one, nothing (clip) with exactly one
    if (isSpace(v[0]) || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = v[v.length - 1];
    let chomp = '';
    if (!isBreak(last)) chomp = '-';
    else if (v.length === 1 || isBreak(v[v.length - 2])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of v) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** The escapes yaml_emitter_write_double_quoted_scalar writes (hex digits upper-case). */
function escapeOf(c: number): string {
  switch (c) {
    case 0x00: return '0';
    case 0x07: return 'a';
    case 0x08: return 'b';
    case 0x09: return 't';
    case 0x0a: return 'n';
    case 0x0b: return 'v';
    case 0x0c: return 'f';
    case 0x0d: return 'r';
    case 0x1b: return 'e';
    case 0x22: return '"';
    case 0x5c: return '\\';
    case 0x85: return 'N';
    case 0xa0: return '_';
    case 0x2028: return 'L';
    case 0x2029: return 'P';
  }
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return 'x' + hex.padStart(2, '0');
  if (c <= 0xffff) return 'u' + hex.padStart(4, '0');
  return 'U' + hex.padStart(8, '0');
}
