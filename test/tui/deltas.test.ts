import { describe, it, expect, afterEach } from 'vitest';
import type { KubeObject } from '../../src/api/types.js';
import { LocalClient } from '../../src/client/local-client.js';
import { Informer } from '../../src/client/informer.js';
import { Activity } from '../../src/cluster/activity.js';
import { RowDeltas, DELTA_MS } from '../../src/tui/deltas.js';
import { newRegistry, podBody, podKind } from '../apiserver/helpers.js';

let inf: Informer | undefined;
afterEach(() => inf?.stop());

async function setup() {
  const { registry } = newRegistry();
  const activity = new Activity();
  const client = new LocalClient(registry, activity);
  await client.create(podKind, 'default', podBody('old'));
  let t = 1_000_000;
  inf = new Informer(client, podKind);
  const deltas = new RowDeltas(inf, () => t);
  inf.start();
  await inf.synced;
  const settle = () => activity.settle();
  return { client, deltas, inf, settle, advance: (ms: number) => (t += ms) };
}

const names = (xs: KubeObject[]) => xs.map((x) => x.metadata.name).sort();

describe('row deltas (k9s-style change colours)', () => {
  it('the first list is the baseline; a new row is added, and stays so while its status fills in', async () => {
    const { client, deltas, settle, advance } = await setup();
    expect(deltas.deltaOf('default/old')).toBeUndefined();
    expect(deltas.active).toBe(false);
    await client.create(podKind, 'default', podBody('new'));
    await settle();
    expect(deltas.deltaOf('default/new')).toBe('added');
    advance(1000);
    await client.patch(podKind, 'default', 'new', 'merge', { metadata: { labels: { a: 'b' } } });
    await settle();
    expect(deltas.deltaOf('default/new')).toBe('added');
    advance(DELTA_MS);
    expect(deltas.deltaOf('default/new')).toBeUndefined();
    await client.patch(podKind, 'default', 'new', 'merge', { metadata: { labels: { a: 'c' } } });
    await settle();
    expect(deltas.deltaOf('default/new')).toBe('modified');
    expect(deltas.active).toBe(true);
  });

  it('a deleted row stays a moment as a ghost, then goes; a new object of the same name replaces the ghost', async () => {
    const { client, deltas, inf, settle, advance } = await setup();
    await client.delete(podKind, 'default', 'old', { gracePeriodSeconds: 0 });
    await settle();
    expect(deltas.deltaOf('default/old')).toBe('deleted');
    expect(names(deltas.withGhosts(inf.list()))).toEqual(['old']);
    advance(DELTA_MS - 1);
    expect(names(deltas.withGhosts(inf.list()))).toEqual(['old']);
    advance(1);
    expect(names(deltas.withGhosts(inf.list()))).toEqual([]);
    expect(deltas.active).toBe(false);

    await client.create(podKind, 'default', podBody('again'));
    await settle();
    await client.delete(podKind, 'default', 'again', { gracePeriodSeconds: 0 });
    await client.create(podKind, 'default', podBody('again'));
    await settle();
    expect(names(deltas.withGhosts(inf.list()))).toEqual(['again']);
    expect(deltas.deltaOf('default/again')).toBe('added');
  });
});
