import { describe, it, expect } from 'vitest';
import { Expectations } from '../../src/controllers/expectations.js';

type Step = (e: Expectations) => void;

const K = 'default/web';
const set = (adds: number, dels: string[] = []): Step => (e) => e.set(K, adds, dels);
const expectDels = (...dels: string[]): Step => (e) => e.expectDeletions(K, dels);
const created: Step = (e) => e.creationObserved(K);
const lower = (n?: number): Step => (e) => e.lowerCreations(K, n);
const deleted = (pod: string): Step => (e) => e.deletionObserved(K, pod);
const forget: Step = (e) => e.delete(K);

describe('Expectations', () => {
  const cases: [string, Step[], boolean][] = [
    ['no record', [], true],
    ['creations pending', [set(2)], false],
    ['all creations observed', [set(2), created, created], true],
    ['some creations observed', [set(3), created, created], false],
    ['an observed creation without a record', [created], true],
    ['failed creations lower the count', [set(3), lower(), created, created], true],
    ['skipped creations lower the count by n', [set(5), created, lower(4)], true],
    ['lowering below zero', [set(1), lower(2)], true],
    ['lowering without a record', [lower(3)], true],
    ['deletions pending', [set(0, ['default/a', 'default/b'])], false],
    ['all deletions observed', [set(0, ['default/a', 'default/b']), deleted('default/a'), deleted('default/b')], true],
    ['another pod deleted', [set(0, ['default/a']), deleted('default/b')], false],
    ['creations and deletions both pending', [set(1, ['default/a']), created], false],
    ['set replaces the record', [set(2, ['default/a']), set(0)], true],
    ['expectDeletions creates a record', [expectDels('default/a')], false],
    ['expectDeletions keeps pending creations', [set(1), expectDels('default/a'), deleted('default/a')], false],
    ['expectDeletions adds to pending deletions', [set(0, ['default/a']), expectDels('default/b'), deleted('default/a')], false],
    ['expectDeletions then all observed', [set(1), expectDels('default/a'), created, deleted('default/a')], true],
    ['forgetting the owner', [set(3, ['default/a']), forget], true],
    ['forgetting without a record', [forget], true],
  ];
  it.each(cases)('%s', (_name, steps, want) => {
    const e = new Expectations();
    for (const step of steps) step(e);
    expect(e.satisfied(K)).toBe(want);
  });

  it('keeps owners apart', () => {
    const e = new Expectations();
    e.set('default/a', 1);
    e.set('default/b', 0, ['default/p']);
    e.creationObserved('default/b');
    e.deletionObserved('default/a', 'default/p');
    expect([e.satisfied('default/a'), e.satisfied('default/b')]).toEqual([false, false]);
    e.creationObserved('default/a');
    e.deletionObserved('default/b', 'default/p');
    expect([e.satisfied('default/a'), e.satisfied('default/b')]).toEqual([true, true]);
  });
});
