/**
 * kubectl's JSONPath: a hand-written port of client-go's util/jsonpath (parser.go, jsonpath.go, node.go, and the
 * comparison helpers of third_party/forked/golang/template/funcs.go) and of cli-runtime's JSONPathPrinter
 * (pkg/printers/jsonpath.go, pkg/genericclioptions/jsonpath_flags.go), as kubectl 1.35 uses them for
 * `-o jsonpath=`, `-o jsonpath-as-json=`, custom columns and --sort-by.
 *
 * The port keeps Go's quirks on purpose, because the goal is output identical to kubectl byte for byte:
 * - the parser is the same recursive scanner, with the same error texts ("unclosed action", "unterminated array",
 *   `invalid array index x`, `unrecognized character in action: U+0023 '#'`, ...);
 * - `['a.b']` is re-parsed as `.a.b` (so it does NOT address a key containing dots: escape the dot, `a\.b`);
 * - `[x]` with an empty range returns what was found so far (Go returns early), `[]` means `[0]`;
 * - results of one action print separated by one space, maps and lists as compact JSON (json.Marshal: keys
 *   sorted, `<>&` escaped), strings raw, numbers as Go's fmt prints int64 / float64, null as `null`;
 * - `{range}` / `{end}` are evaluated with the same counters and "last end node" bookkeeping as client-go.
 * Data is what kubectl hands the engine: unstructured JSON, where a JSON integer is an int64 and any other number
 * a float64 (we call an integral JS number below 2^63 an int64). Map iteration (`*`, `..`) is random in Go; here it
 * is in sorted key order.
 */

// ---------------------------------------------------------------------------------------------------------------
// Go values that JSON data cannot express: the literals of a template and the bytes of an indexed string.
// ---------------------------------------------------------------------------------------------------------------

/** GoFloat is a float64 template literal (`{1.5}`, `[?(@.x==2.0)]`): a float even when integral. */
export class GoFloat {
  constructor(readonly value: number) {}
}
/** GoInt is an `int` template literal (`{3}`): an integer of Go kind int (client-go's IntNode). */
export class GoInt {
  constructor(readonly value: number) {}
}
/** GoUint8 is one byte of a string, what `*` and `..` yield when they index a Go string. */
export class GoUint8 {
  constructor(readonly value: number) {}
}

