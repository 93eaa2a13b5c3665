import { describe, it, expect, afterEach } from 'vitest';
import type { KubeObject } from '../../src/api/types.js';
import { LocalClient } from '../../src/client/local-client.js';
import { Informer } from '../../src/client/informer.js';
import { Activity } from '../../src/cluster/activity.js';
import { CONTROLLER_INDEX, NODE_INDEX, indexed, orphanKey, ownedAndOrphans, ownedBy } from '../../src/controllers/controller.js';
import { cloneJSON } from '../../src/api/clone.js';
import { deepFreeze } from '../../src/store/memory-store.js';
import { newRegistry, podBody, podKind } from '../apiserver/helpers.js';

let inf: Informer | undefined;
afterEach(() => inf?.stop());

async function setup() {
  const { registry } = newRegistry({ namespaces: ['default', 'other'] });
  const activity = new Activity();
  const client = new LocalClient(registry, activity);
  const owner = (uid: string) => [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${uid}`, uid, controller: true }];
  const make = (name: string, ns = 'default', uid?: string) =>
    client.create(podKind, ns, { ...podBody(name), metadata: { name, ...(uid ? { ownerReferences: owner(uid) } : {}) } } as KubeObject);
  await make('a1', 'default', 'A');
  await make('orphan', 'default');
  await make('o-other', 'other');
  inf = indexed(new Informer(client, podKind));
  inf.start();
  await inf.synced;
  const settle = () => activity.settle();
  return { client, registry, make, settle, inf, owner };
}

const names = (xs: KubeObject[]) => xs.map((x) => x.metadata.name).sort();

describe('informer indexes', () => {
  it('index what the first list brought, by controller uid and orphans per namespace', async () => {
    const { inf } = await setup();
    expect(names(inf.byIndex(CONTROLLER_INDEX, 'A'))).toEqual(['a1']);
    expect(names(inf.byIndex(CONTROLLER_INDEX, orphanKey('default')))).toEqual(['orphan']);
    expect(names(inf.byIndex(CONTROLLER_INDEX, orphanKey('other')))).toEqual(['o-other']);
    expect(inf.byIndex(CONTROLLER_INDEX, 'nobody')).toEqual([]);
    expect(inf.byIndex('no-such-index', 'A')).toEqual([]);
  });

  it('follow adds, updates that change the value (adoption, binding) and deletes', async () => {
    const { client, make, settle, inf, owner } = await setup();
    await make('a2', 'default', 'A');
    await settle();
    expect(names(inf.byIndex(CONTROLLER_INDEX, 'A'))).toEqual(['a1', 'a2']);
    // Adoption moves the orphan from the namespace's orphans to its new controller.
    await client.patch(podKind, 'default', 'orphan', 'merge', { metadata: { ownerReferences: owner('B') } });
    await settle();
    expect(names(inf.byIndex(CONTROLLER_INDEX, 'B'))).toEqual(['orphan']);
    expect(inf.byIndex(CONTROLLER_INDEX, orphanKey('default'))).toEqual([]);
    // Binding moves a pod from '' to its node.
    expect(names(inf.byIndex(NODE_INDEX, ''))).toEqual(['a1', 'a2', 'o-other', 'orphan']);
    await client.create(podKind, 'default', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'a1' }, target: { kind: 'Node', name: 'n1' } } as KubeObject, {
      subresource: 'binding',
      name: 'a1',
    });
    await settle();
    expect(names(inf.byIndex(NODE_INDEX, 'n1'))).toEqual(['a1']);
    expect(names(inf.byIndex(NODE_INDEX, ''))).toEqual(['a2', 'o-other', 'orphan']);
    await client.delete(podKind, 'default', 'a2', { gracePeriodSeconds: 0 });
    await settle();
    expect(names(inf.byIndex(CONTROLLER_INDEX, 'A'))).toEqual(['a1']);
    // The helpers the workload controllers use.
    const rsA = { metadata: { uid: 'A', namespace: 'default' } } as KubeObject;
    expect(names(ownedBy(inf, rsA))).toEqual(['a1']);
    expect(names(ownedAndOrphans(inf, rsA))).toEqual(['a1']);
    await make('stray', 'default');
    await settle();
    expect(names(ownedAndOrphans(inf, rsA))).toEqual(['a1', 'stray']);
  });

  it('an index added to a running informer covers what is already cached', async () => {
    const { inf } = await setup();
    inf.addIndex('byName', (o) => [o.metadata.name!.slice(0, 1)]);
    expect(names(inf.byIndex('byName', 'o'))).toEqual(['o-other', 'orphan']);
  });
});

describe('cloneJSON and deepFreeze', () => {
  it('cloneJSON copies deeply and drops undefined fields as JSON does', () => {
    const src = { a: { b: [1, { c: 'x' }], d: undefined, e: null }, f: true };
    const copy = cloneJSON(src);
    expect(copy).toEqual({ a: { b: [1, { c: 'x' }], e: null }, f: true });
    expect('d' in copy.a).toBe(false);
    (copy.a.b[1] as { c: string }).c = 'changed';
    expect((src.a.b[1] as { c: string }).c).toBe('x');
  });

  it('deepFreeze freezes every level and keeps every value', () => {
    const o = deepFreeze({ status: { conditions: [{ type: 'Ready', status: 'True' }], phase: 'Running' }, long: 'x'.repeat(100) });
    expect(Object.isFrozen(o.status.conditions[0])).toBe(true);
    expect(() => {
      (o.status as { phase: string }).phase = 'Failed';
    }).toThrow(TypeError);
    expect(o).toEqual({ status: { conditions: [{ type: 'Ready', status: 'True' }], phase: 'Running' }, long: 'x'.repeat(100) });
  });
});
