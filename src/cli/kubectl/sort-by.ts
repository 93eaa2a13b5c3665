/**
 * `kubectl get --sort-by=FIELD`: a hand-written port of k8s.io/kubectl/pkg/cmd/get/sorter.go (kubectl 1.35), with
 * the Go pieces it leans on: sort.Sort (pattern-defeating quicksort, NOT stable, from Go's sort/zsortinterface.go)
 * and resource.ParseQuantity / Quantity.Cmp (k8s.io/apimachinery/pkg/api/resource).
 *
 * What it reproduces:
 * - the field is relaxed like a custom column (`.status.phase`, `{.status.phase}`, `status.phase`, ...) and run
 *   with missing keys allowed; only the first value it finds on an object counts;
 * - the field must be found on at least one object, else `couldn't find any field with path "{.x}" in the list
 *   of objects`;
 * - order: an object without the value sorts first (Less is true for it, even against another one without);
 *   a null before anything else; int64 by value, float64 by value; two strings by resource.Quantity when both
 *   parse as quantities ("250m" < "1" < "1Gi"), else bytewise; anything else (bool, map, list, or two values of
 *   different types) is unsortable, which kubectl reports by exiting through klog (thrown here with fatal set);
 * - the order of equal elements is whatever Go's sort.Sort leaves, reproduced by porting it step by step.
 *
 * kubectl sorts in one of two places: generic output (-o name, json, yaml, jsonpath, custom-columns) sorts the
 * list's items with SortObjects ('list' mode, any number of objects, errors as they are); the default table output
 * sorts the server's Table rows with a TableSorter ('table' mode: only when there are 2 rows or more, a field that
 * is not a relaxed path is used as it is, and a parse error reads `sorting error: ...`). In the generic output
 * kubectl sorts only a List: one object named on its own (`get pod x`) is printed without looking at the field,
 * while a List of one object (`get pods` finding one, `get pod x y` finding one) is checked for it.
 */
import { relaxedJSONPathExpression } from './custom-columns.js';
import { JSONPath, JSONPathError, compareGo, goQuote, goTypeName, GoUint8, parseJSONPath, type JSONPathTemplate } from './jsonpath.js';

/**
 * SortError is a --sort-by failure in kubectl's words. A plain one kubectl prints as `error: MESSAGE` (exit 1).
 * A fatal one (an unsortable value) kubectl reports through klog.Exitf: one klog line on stderr,
 * `F<MMDD hh:mm:ss.uuuuuu> <pid, 7 wide> <klogLocation>] MESSAGE`, e.g.
 * `F1122 11:38:33.844372   27259 sorter.go:329] Field {.metadata.labels} in ...`, and exit code 1.
 */
