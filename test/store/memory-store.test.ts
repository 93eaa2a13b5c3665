import { describe, it, expect } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { StoreError, type StoreEvent } from '../../src/store/store.js';
import type { KubeObject } from '../../src/api/types.js';

const obj = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  ...extra,
});

/** storeError runs fn and returns the StoreError it throws (failing the test when it throws nothing else). */
function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

describe('MemoryStore revisions', () => {
  it('starts at revision 0 and bumps the revision by exactly one per write', () => {
    const s = new MemoryStore();
    expect(s.revision).toBe(0);
    const a = s.create('/pods/default/a', obj('a'));
    expect(s.revision).toBe(1);
    const b = s.create('/pods/default/b', obj('b'));
    expect(s.revision).toBe(2);
    const a2 = s.update('/pods/default/a', { ...a, spec: { x: 1 } });
    expect(s.revision).toBe(3);
    const gone = s.delete('/pods/default/b');
    expect(s.revision).toBe(4);
    expect([a, b, a2, gone].map((o) => o.metadata.resourceVersion)).toEqual(['1', '2', '3', '4']);
  });

  it('stamps resourceVersion as a string on the stored value, not on the caller object', () => {
    const s = new MemoryStore();
    const input = obj('a');
    const stored = s.create('/pods/default/a', input);
    expect(stored.metadata.resourceVersion).toBe('1');
    expect(input.metadata.resourceVersion).toBeUndefined();
    expect(s.get('/pods/default/a')).toBe(stored);
  });

  it('reads do not bump the revision', () => {
    const s = new MemoryStore();
    s.create('/pods/default/a', obj('a'));
    s.get('/pods/default/a');
    s.list('/pods/');
    s.count('/pods/');
    expect(s.revision).toBe(1);
  });

  it('hands out deeply frozen values', () => {
    const s = new MemoryStore();
    const stored = s.create('/pods/default/a', obj('a', { spec: { containers: [{ name: 'c', image: 'nginx' }] } }));
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.metadata)).toBe(true);
    const spec = stored.spec as { containers: { name: string }[] };
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.containers)).toBe(true);
    expect(Object.isFrozen(spec.containers[0])).toBe(true);
    expect(() => {
      (stored.metadata as { name?: string }).name = 'other';
    }).toThrow(TypeError);
    expect(s.get('/pods/default/a')!.metadata.name).toBe('a');
  });
});

describe('MemoryStore errors', () => {
  it('create of an existing key is AlreadyExists and changes nothing', () => {
    const s = new MemoryStore();
    s.create('/pods/default/a', obj('a'));
    const err = storeError(() => s.create('/pods/default/a', obj('a', { spec: { v: 2 } })));
    expect(err.code).toBe('AlreadyExists');
    expect(s.revision).toBe(1);
    expect(s.get('/pods/default/a')!.spec).toBeUndefined();
  });

  it('update with a stale expectedRevision is a Conflict; with the current one it succeeds', () => {
    const s = new MemoryStore();
    const a = s.create('/pods/default/a', obj('a'));
    s.update('/pods/default/a', { ...a, spec: { v: 1 } });
    const err = storeError(() => s.update('/pods/default/a', { ...a, spec: { v: 2 } }, 1));
    expect(err.code).toBe('Conflict');
    expect(s.revision).toBe(2);
    expect(s.get('/pods/default/a')!.spec).toEqual({ v: 1 });
    const ok = s.update('/pods/default/a', { ...a, spec: { v: 3 } }, 2);
    expect(ok.metadata.resourceVersion).toBe('3');
  });

  it('delete with a stale expectedRevision is a Conflict', () => {
    const s = new MemoryStore();
    const a = s.create('/pods/default/a', obj('a'));
    s.update('/pods/default/a', { ...a, spec: { v: 1 } });
    expect(storeError(() => s.delete('/pods/default/a', 1)).code).toBe('Conflict');
    expect(s.get('/pods/default/a')).toBeDefined();
  });

  it.each([
    ['update', (s: MemoryStore) => s.update('/pods/default/missing', obj('missing'))],
    ['delete', (s: MemoryStore) => s.delete('/pods/default/missing')],
  ])('%s of a missing key is NotFound', (_name, fn) => {
    const s = new MemoryStore();
    expect(storeError(() => fn(s)).code).toBe('NotFound');
    expect(s.revision).toBe(0);
  });
});

describe('MemoryStore list and count', () => {
  it('lists sorted by key, scoped to the prefix, with the current revision', () => {
    const s = new MemoryStore();
    s.create('/pods/kube-system/z', obj('z'));
    s.create('/pods/default/web-2', obj('web-2'));
    s.create('/pods/default/api', obj('api'));
    s.create('/pods/default/web', obj('web'));
    s.create('/services/default/web', obj('web'));
    s.create('/pods/default-other/x', obj('x'));

    const all = s.list('/pods/');
    expect(all.revision).toBe(6);
    // Plain key order: `/pods/default-other/` sorts before `/pods/default/` ('-' < '/').
    expect(all.items.map((o) => o.metadata.name)).toEqual(['x', 'api', 'web', 'web-2', 'z']);

    const def = s.list('/pods/default/');
    expect(def.items.map((o) => o.metadata.name)).toEqual(['api', 'web', 'web-2']);
    expect(s.count('/pods/default/')).toBe(3);
    expect(s.count('/pods/')).toBe(5);
    expect(s.list('/services/').items).toHaveLength(1);
    expect(s.list('/nothing/').items).toEqual([]);
    expect(s.count('/nothing/')).toBe(0);
  });

  it('no longer lists a deleted key', () => {
    const s = new MemoryStore();
    s.create('/pods/default/a', obj('a'));
    s.create('/pods/default/b', obj('b'));
    s.delete('/pods/default/a');
    expect(s.list('/pods/').items.map((o) => o.metadata.name)).toEqual(['b']);
    expect(s.get('/pods/default/a')).toBeUndefined();
  });
});