/** INVALID stands for Go's zero reflect.Value: the data a `{range}` over nothing runs its body on. */
const INVALID = Symbol('invalid reflect.Value');

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoFloat) && !(v instanceof GoInt) && !(v instanceof GoUint8);
/** isInt64 tells whether a JSON number decodes to int64 in Go's unstructured JSON (an integer that fits). */
const isInt64 = (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 63;

/** goTypeName is Go's %T / reflect.Type.String of a value of unstructured data. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isInt64(v) ? 'int64' : 'float64';
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoUint8) return 'uint8';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

// ---------------------------------------------------------------------------------------------------------------
// Go formatting: fmt's %v, %#v and %q, strconv's float formatting, encoding/json.
// ---------------------------------------------------------------------------------------------------------------

/** compareGo orders strings as Go does (by UTF-8 bytes, i.e. by code point, not by UTF-16 unit). */
export function compareGo(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
const sortedKeys = (o: Obj) => Object.keys(o).sort(compareGo);

/**
 * goFloatV formats a float64 as fmt's %v does: strconv.FormatFloat(f, 'g', -1, 64), the shortest digits that
 * round-trip, in %e form when the decimal exponent is < -4 or >= 6 (strconv's formatDigits: "if precision was the
 * shortest possible, use precision 6 for this decision"), so 1e8 prints `1e+08` and 1000000.5 `1.0000005e+06`.
 */
export function goFloatV(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // The shortest round-trip digits, which JS and Go agree on.
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${neg ? '-' : ''}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  let s: string;
  if (exp < 0) s = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) s = digits + '0'.repeat(exp + 1 - digits.length);
  else s = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return (neg ? '-' : '') + s;
}

/** goNumber is fmt's %v of a JSON number: an int64 in decimal, a float64 as goFloatV. */
function goNumber(n: number): string {
  return isInt64(n) ? BigInt(n).toString() : goFloatV(n);
}

/** isGoPrint is strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isGoPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(cp));
}

/** goQuote is strconv.Quote (fmt's %q and the strings of %#v): Go escapes, non-printable runes as \x, \u, \U. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    // A lone surrogate cannot come out of Go's JSON decoding, which makes it U+FFFD.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp === 0x22 || cp === 0x5c) out += `\\${String.fromCharCode(cp)}`;
    else if (isGoPrint(cp)) out += String.fromCodePoint(cp);
    else {
      const esc: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
      if (esc[cp]) out += esc[cp];
      else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** goSprint is fmt.Sprint / %v of unstructured data: `map[a:1 b:x]`, `[a b]`, `<nil>`, numbers as Go prints them. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (v === INVALID) return '<invalid reflect.Value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return goNumber(v);
  if (v instanceof GoFloat) return goFloatV(v.value);
  if (v instanceof GoInt || v instanceof GoUint8) return String(v.value);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  const o = v as Obj;
  return `map[${sortedKeys(o)
    .map((k) => `${k}:${goSprint(o[k])}`)
    .join(' ')}]`;
}

/**
 * goGoString is %#v of unstructured data, what kubectl prints as "object given to jsonpath engine was":
 * `map[string]interface {}{"a":1, "b":[]interface {}{"x"}}`, `interface {}(nil)` for a null inside.
 */
export function goGoString(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return goNumber(v);
  if (v instanceof GoFloat) return goFloatV(v.value);
  if (v instanceof GoInt) return String(v.value);
  if (v instanceof GoUint8) return `0x${v.value.toString(16)}`;
  if (Array.isArray(v)) return `[]interface {}{${v.map(goGoString).join(', ')}}`;
  const o = v as Obj;
  return `map[string]interface {}{${sortedKeys(o)
    .map((k) => `${goQuote(k)}:${goGoString(o[k])}`)
    .join(', ')}}`;
}

/** jsonString is encoding/json's string encoding: HTML-safe (<, >, & escaped), U+2028/U+2029 escaped. */
function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A well-formed pair passes through; a lone surrogate is invalid UTF-8, which Go writes as U+FFFD.
      const d = s.charCodeAt(i + 1);
      if (c < 0xdc00 && d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += '\ufffd';
    } else out += s[i];
  }
  return `${out}"`;
}

/**
 * goJSONMarshal is encoding/json's Marshal (indent undefined) or MarshalIndent(v, "", indent) of unstructured
 * data: map keys sorted, numbers as Go writes int64 and float64 (the same text as JavaScript's for finite floats).
 */