export class SortError extends Error {
  constructor(
    message: string,
    readonly fatal = false,
    /** Where kubectl 1.35's klog line says it exited: sorter.go:329 (list sort), sorter.go:375 (table sort). */
    readonly klogLocation?: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// resource.Quantity: just enough to parse and compare, exactly.
// ---------------------------------------------------------------------------------------------------------------

/** A quantity's exact value: sign × m × 10^e (m ≥ 0). */
interface Quantity {
  sign: -1 | 0 | 1;
  m: bigint;
  e: number;
}

const DECIMAL_SUFFIX: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Ti: 40, Gi: 30, Pi: 50, Ei: 60 };
const MAX_INT64 = 2n ** 63n - 1n;

/**
 * parseQuantity is resource.ParseQuantity's grammar and value: `<sign><digits>.<digits><suffix>`, the suffix
 * one of n u m "" k M G T P E, Ki Mi Gi Ti Pi Ei, or e/E and an integer; the value rounded up (away from zero) to
 * a nano, binary values capped at 2^63-1. undefined when the text is not a quantity.
 */
export function parseQuantity(str: string): Quantity | undefined {
  if (str.length === 0) return undefined;
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let positive = true;
  let pos = 0;
  const end = str.length;
  let num = '';
  let denom = '';
  let suffix = '';
  // parseQuantityString: sign, leading zeros, numerator, denominator, suffix.
  parse: {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') pos++;
    for (let i = pos; ; i++) {
      if (i >= end) {
        num = '0';
        break parse;
      }
      if (str[i] === '0') pos++;
      else break;
    }
    for (let i = pos; ; i++) {
      if (i >= end) {
        num = str.slice(pos, end);
        break parse;
      }
      if (!isDigit(str[i])) {
        num = str.slice(pos, i);
        pos = i;
        break;
      }
    }
    if (num.length === 0) num = '0';
    if (pos < end && str[pos] === '.') {
      pos++;
      for (let i = pos; ; i++) {
        if (i >= end) {
          denom = str.slice(pos, end);
          break parse;
        }
        if (!isDigit(str[i])) {
          denom = str.slice(pos, i);
          pos = i;
          break;
        }
      }
    }
    const suffixStart = pos;
    for (let i = pos; ; i++) {
      if (i >= end) {
        suffix = str.slice(suffixStart, end);
        break parse;
      }
      if (!'eEinumkKMGTP'.includes(str[i]!)) {
        pos = i;
        break;
      }
    }
    if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
    for (let i = pos; ; i++) {
      if (i >= end) {
        suffix = str.slice(suffixStart, end);
        break parse;
      }
      if (!isDigit(str[i])) return undefined; // ErrFormatWrong
    }
  }
  // The suffix: decimal SI, binary SI, or a decimal exponent (parsed as int64, then truncated to int32 as Go does).
  let base: 2 | 10;
  let exponent: number;
  if (suffix in DECIMAL_SUFFIX) {
    base = 10;
    exponent = DECIMAL_SUFFIX[suffix]!;
  } else if (suffix in BINARY_SUFFIX) {
    base = 2;
    exponent = BINARY_SUFFIX[suffix]!;
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const parsed = BigInt(suffix.slice(1));
    if (parsed > MAX_INT64 || parsed < -(2n ** 63n)) return undefined;
    base = 10;
    exponent = Number(BigInt.asIntN(32, parsed));
  } else return undefined; // ErrSuffix
  let m = BigInt(num + denom);
  let e = -denom.length;
  if (base === 10) e += exponent;
  else m *= 2n ** BigInt(exponent);
  if (m === 0n) return { sign: 0, m: 0n, e: 0 };
  // Round the magnitude up to nano precision.
  if (e < -9) {
    const k = -9 - e;
    const digits = m.toString().length;
    if (k > digits) m = 1n;
    else {
      const p = 10n ** BigInt(k);
      m = (m + p - 1n) / p;
    }
    e = -9;
  }
  // Binary quantities are capped at the largest int64.
  if (base === 2 && compareMagnitude(m, e, MAX_INT64, 0) > 0) {
    m = MAX_INT64;
    e = 0;
  }
  return { sign: positive ? 1 : -1, m, e };
}

/** compareMagnitude compares m1×10^e1 with m2×10^e2 (m ≥ 0) without building huge powers of ten. */
function compareMagnitude(m1: bigint, e1: number, m2: bigint, e2: number): number {
  if (m1 === 0n || m2 === 0n) return m1 === m2 ? 0 : m1 === 0n ? -1 : 1;
  const o1 = m1.toString().length + e1;
  const o2 = m2.toString().length + e2;
  if (o1 !== o2) return o1 < o2 ? -1 : 1;
  // Same order of magnitude: the exponents differ by at most the digits of the mantissas.
  if (e1 > e2) m1 *= 10n ** BigInt(e1 - e2);
  else if (e2 > e1) m2 *= 10n ** BigInt(e2 - e1);
  return m1 === m2 ? 0 : m1 < m2 ? -1 : 1;
}

/** compareQuantities is Quantity.Cmp. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.sign !== b.sign) return a.sign < b.sign ? -1 : 1;
  if (a.sign === 0) return 0;
  const c = compareMagnitude(a.m, a.e, b.m, b.e);
  return a.sign < 0 ? -c : c;
}

// ---------------------------------------------------------------------------------------------------------------
// Go's sort.Sort (pdqsort), over Less and Swap of positions.
// ---------------------------------------------------------------------------------------------------------------

type Less = (i: number, j: number) => boolean;
type Swap = (i: number, j: number) => void;
const bitsLen = (n: number) => (n <= 0 ? 0 : Math.floor(Math.log2(n)) + 1);

/** goSort is Go's sort.Sort: the same sequence of Less and Swap calls, so equal elements end where Go leaves them. */
export function goSort(n: number, less: Less, swap: Swap): void {
  if (n <= 1) return;
  const insertionSort = (a: number, b: number) => {
    for (let i = a + 1; i < b; i++) for (let j = i; j > a && less(j, j - 1); j--) swap(j, j - 1);
  };
  const siftDown = (lo: number, hi: number, first: number) => {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && less(first + child, first + child + 1)) child++;
      if (!less(first + root, first + child)) return;
      swap(first + root, first + child);
      root = child;
    }
  };
  const heapSort = (a: number, b: number) => {
    const first = a;
    const hi = b - a;
    for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(i, hi, first);
    for (let i = hi - 1; i >= 0; i--) {
      swap(first, first + i);
      siftDown(0, i, first);
    }
  };
  const breakPatterns = (a: number, b: number) => {
    const length = b - a;
    if (length < 8) return;
    let random = BigInt(length);
    const mask64 = (1n << 64n) - 1n;
    const next = () => {
      random ^= (random << 13n) & mask64;
      random ^= random >> 7n;
      random ^= (random << 17n) & mask64;
      return random;
    };
    const modulus = 2 ** bitsLen(length);
    const mid = a + Math.trunc(length / 4) * 2;
    for (let idx = mid - 1; idx <= mid + 1; idx++) {
      let other = Number(next() & BigInt(modulus - 1));
      if (other >= length) other -= length;
      swap(idx, a + other);
    }
  };
  let swaps = 0;
  const order2 = (a: number, b: number): [number, number] => {
    if (less(b, a)) {
      swaps++;
      return [b, a];
    }
    return [a, b];
  };
  const median = (a: number, b: number, c: number) => {
    [a, b] = order2(a, b);
    [b, c] = order2(b, c);
    [a, b] = order2(a, b);
    return b;
  };
  const UNKNOWN = 0;
  const INCREASING = 1;
  const DECREASING = 2;
  const choosePivot = (a: number, b: number): [number, number] => {
    const l = b - a;
    swaps = 0;
    let i = a + Math.trunc(l / 4) * 1;
    let j = a + Math.trunc(l / 4) * 2;
    let k = a + Math.trunc(l / 4) * 3;
    if (l >= 8) {
      if (l >= 50) {
        i = median(i - 1, i, i + 1);
        j = median(j - 1, j, j + 1);
        k = median(k - 1, k, k + 1);
      }
      j = median(i, j, k);
    }
    return [j, swaps === 0 ? INCREASING : swaps === 12 ? DECREASING : UNKNOWN];
  };
  const reverseRange = (a: number, b: number) => {
    for (let i = a, j = b - 1; i < j; i++, j--) swap(i, j);
  };
  const partialInsertionSort = (a: number, b: number): boolean => {
    let i = a + 1;
    for (let step = 0; step < 5; step++) {
      while (i < b && !less(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < 50) return false;
      swap(i, i - 1);
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!less(j, j - 1)) break;
          swap(j, j - 1);
        }
      }
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!less(j, j - 1)) break;
          swap(j, j - 1);
        }
      }
    }
    return false;
  };
  const partition = (a: number, b: number, pivot: number): [number, boolean] => {
    swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && less(i, a)) i++;
    while (i <= j && !less(j, a)) j--;
    if (i > j) {
      swap(j, a);
      return [j, true];
    }
    swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && less(i, a)) i++;
      while (i <= j && !less(j, a)) j--;
      if (i > j) break;
      swap(i, j);
      i++;
      j--;
    }
    swap(j, a);
    return [j, false];
  };
  const partitionEqual = (a: number, b: number, pivot: number): number => {
    swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !less(a, i)) i++;
      while (i <= j && less(a, j)) j--;
      if (i > j) break;
      swap(i, j);
      i++;
      j--;
    }
    return i;
  };
  const pdqsort = (a: number, b: number, limit: number): void => {
    let wasBalanced = true;
    let wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= 12) return insertionSort(a, b);
      if (limit === 0) return heapSort(a, b);
      if (!wasBalanced) {
        breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = choosePivot(a, b);
      if (hint === DECREASING) {
        reverseRange(a, b);
        pivot = b - 1 - (pivot - a);
        hint = INCREASING;
      }
      if (wasBalanced && wasPartitioned && hint === INCREASING && partialInsertionSort(a, b)) return;
      if (a > 0 && !less(a - 1, pivot)) {
        a = partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, alreadyPartitioned] = partition(a, b, pivot);
      wasPartitioned = alreadyPartitioned;
      const leftLen = mid - a;
      const rightLen = b - mid;
      const balanceThreshold = Math.trunc(length / 8);
      if (leftLen < rightLen) {
        wasBalanced = leftLen >= balanceThreshold;
        pdqsort(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = rightLen >= balanceThreshold;
        pdqsort(mid + 1, b, limit);
        b = mid;
      }
    }
  };
  pdqsort(0, n, bitsLen(n));
}

