import { describe, it, expect } from 'vitest';
import {
  parseLabelSelector,
  fromLabelSelector,
  formatLabelSelector,
  parseFieldSelector,
  SelectorError,
  everything,
} from '../../src/api/selectors.js';

const labels = { app: 'web', tier: 'frontend', env: 'prod', 'app.kubernetes.io/name': 'shop' };

describe('parseLabelSelector', () => {
  it.each<[string, boolean]>([
    ['', true],
    ['   ', true],
    ['app=web', true],
    ['app==web', true],
    ['app = web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true], // != matches objects without the label
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['env in (prod,staging)', true],
    ['env in (staging, dev)', false],
    ['env notin (staging,dev)', true],
    ['env notin (prod)', false],
    ['missing notin (a)', true],
    ['missing in (a)', false],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app.kubernetes.io/name=shop', true],
    ['app=web, env in (prod), !beta', true],
  ])('%j matches the labels: %s', (sel, want) => {
    expect(parseLabelSelector(sel).matches(labels)).toBe(want);
  });

  it('parses requirements with their operators and values', () => {
    const s = parseLabelSelector('a=1,b!=2,c in (x, y),d notin (z),e,!f');
    expect(s.requirements).toEqual([
      { key: 'a', op: '=', values: ['1'] },
      { key: 'b', op: '!=', values: ['2'] },
      { key: 'c', op: 'in', values: ['x', 'y'] },
      { key: 'd', op: 'notin', values: ['z'] },
      { key: 'e', op: 'exists', values: [] },
      { key: 'f', op: '!', values: [] },
    ]);
    expect(s.empty()).toBe(false);
    expect(parseLabelSelector(undefined).empty()).toBe(true);
  });

  it('matches undefined labels like an empty set', () => {
    expect(parseLabelSelector('!a').matches(undefined)).toBe(true);
    expect(parseLabelSelector('a').matches(undefined)).toBe(false);
    expect(everything.matches(undefined)).toBe(true);
  });

  it.each([
    ['app=web=x', 'invalid label value: "web=x"'],
    ['-bad=x', 'invalid label key "-bad"'],
    ['app=-x', 'invalid label value: "-x"'],
    ['a b', "unable to parse requirement: found 'a b'"],
    ['env in (a,-b)', 'invalid label value: "-b"'],
  ])('rejects %j with a SelectorError', (sel, fragment) => {
    expect(() => parseLabelSelector(sel)).toThrow(SelectorError);
    expect(() => parseLabelSelector(sel)).toThrow(fragment);
  });

  it('rejects a value longer than 63 characters', () => {
    expect(() => parseLabelSelector(`a=${'x'.repeat(64)}`)).toThrow(SelectorError);
    expect(parseLabelSelector(`a=${'x'.repeat(63)}`).matches({ a: 'x'.repeat(63) })).toBe(true);
  });
});

describe('fromLabelSelector', () => {
  it('a nil selector matches nothing, an empty one everything', () => {
    expect(fromLabelSelector(undefined).matches(labels)).toBe(false);
    expect(fromLabelSelector(null).matches({})).toBe(false);
    expect(fromLabelSelector({}).matches(labels)).toBe(true);
    expect(fromLabelSelector({}).matches(undefined)).toBe(true);
  });

  it.each<[Parameters<typeof fromLabelSelector>[0], boolean]>([
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'web', tier: 'backend' } }, false],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] }, true],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'beta', operator: 'DoesNotExist' }] }, true],
  ])('%j → %s', (sel, want) => {
    expect(fromLabelSelector(sel).matches(labels)).toBe(want);
  });

  it('rejects an unknown operator', () => {
    expect(() => fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toThrow(
      '"Gt" is not a valid label selector operator',
    );
  });
});

describe('formatLabelSelector', () => {
  it.each<[Parameters<typeof formatLabelSelector>[0], string]>([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { app: 'web' } }, 'app=web'],
    [
      {
        matchLabels: { app: 'web', 'pod-template-hash': 'abc' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'NotIn', values: ['c'] },
          { key: 'y', operator: 'Exists' },
          { key: 'z', operator: 'DoesNotExist' },
        ],
      },
      'app=web,pod-template-hash=abc,env in (a,b),x notin (c),y,!z',
    ],
  ])('%j → %s', (sel, want) => {
    expect(formatLabelSelector(sel)).toBe(want);
  });
});

describe('parseFieldSelector', () => {
  it.each([
    ['', []],
    ['metadata.name=web', [{ field: 'metadata.name', op: '=', value: 'web' }]],
    ['metadata.name==web', [{ field: 'metadata.name', op: '=', value: 'web' }]],
    [
      'spec.nodeName=minik9s,status.phase!=Running',
      [
        { field: 'spec.nodeName', op: '=', value: 'minik9s' },
        { field: 'status.phase', op: '!=', value: 'Running' },
      ],
    ],
    ['spec.nodeName=', [{ field: 'spec.nodeName', op: '=', value: '' }]],
  ])('%j', (src, want) => {
    expect(parseFieldSelector(src)).toEqual(want);
  });

  it('rejects a term without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(SelectorError);
    expect(() => parseFieldSelector('metadata.name')).toThrow("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  });
});