export function goJSONMarshal(v: unknown, indent?: string, prefix = ''): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return isInt64(v) ? BigInt(v).toString() : String(v);
  if (v instanceof GoFloat) return String(v.value);
  if (v instanceof GoInt || v instanceof GoUint8) return String(v.value);
  const inner = indent === undefined ? undefined : prefix + indent;
  const sep = indent === undefined ? ',' : ',\n';
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    const items = v.map((x) => (inner === undefined ? '' : inner) + goJSONMarshal(x, indent, inner));
    return inner === undefined ? `[${items.join(sep)}]` : `[\n${items.join(sep)}\n${prefix}]`;
  }
  const o = v as Obj;
  const keys = sortedKeys(o);
  if (!keys.length) return '{}';
  const items = keys.map((k) => (inner === undefined ? `${jsonString(k)}:` : `${inner}${jsonString(k)}: `) + goJSONMarshal(o[k], indent, inner));
  return inner === undefined ? `{${items.join(sep)}}` : `{\n${items.join(sep)}\n${prefix}}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The parse tree (client-go util/jsonpath/node.go).
// ---------------------------------------------------------------------------------------------------------------

/** ParamsEntry is one of an array node's start:end:step, as client-go keeps it. */
interface ParamsEntry {
  value: number;
  known: boolean;
  /** derived: `[x]` is `[x:x+1]`, the end derived from the start. */
  derived: boolean;
}

export type JSONPathNode =
  | { type: 'list'; nodes: JSONPathNode[] }
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'identifier'; name: string }
  | { type: 'array'; params: [ParamsEntry, ParamsEntry, ParamsEntry] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] };
type ListNode = Extract<JSONPathNode, { type: 'list' }>;

/** JSONPathError is an error of the jsonpath engine, worded as client-go words it. */
export class JSONPathError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// The parser (client-go util/jsonpath/parser.go).
// ---------------------------------------------------------------------------------------------------------------

const EOF = -1;
const isSpace = (r: number) => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number) => r === 0x0d || r === 0x0a;
const isDigit = (r: number) => r >= 0 && /^\p{Nd}$/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number) => r === 0x5f || (r >= 0 && /^[\p{L}\p{Nd}]$/u.test(String.fromCodePoint(r)));
/** isTerminator: the characters that end a field name or an identifier. */
const isTerminator = (r: number) => isSpace(r) || isEndOfLine(r) || r === EOF || '.,[]$@{}'.includes(String.fromCodePoint(r));

/** goU is fmt's %#U of a rune: `U+0023 '#'` (the character only when printable). */
function goU(r: number): string {
  const hex = `U+${r.toString(16).toUpperCase().padStart(4, '0')}`;
  return isGoPrint(r) ? `${hex} '${String.fromCodePoint(r)}'` : hex;
}

/** goAtoi is strconv.Atoi: an optionally signed decimal integer that fits int64, else undefined. */
function goAtoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const b = BigInt(s);
  if (b > 2n ** 63n - 1n || b < -(2n ** 63n)) return undefined;
  return Number(b);
}

/** goParseFloat is strconv.ParseFloat(s, 64) for the texts parseNumber can produce (signs, digits, dots). */
function goParseFloat(s: string): number | undefined {
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(s)) return undefined;
  return Number(s);
}

/**
 * unquoteExtend is client-go's UnquoteExtend: strconv.Unquote that also takes single quotes, through
 * strconv.UnquoteChar's escapes (\n, \t, \x41, \u00e9, \101, \" only in "..." and \' only in '...').
 */
function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0]!;
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  s = s.slice(1, -1);
  if (!s.includes('\\') && !s.includes(quote)) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === quote) return undefined;
    if (c !== '\\') {
      const cp = s.codePointAt(i)!;
      out += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    if (i + 1 >= s.length) return undefined;
    const e = s[i + 1]!;
    i += 2;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (simple[e] !== undefined) out += simple[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(i, i + n);
      if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const v = parseInt(hex, 16);
      i += n;
      if (e === 'x') out += String.fromCharCode(v);
      else {
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
        out += String.fromCodePoint(v);
      }
    } else if (e >= '0' && e <= '7') {
      const oct = s.slice(i - 1, i + 2);
      if (oct.length < 3 || !/^[0-7]{3}$/.test(oct)) return undefined;
      const v = parseInt(oct, 8);
      if (v > 255) return undefined;
      i += 2;
      out += String.fromCharCode(v);
    } else if (e === "'" || e === '"') {
      if (e !== quote) return undefined;
      out += e;
    } else return undefined;
  }
  return out;
}

const DICT_KEY = /^'([^']*)'$/;
const SLICE = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/s;

/** Parser is client-go's jsonpath Parser: a scanner over the template that builds the node tree. */
class Parser {
  root: ListNode = { type: 'list', nodes: [] };
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;

  parse(text: string): void {
    this.input = text;
    this.root = { type: 'list', nodes: [] };
    this.pos = 0;
    this.parseText(this.root);
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }
  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }
  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }
  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        return this.parseLeftDelim(cur);
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const n: ListNode = { type: 'list', nodes: [] };
    cur.nodes.push(n);
    return this.parseInsideAction(n);
  }

  private parseInsideAction(cur: ListNode): void {
    const rest = this.input.slice(this.pos);
    if (rest.startsWith('}')) return this.parseRightDelim();
    if (rest.startsWith('[?(')) return this.parseFilter(cur);
    if (rest.startsWith('..')) return this.parseRecursive(cur);
    const r = this.next();
    if (r === EOF || isEndOfLine(r)) throw new JSONPathError('unclosed action');
    if (r === 0x20 || r === 0x40 /* @ */ || r === 0x24 /* $ */) {
      // A space, the current object (@) and the root ($) are just skipped.
      this.consumeText();
    } else if (r === 0x5b /* [ */) return this.parseArray(cur);
    else if (r === 0x22 || r === 0x27) return this.parseQuote(cur, r);
    else if (r === 0x2e /* . */) return this.parseField(cur);
    else if (r === 0x2b || r === 0x2d || isDigit(r)) {
      this.backup();
      return this.parseNumber(cur);
    } else if (isAlphaNumeric(r)) {
      this.backup();
      return this.parseIdentifier(cur);
    } else throw new JSONPathError(`unrecognized character in action: ${goU(r)}`);
    return this.parseInsideAction(cur);
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    return this.parseText(this.root);
  }

  /** parseIdentifier reads `range`, `end`, `true`, `false` (or any other word, an error only when run). */
  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
    return this.parseInsideAction(cur);
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new JSONPathError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) return this.parseField(cur);
    return this.parseInsideAction(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === 0x2b || r === 0x2d) this.next();
    for (;;) {
      const c = this.next();
      if (c !== 0x2e && !isDigit(c)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const i = goAtoi(value);
    if (i !== undefined) {
      cur.nodes.push({ type: 'int', value: i });
      return this.parseInsideAction(cur);
    }
    const f = goParseFloat(value);
    if (f !== undefined) {
      cur.nodes.push({ type: 'float', value: f });
      return this.parseInsideAction(cur);
    }
    throw new JSONPathError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JSONPathError('unterminated array');
      if (r === 0x5d) break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';

    // A union: each comma-separated part is parsed on its own as `[part]`.
    const strs = text.split(',');
    if (strs.length > 1) {
      const union: ListNode[] = [];
      for (const s of strs) union.push(parseAction(`[${s.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ type: 'union', nodes: union });
      return this.parseInsideAction(cur);
    }

    // A quoted key: re-parsed as `.key` (so dots in it still separate fields, as in client-go).
    const dict = DICT_KEY.exec(text);
    if (dict) {
      const p = parseAction(`.${dict[1]}`);
      cur.nodes.push(...p.nodes);
      return this.parseInsideAction(cur);
    }

    const m = SLICE.exec(text);
    if (!m) throw new JSONPathError(`invalid array index ${text}`);
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: [ParamsEntry, ParamsEntry, ParamsEntry] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      if (value[i] !== '') {
        if (i > 0) value[i] = value[i]!.slice(1);
        if (i > 0 && value[i] === '') params[i]!.known = false;
        else {
          params[i]!.known = true;
          const n = goAtoi(value[i]!);
          if (n === undefined) throw new JSONPathError(`array index ${value[i]} is not a number`);
          params[i]!.value = n;
        }
      } else if (i === 1) {
        params[i] = { known: true, value: params[0]!.value + 1, derived: true };
      } else params[i] = { known: false, value: 0, derived: false };
    }
    cur.nodes.push({ type: 'array', params });
    return this.parseInsideAction(cur);
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JSONPathError('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === 0x29 /* ) */) {
        // Quotes appear at most once on the right-hand side, paired: a ")" inside them does not close.
        if (begin === end) break;
      }
    }
    if (this.next() !== 0x5d) throw new JSONPathError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = FILTER.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: { type: 'list', nodes: [] }, operator: 'exists' });
    } else {
      const left = parseAction(m[1]!);
      const right = parseAction(m[3]!);
      cur.nodes.push({ type: 'filter', left, right, operator: m[2]! });
    }
    return this.parseInsideAction(cur);
  }

  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JSONPathError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new JSONPathError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text: s });
    return this.parseInsideAction(cur);
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance());
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', value: value.replaceAll('\\', '') });
    return this.parseInsideAction(cur);
  }

  /** advance scans to the next terminator that is not escaped with a backslash. */
  private advance(): boolean {
    const r = this.next();
    if (r === 0x5c) this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** parseAction parses `{text}` and answers its first action (client-go's parseAction, used by [..] and filters). */
function parseAction(text: string): ListNode {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as ListNode;
}

/** A parsed template. */
export interface JSONPathTemplate {
  readonly raw: string;
  readonly root: ListNode;
}

/** parseJSONPath parses a template, throwing JSONPathError with client-go's message (e.g. "unclosed action"). */
export function parseJSONPath(template: string): JSONPathTemplate {
  const p = new Parser();
  p.parse(template);
  return { raw: template, root: p.root };
}

// ---------------------------------------------------------------------------------------------------------------
// The evaluator (client-go util/jsonpath/jsonpath.go).
// ---------------------------------------------------------------------------------------------------------------

type Result = [unknown[], JSONPathError?];

/** basicKind is the comparison kind of a value (template funcs.go), or undefined for an invalid type. */
function basicKind(v: unknown): 'bool' | 'int' | 'uint' | 'float' | 'string' | undefined {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return isInt64(v) ? 'int' : 'float';
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoUint8) return 'uint';
  if (v instanceof GoFloat) return 'float';
  return undefined;
}
const num = (v: unknown) => (typeof v === 'number' ? v : (v as GoInt | GoUint8 | GoFloat).value);
const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';

function goEqual(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  if (!k1) throw new JSONPathError(errBadComparisonType);
  const k2 = basicKind(b);
  if (!k2) throw new JSONPathError(errBadComparisonType);
  if (k1 !== k2) {
    // Integers compare across signedness.
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return num(a) === num(b);
    throw new JSONPathError(errBadComparison);
  }
  return k1 === 'bool' || k1 === 'string' ? a === b : num(a) === num(b);
}
function goLess(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  if (!k1) throw new JSONPathError(errBadComparisonType);
  const k2 = basicKind(b);
  if (!k2) throw new JSONPathError(errBadComparisonType);
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return num(a) < num(b);
    throw new JSONPathError(errBadComparison);
  }
  if (k1 === 'bool') throw new JSONPathError(errBadComparisonType);
  if (k1 === 'string') return compareGo(a as string, b as string) < 0;
  return num(a) < num(b);
}
const COMPARE: Record<string, (a: unknown, b: unknown) => boolean> = {
  '<': goLess,
  '>': (a, b) => !(goLess(a, b) || goEqual(a, b)),
  '==': goEqual,
  '!=': (a, b) => !goEqual(a, b),
  '<=': (a, b) => goLess(a, b) || goEqual(a, b),
  '>=': (a, b) => !goLess(a, b),
};