describe('MemoryStore watch', () => {
  it('delivers every write under the prefix in revision order, with the right types', () => {
    const s = new MemoryStore();
    const seen: StoreEvent[] = [];
    s.watch('/pods/default/', undefined, (e) => seen.push(e));
    const a = s.create('/pods/default/a', obj('a'));
    s.create('/pods/other/b', obj('b')); // outside the prefix
    s.create('/services/default/a', obj('a')); // another resource
    s.update('/pods/default/a', { ...a, spec: { v: 1 } });
    s.delete('/pods/default/a');
    expect(seen.map((e) => [e.type, e.key, e.revision])).toEqual([
      ['ADDED', '/pods/default/a', 1],
      ['MODIFIED', '/pods/default/a', 4],
      ['DELETED', '/pods/default/a', 5],
    ]);
    expect(seen[1]!.prev?.metadata.resourceVersion).toBe('1');
    expect(seen[1]!.object.spec).toEqual({ v: 1 });
  });

  it('reports DELETED with the revision of the delete as the resourceVersion, and the old value as prev', () => {
    const s = new MemoryStore();
    const seen: StoreEvent[] = [];
    s.create('/pods/default/a', obj('a', { spec: { v: 1 } }));
    s.watch('/pods/', undefined, (e) => seen.push(e));
    const deleted = s.delete('/pods/default/a');
    expect(deleted.metadata.resourceVersion).toBe('2');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.type).toBe('DELETED');
    expect(seen[0]!.revision).toBe(2);
    expect(seen[0]!.object.metadata.resourceVersion).toBe('2');
    expect(seen[0]!.object.spec).toEqual({ v: 1 });
    expect(seen[0]!.prev?.metadata.resourceVersion).toBe('1');
  });

  it('from an old revision replays exactly the later events under the prefix, then follows live', () => {
    const s = new MemoryStore();
    const a = s.create('/pods/default/a', obj('a')); // 1
    s.create('/pods/default/b', obj('b')); // 2
    s.create('/services/default/a', obj('a')); // 3
    s.update('/pods/default/a', { ...a, spec: { v: 1 } }); // 4
    s.delete('/pods/default/b'); // 5
    const seen: StoreEvent[] = [];
    s.watch('/pods/', 2, (e) => seen.push(e));
    expect(seen.map((e) => [e.type, e.revision])).toEqual([
      ['MODIFIED', 4],
      ['DELETED', 5],
    ]);
    s.create('/pods/default/c', obj('c')); // 6
    expect(seen.map((e) => e.revision)).toEqual([4, 5, 6]);
  });

  it('from the current revision (or 0) replays nothing', () => {
    const s = new MemoryStore();
    s.create('/pods/default/a', obj('a'));
    const fromNow: StoreEvent[] = [];
    const fromZero: StoreEvent[] = [];
    s.watch('/pods/', s.revision, (e) => fromNow.push(e));
    s.watch('/pods/', 0, (e) => fromZero.push(e));
    expect(fromNow).toEqual([]);
    expect(fromZero).toEqual([]);
    s.create('/pods/default/b', obj('b'));
    expect(fromNow).toHaveLength(1);
    expect(fromZero).toHaveLength(1);
  });

  it('stop() ends delivery', () => {
    const s = new MemoryStore();
    const seen: StoreEvent[] = [];
    const w = s.watch('/pods/', undefined, (e) => seen.push(e));
    s.create('/pods/default/a', obj('a'));
    w.stop();
    s.create('/pods/default/b', obj('b'));
    expect(seen).toHaveLength(1);
  });

  it('delivers to several watchers in the same order', () => {
    const s = new MemoryStore();
    const one: number[] = [];
    const two: number[] = [];
    s.watch('/pods/', undefined, (e) => one.push(e.revision));
    s.watch('/', undefined, (e) => two.push(e.revision));
    for (let i = 0; i < 5; i++) s.create(`/pods/default/p${i}`, obj(`p${i}`));
    expect(one).toEqual([1, 2, 3, 4, 5]);
    expect(two).toEqual(one);
  });

  it('with a history limit, a watch from a compacted revision throws Expired; a recent one still resumes', () => {
    const s = new MemoryStore(10);
    for (let i = 0; i < 30; i++) s.create(`/pods/default/p${i}`, obj(`p${i}`));
    expect(s.revision).toBe(30);
    expect(s.compactedRevision).toBeGreaterThan(1);
    const err = storeError(() => s.watch('/pods/', 1, () => {}));
    expect(err.code).toBe('Expired');
    expect(err.message).toContain('too old resource version: 1');

    // The oldest kept event can still be replayed from the revision just before it.
    const from = s.compactedRevision - 1;
    const seen: number[] = [];
    s.watch('/pods/', from, (e) => seen.push(e.revision));
    expect(seen[0]).toBe(from + 1);
    expect(seen[seen.length - 1]).toBe(30);
    expect(seen).toEqual(Array.from({ length: 30 - from }, (_, i) => from + 1 + i));
  });
});
