import type { LabelSelector } from 'kubernetes-types/meta/v1.js';

/** Requirement is one term of a label selector. */
export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=';
  values: string[];
}

/** Selector matches a set of labels (or fields); an empty selector matches everything. */
export interface Selector {
  readonly requirements: readonly Requirement[];
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  empty(): boolean;
}

/** SelectorError is a selector that cannot be parsed; the API answers it with 400 BadRequest. */
export class SelectorError extends Error {}

function makeSelector(requirements: Requirement[]): Selector {
  return {
    requirements,
    empty: () => requirements.length === 0,
    matches(labels) {
      const l = labels ?? {};
      for (const r of requirements) {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        const v = l[r.key];
        switch (r.op) {
          case '=':
          case 'in':
            if (!has || !r.values.includes(v as string)) return false;
            break;
          case '!=':
          case 'notin':
            if (has && r.values.includes(v as string)) return false;
            break;
          case 'exists':
            if (!has) return false;
            break;
          case '!':
            if (has) return false;
            break;
        }
      }
      return true;
    },
  };
}

/** everything is the selector that matches all objects. */
export const everything: Selector = makeSelector([]);

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string, src: string): void {
  if (!KEY.test(key) || key.length > 317)
    throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in selector "${src}"`);
}

function checkValue(value: string, src: string): void {
  if (!VALUE.test(value) || value.length > 63)
    throw new SelectorError(`unable to parse requirement: invalid label value: "${value}" in selector "${src}"`);
}

/** splitTerms splits a selector on commas that are not inside parentheses. */
function splitTerms(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of src) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

/** parseLabelSelector parses the string form (`app=web,tier!=db,env in (a,b),!beta`) used in `labelSelector=`. */
export function parseLabelSelector(src: string | undefined | null): Selector {
  if (!src || !src.trim()) return everything;
  const reqs: Requirement[] = [];
  for (const term of splitTerms(src)) {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      const key = m[1] as string;
      checkKey(key, src);
      const values = (m[3] as string).split(',').map((v) => v.trim());
      for (const v of values) checkValue(v, src);
      reqs.push({ key, op: m[2] as 'in' | 'notin', values });
    } else if ((m = term.match(/^([^=!<>\s]+)\s*(==|=|!=)\s*(.*)$/))) {
      const key = m[1] as string;
      const value = (m[3] as string).trim();
      checkKey(key, src);
      checkValue(value, src);
      reqs.push({ key, op: m[2] === '!=' ? '!=' : '=', values: [value] });
    } else if ((m = term.match(/^!\s*(\S+)$/))) {
      checkKey(m[1] as string, src);
      reqs.push({ key: m[1] as string, op: '!', values: [] });
    } else if (/^\S+$/.test(term)) {
      checkKey(term, src);
      reqs.push({ key: term, op: 'exists', values: [] });
    } else {
      throw new SelectorError(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  return makeSelector(reqs);
}

/** fromLabelSelector turns a LabelSelector object (matchLabels + matchExpressions) into a Selector. */
export function fromLabelSelector(sel: LabelSelector | undefined | null): Selector {
  if (!sel) return makeSelector([{ key: '', op: 'in', values: [] }]); // nil selector matches nothing
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, op: '=', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'In') reqs.push({ key: e.key, op: 'in', values: e.values ?? [] });
    else if (op === 'NotIn') reqs.push({ key: e.key, op: 'notin', values: e.values ?? [] });
    else if (op === 'Exists') reqs.push({ key: e.key, op: 'exists', values: [] });
    else if (op === 'DoesNotExist') reqs.push({ key: e.key, op: '!', values: [] });
    else throw new SelectorError(`"${op}" is not a valid label selector operator`);
  }
  return makeSelector(reqs);
}

/** formatLabelSelector prints a LabelSelector the way kubectl shows it in SELECTOR columns. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

/** FieldRequirement is one term of a field selector (`spec.nodeName=x`). */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** parseFieldSelector parses `a=b,c!=d`; which fields a kind supports is checked by the registry. */
export function parseFieldSelector(src: string | undefined | null): FieldRequirement[] {
  if (!src || !src.trim()) return [];
  return src
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((term) => {
      const m = term.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
      if (!m) throw new SelectorError(`invalid selector: '${src}'; can't understand '${term}'`);
      return { field: m[1] as string, op: m[2] === '!=' ? '!=' : '=', value: m[3] as string };
    });
}