/** A view of the root node list from some index on (Go's `nodes[i+1:]`, sharing the one array). */
interface NodeSlice {
  arr: JSONPathNode[];
  start: number;
}

/**
 * JSONPath runs one parsed template, with client-go's state: the range counters and the root node slice that a
 * `{range}` re-points (both survive from one FindResults to the next, as on a reused client-go JSONPath).
 */
export class JSONPath {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode = -1;
  private rootNodes: NodeSlice;

  constructor(
    readonly template: JSONPathTemplate,
    private readonly opts: { allowMissingKeys?: boolean } = {},
  ) {
    this.rootNodes = { arr: template.root.nodes, start: 0 };
  }

  /** findResults is FindResults: the values of each top-level node (text or action), ranges expanded. */
  findResults(data: unknown): unknown[][] {
    const nodes = this.rootNodes;
    const len = nodes.arr.length - nodes.start;
    const full: unknown[][] = [];
    const cur: unknown[] = [data];
    for (let i = 0; i < len; i++) {
      const [results, err] = this.walk(cur, nodes.arr[nodes.start + i]!);
      if (err) throw err;
      // An end node closes the block being ranged over.
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = nodes.start + i;
        break;
      }
      // A range node: run the rest of the nodes on each result, then skip to after the matching end.
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) {
            this.rootNodes = { arr: nodes.arr, start: nodes.start + i + 1 };
            full.push(...this.findResults(value));
          }
        } else {
          // Nothing to range over: still walk the body (output discarded) so the end node is found.
          this.rootNodes = { arr: nodes.arr, start: nodes.start + i + 1 };
          this.findResults(INVALID);
        }
        this.inRange--;
        for (let k = i + 1; k < len; k++) {
          if (nodes.start + k === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(value: unknown[], node: JSONPathNode): Result {
    switch (node.type) {
      case 'list':
        return this.evalList(value, node);
      case 'text':
        return [[node.text]];
      case 'field':
        return this.evalField(value, node.value);
      case 'array':
        return this.evalArray(value, node.params);
      case 'filter':
        return this.evalFilter(value, node);
      case 'int':
        return [value.map(() => new GoInt(node.value))];
      case 'float':
        return [value.map(() => new GoFloat(node.value))];
      case 'bool':
        return [value.map(() => node.value)];
      case 'wildcard':
        return [this.children(value)];
      case 'recursive':
        return this.evalRecursive(value);
      case 'union':
        return this.evalUnion(value, node.nodes);
      case 'identifier':
        return this.evalIdentifier(value, node.name);
    }
  }

  private evalList(value: unknown[], node: ListNode): Result {
    let cur = value;
    for (const n of node.nodes) {
      const [next, err] = this.walk(cur, n);
      if (err) return [next, err];
      cur = next;
    }
    return [cur];
  }

  private evalIdentifier(input: unknown[], name: string): Result {
    if (name === 'range') {
      this.beginRange++;
      return [input];
    }
    if (name === 'end') {
      if (this.inRange > 0) {
        this.endRange++;
        return [[]];
      }
      return [[], new JSONPathError('not in range, nothing to end')];
    }
    return [input, new JSONPathError(`unrecognized identifier ${name}`)];
  }

  private evalArray(input: unknown[], params0: [ParamsEntry, ParamsEntry, ParamsEntry]): Result {
    const result: unknown[] = [];
    for (const value of input) {
      if (value === null) continue;
      if (!Array.isArray(value)) {
        if (value === INVALID) throw new Error('reflect: call of reflect.Value.Type on zero Value');
        return [input, new JSONPathError(`${goTypeName(value)} is not array or slice`)];
      }
      // Go copies the params array: the adjustments below are per value.
      const params = params0.map((p) => ({ ...p }));
      const [p0, p1, p2] = params as [ParamsEntry, ParamsEntry, ParamsEntry];
      const len = value.length;
      if (!p0.known) p0.value = 0;
      if (p0.value < 0) p0.value += len;
      if (!p1.known) p1.value = len;
      if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += len;
      if (p1.value !== p0.value) {
        if (p0.value >= len || p0.value < 0) return [input, new JSONPathError(`array index out of bounds: index ${p0.value}, length ${len}`)];
        if (p1.value > len || p1.value < 0) return [input, new JSONPathError(`array index out of bounds: index ${p1.value - 1}, length ${len}`)];
        if (p0.value > p1.value) return [input, new JSONPathError(`starting index ${p0.value} is greater than ending index ${p1.value}`)];
      } else {
        // An empty range ends the whole evaluation of this node with what was found so far.
        return [result];
      }
      const slice = value.slice(p0.value, p1.value);
      let step = 1;
      if (p2.known) {
        if (p2.value <= 0) return [input, new JSONPathError('step must be > 0')];
        step = p2.value;
      }
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return [result];
  }

  private evalUnion(input: unknown[], nodes: ListNode[]): Result {
    const result: unknown[] = [];
    for (const n of nodes) {
      const [temp, err] = this.evalList(input, n);
      if (err) return [input, err];
      result.push(...temp);
    }
    return [result];
  }

  private evalField(input: unknown[], name: string): Result {
    const results: unknown[] = [];
    if (!input.length) return [results];
    for (const value of input) {
      if (value === null) continue;
      if (isMap(value) && Object.prototype.hasOwnProperty.call(value, name)) results.push(value[name]);
    }
    if (!results.length) {
      if (this.opts.allowMissingKeys) return [results];
      return [results, new JSONPathError(`${name} is not found`)];
    }
    return [results];
  }

  /** children is what `*` yields: a map's values, a list's items, a string's bytes. */
  private children(input: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const value of input) {
      if (value === null) continue;
      if (Array.isArray(value)) out.push(...value);
      else if (typeof value === 'string') for (const b of Buffer.from(value, 'utf8')) out.push(new GoUint8(b));
      else if (isMap(value)) for (const k of sortedKeys(value)) out.push(value[k]);
    }
    return out;
  }

  /** evalRecursive is `..`: every value that has children (maps, lists, non-empty strings), depth first. */
  private evalRecursive(input: unknown[]): Result {
    const result: unknown[] = [];
    for (const value of input) {
      if (value === null) continue;
      const kids = this.children([value]);
      if (kids.length) {
        result.push(value);
        const [out, err] = this.evalRecursive(kids);
        if (err) return [result, err];
        result.push(...out);
      }
    }
    return [result];
  }

  private evalFilter(input: unknown[], node: Extract<JSONPathNode, { type: 'filter' }>): Result {
    const results: unknown[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) return [input, new JSONPathError(`${goSprint(value)} is not array or slice and cannot be filtered`)];
      for (const item of value) {
        const temp = [item];
        const [lefts, lerr] = this.evalList(temp, node.left);
        if (node.operator === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lerr) return [input, lerr];
        if (lefts.length === 0) continue;
        if (lefts.length > 1) return [input, new JSONPathError('can only compare one element at a time')];
        const [rights, rerr] = this.evalList(temp, node.right);
        if (rerr) return [input, rerr];
        if (rights.length === 0) continue;
        if (rights.length > 1) return [input, new JSONPathError('can only compare one element at a time')];
        const cmp = COMPARE[node.operator];
        if (!cmp) return [results, new JSONPathError(`unrecognized filter operator ${node.operator}`)];
        let pass: boolean;
        try {
          pass = cmp(lefts[0], rights[0]);
        } catch (e) {
          if (e instanceof JSONPathError) return [results, e];
          throw e;
        }
        if (pass) results.push(item);
      }
    }
    return [results];
  }
}

