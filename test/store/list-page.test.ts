import { describe, it, expect } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { KubeObject } from '../../src/api/types.js';

const obj = (name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, labels } });

describe('MemoryStore.listPage', () => {
  it('pages in key order, stays sorted across creates and deletes, and counts what is left', () => {
    const s = new MemoryStore();
    const names = ['m', 'c', 'x', 'a', 'q', 'b'];
    for (const n of names) s.create(`/pods/default/${n}`, obj(n));
    s.create('/pods/other/a', obj('a'));
    expect(s.list('/pods/default/').items.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c', 'm', 'q', 'x']);
    // Creates and deletes after the order was built keep it right.
    s.create('/pods/default/d', obj('d'));
    s.delete('/pods/default/m');
    const p1 = s.listPage('/pods/default/', { limit: 2 });
    expect(p1.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(p1).toMatchObject({ more: true, remaining: 4 });
    const p2 = s.listPage('/pods/default/', { limit: 2, after: '/pods/default/b' });
    expect(p2.items.map((o) => o.metadata.name)).toEqual(['c', 'd']);
    const p3 = s.listPage('/pods/default/', { limit: 2, after: '/pods/default/d' });
    expect(p3.items.map((o) => o.metadata.name)).toEqual(['q', 'x']);
    expect(p3.more).toBe(false);
    // All namespaces, with a filter.
    const all = s.listPage('/pods/', { filter: (o) => o.metadata.name === 'a' });
    expect(all.items).toHaveLength(2);
  });

  it('a page after a key that was deleted meanwhile continues with the next key', () => {
    const s = new MemoryStore();
    for (const n of ['a', 'b', 'c', 'd']) s.create(`/x/${n}`, obj(n));
    s.list('/x/');
    s.delete('/x/b');
    expect(s.listPage('/x/', { after: '/x/b' }).items.map((o) => o.metadata.name)).toEqual(['c', 'd']);
  });
});
