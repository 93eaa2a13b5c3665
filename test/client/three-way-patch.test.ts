import { describe, it, expect } from 'vitest';
import { threeWayPatch } from '../../src/client/three-way-patch.js';

/** The patch kubectl apply sends, for the cases the golden lines do not isolate. */
describe('threeWayPatch', () => {
  it('is empty when the manifest and the live object agree, whatever the server added', () => {
    const m = { metadata: { name: 'a', labels: { x: '1' } }, data: { k: 'v' } };
    expect(threeWayPatch(m, m, { ...m, metadata: { ...m.metadata, uid: 'u', resourceVersion: '7' } })).toEqual({});
  });

  it('deletes what the last apply had and the manifest dropped, and leaves what others wrote', () => {
    const original = { data: { a: '1', b: '2' } };
    const modified = { data: { a: '1' } };
    const current = { data: { a: '1', b: '2', c: 'theirs' } };
    expect(threeWayPatch(original, modified, current)).toEqual({ data: { b: null } });
  });

  it('patches keyed lists item by item with their order, and deletes dropped items', () => {
    const original = { spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'side', image: 's' }] } };
    const modified = { spec: { containers: [{ name: 'app', image: 'a:2' }] } };
    const current = { spec: { containers: [{ name: 'app', image: 'a:1', imagePullPolicy: 'IfNotPresent' }, { name: 'side', image: 's' }] } };
    expect(threeWayPatch(original, modified, current)).toEqual({
      spec: { '$setElementOrder/containers': [{ name: 'app' }], containers: [{ name: 'app', image: 'a:2' }, { $patch: 'delete', name: 'side' }] },
    });
  });

  it('merges finalizers as a set: its own added and dropped, another writer\'s kept', () => {
    const original = { metadata: { finalizers: ['example.com/a'] } };
    const modified = { metadata: { finalizers: ['example.com/b'] } };
    const current = { metadata: { finalizers: ['example.com/a', 'example.com/other'] } };
    expect(threeWayPatch(original, modified, current)).toEqual({
      metadata: { '$setElementOrder/finalizers': ['example.com/b'], finalizers: ['example.com/b'], '$deleteFromPrimitiveList/finalizers': ['example.com/a'] },
    });
  });
});