/**
 * printResults is PrintResults: one top-level node's values, separated by one space; maps and lists as compact
 * JSON, everything else as fmt.Fprint prints it (a null as `null`). With outputJSON (jsonpath-as-json) the values
 * are one JSON array, indented by four spaces, and a newline.
 */
export function printResults(results: unknown[], outputJSON = false): string {
  if (outputJSON) return `${goJSONMarshal(results, '    ')}\n`;
  return results
    .map((r) => {
      if (Array.isArray(r) || isMap(r)) return goJSONMarshal(r);
      if (r === null) return 'null';
      return goSprint(r);
    })
    .join(' ');
}

/**
 * executeJSONPath is JSONPath.Execute: the template's text for the data. Throws JSONPathError with client-go's
 * message (e.g. "array index out of bounds: index 5, length 2"). kubectl runs it with allowMissingKeys (the
 * default of --allow-missing-template-keys), so a missing field prints nothing.
 */
export function executeJSONPath(template: JSONPathTemplate, data: unknown, opts: { allowMissingKeys?: boolean; outputJSON?: boolean } = {}): string {
  const jp = new JSONPath(template, { allowMissingKeys: opts.allowMissingKeys ?? true });
  return jp
    .findResults(data)
    .map((r) => printResults(r, opts.outputJSON))
    .join('');
}