// ---------------------------------------------------------------------------------------------------------------
// kubectl's sorter.
// ---------------------------------------------------------------------------------------------------------------

/**
 * isLess is sorter.go's isLess for the values of unstructured data (reflect kind Interface): null first, int64
 * with int64, float64 with float64, strings as quantities when both parse, else bytewise. Throws the message
 * kubectl would exit with for anything else.
 */
function isLess(i: unknown, j: unknown): boolean {
  // `*` over a string yields its bytes, reflect kind Uint8 (not an interface).
  if (i instanceof GoUint8 && j instanceof GoUint8) return i.value < j.value;
  if (i === null && j === null) return false;
  if (i === null) return true;
  if (j === null) return false;
  const ti = goTypeName(i);
  if (ti === 'int64' || ti === 'float64') {
    if (goTypeName(j) === ti) return (i as number) < (j as number);
  } else if (ti === 'string') {
    if (typeof j === 'string') {
      const qi = parseQuantity(i as string);
      const qj = qi && parseQuantity(j);
      if (!qi || !qj) return compareGo(i as string, j) < 0;
      return compareQuantities(qi, qj) < 0;
    }
  } else throw new Error(`unsortable type: ${ti}`);
  throw new Error('unsortable interface: interface');
}

/**
 * sortObjects sorts objects by a --sort-by field as kubectl 1.35 does, answering a new array (the input is left
 * as it is). Mode 'list' (the default) is SortObjects, what -o name / json / yaml / jsonpath / custom-columns get;
 * 'table' is the TableSorter of the default table output. Throws SortError with kubectl's message; kubectl prints
 * it as `error: MESSAGE` (or, when fatal, exits through klog with it). Note that in the table output kubectl 1.35
 * drops a non-fatal error of the sort on the floor (get.go ignores what PrintObj returns): nothing is printed for
 * that table, so with nothing else printed the user sees `No resources found in NS namespace.` and exit code 0.
 */
