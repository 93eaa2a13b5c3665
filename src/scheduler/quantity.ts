/**
 * Resource quantities (`100m`, `0.5`, `128Mi`, `1Gi`, `1e3`, `500k`) as apimachinery's resource.Quantity parses
 * them: a signed decimal number followed by a binary-SI suffix (Ki … Ei), a decimal-SI suffix (n u m k M G T P E)
 * or a decimal exponent (e3, E-2).
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E)?)$/;

/** parseQuantity returns the value of a quantity in base units (cores, bytes, pods); it throws on a malformed one. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = QUANTITY.exec(q.trim());
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const n = Number(m[1]);
  if (m[2]) return n * BINARY[m[2]]!;
  if (m[3]) return n * 10 ** Number(m[3].slice(1));
  return n * DECIMAL[m[4] ?? '']!;
}

/** milliValue is a quantity in thousandths, rounded up as Quantity.MilliValue does (`100m` cpu → 100). */
export function milliValue(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return Math.ceil(Math.round(parseQuantity(q) * 1e9) / 1e6);
}

/** value is a quantity in whole units, rounded up as Quantity.Value does (`1Gi` → 1073741824, `500m` → 1). */
export function value(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return Math.ceil(Math.round(parseQuantity(q) * 1e9) / 1e9);
}