/** The message kubectl gives for `-o jsonpath` (or `=` with nothing after it). */
export const NO_TEMPLATE_ERROR = 'template format specified but no template given';

/**
 * goFileError words a failed read of a file as Go's os.Open / os.ReadFile error does (`open PATH: no such file or
 * directory`), for the messages kubectl gives when a -o jsonpath-file= or custom-columns-file= cannot be read.
 */
export function goFileError(path: string, err: unknown): string {
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  const text: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory', ELOOP: 'too many levels of symbolic links' };
  return `open ${path}: ${(code && text[code]) ?? (err instanceof Error ? err.message : String(err))}`;
}

/** The message of `-o jsonpath-file=PATH` when PATH cannot be read (err: what fs.readFileSync threw). */
export const jsonPathFileError = (path: string, err: unknown) => `error reading --template ${path}, ${goFileError(path, err)}`;

/**
 * jsonPathPrinter is kubectl's `-o jsonpath=TEMPLATE` / `-o jsonpath-as-json=TEMPLATE` (JSONPathPrintFlags and
 * JSONPathPrinter): parse once (an error reads `error parsing jsonpath TEMPLATE, MESSAGE`), then print an object.
 * A failed execution is kubectl's long message, the template and the object in Go syntax included (kubectl then
 * writes `error: ` before it; the message already ends in newlines, so nothing is added after it).
 */