export function sortObjects<T>(objects: readonly T[], field: string, mode: 'list' | 'table' = 'list'): T[] {
  const objs = [...objects];
  if (mode === 'list' ? objs.length === 0 : objs.length <= 1) return objs;
  let path: string;
  try {
    path = relaxedJSONPathExpression(field);
  } catch (e) {
    // SortObjects reports it; the table sorter goes on with the field as it was given.
    if (mode === 'list') throw new SortError((e as Error).message);
    path = field;
  }
  let template: JSONPathTemplate;
  try {
    template = parseJSONPath(path);
  } catch (e) {
    if (!(e instanceof JSONPathError)) throw e;
    throw new SortError(mode === 'table' ? `sorting error: ${e.message}` : e.message);
  }
  // The values of every object. SortObjects looks (with one parser) until it finds the field once, then Less
  // evaluates each object anew; the table sorter evaluates every row once, up front. Same values either way.
  const finder = new JSONPath(template, { allowMissingKeys: true });
  const values: unknown[][][] = [];
  let found = false;
  for (const obj of objs) {
    let v: unknown[][];
    try {
      v = (found ? new JSONPath(template, { allowMissingKeys: true }) : finder).findResults(obj);
    } catch (e) {
      if (!(e instanceof JSONPathError)) throw e;
      // NewTableSorter returns `Failed to get values for %#v using %s (%#v)`; SortObjects returns the error while
      // it looks for the field, and once found, Less meets it and kubectl exits through klog.Fatalf.
      if (mode === 'table') throw new SortError(`Failed to get values for [][]reflect.Value(nil) using ${path} (&errors.errorString{s:${goQuote(e.message)}})`);
      if (!found) throw new SortError(e.message);
      throw new SortError(`Failed to get values using ${path} (${e.message})`, true);
    }
    values.push(v);
    if (v.length > 0 && v[0]!.length > 0) found = true;
  }
  if (!found) throw new SortError(`couldn't find any field with path ${goQuote(path)} in the list of objects`);

  const less = (i: number, j: number): boolean => {
    const iv = values[i]!;
    const jv = values[j]!;
    if (iv.length === 0 || iv[0]!.length === 0) return true;
    if (jv.length === 0 || jv[0]!.length === 0) return false;
    try {
      return isLess(iv[0]![0], jv[0]![0]);
    } catch (e) {
      const where = mode === 'table' ? '[][][]reflect.Value' : '*unstructured.Unstructured';
      const kind = iv[0]![0] instanceof GoUint8 ? 'uint8' : 'interface';
      throw new SortError(`Field ${path} in ${where} is an unsortable type: ${kind}, err: ${(e as Error).message}`, true, mode === 'table' ? 'sorter.go:375' : 'sorter.go:329');
    }
  };
  const swap = (i: number, j: number) => {
    [objs[i], objs[j]] = [objs[j]!, objs[i]!];
    [values[i], values[j]] = [values[j]!, values[i]!];
  };
  goSort(objs.length, less, swap);
  return objs;
}