export function jsonPathPrinter(template: string, opts: { asJSON?: boolean; allowMissingKeys?: boolean } = {}): (obj: unknown) => string {
  if (!template) throw new JSONPathError(NO_TEMPLATE_ERROR);
  let parsed: JSONPathTemplate;
  try {
    parsed = parseJSONPath(template);
  } catch (e) {
    if (e instanceof JSONPathError) throw new JSONPathError(`error parsing jsonpath ${template}, ${e.message}`);
    throw e;
  }
  return (obj) => {
    try {
      return executeJSONPath(parsed, obj, { allowMissingKeys: opts.allowMissingKeys ?? true, outputJSON: opts.asJSON });
    } catch (e) {
      if (!(e instanceof JSONPathError)) throw e;
      const more =
        `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${template}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goGoString(obj)}\n\n`;
      throw new JSONPathError(`error executing jsonpath ${goQuote(template)}: ${more}\n`);
    }
  };
}

/**
 * getPrintData is what `kubectl get` gives a generic printer (jsonpath, custom-columns, name, json): the object
 * itself when one object was named (one resource type, one name), else every object in a List with an empty
 * resourceVersion (printGeneric in kubectl's get.go).
 */
export function getPrintData(objects: unknown[], singleItemImplied: boolean): unknown {
  if (singleItemImplied && objects.length === 1) return objects[0];
  return { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
}
