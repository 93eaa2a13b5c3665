import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../../src/api/types.js';
import { EventTTL } from '../../src/apiserver/event-ttl.js';
import { newRegistry, eventKind } from './helpers.js';

const MIN = 60_000;

function setup() {
  const { clock, store, registry } = newRegistry();
  const ttl = new EventTTL(store, clock);
  ttl.start();
  const event = (name: string) =>
    registry.create(eventKind, 'default', {
      metadata: { name },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Started',
      message: 'Started container c',
      type: 'Normal',
      count: 1,
    } as KubeObject);
  const names = () => registry.list(eventKind, 'default').items.map((e) => e.metadata.name);
  return { clock, store, registry, ttl, event, names };
}

describe('event TTL (kube-apiserver --event-ttl=1h)', () => {
  it('removes an Event an hour after it was written (by the minute, as etcd leases do), watchers see DELETED', async () => {
    const { clock, registry, ttl, event, names } = setup();
    const deleted: string[] = [];
    registry.watch(eventKind, 'default', {}, (e) => {
      if (e.type === 'DELETED') deleted.push(e.object.metadata.name!);
    });
    event('a');
    await clock.advance(10 * MIN);
    event('b');
    await clock.advance(49 * MIN);
    expect(names()).toEqual(['a', 'b']);
    await clock.advance(2 * MIN); // 61 min after a
    expect(names()).toEqual(['b']);
    expect(deleted).toEqual(['a']);
    await clock.advance(10 * MIN);
    expect(names()).toEqual([]);
    ttl.stop();
  });

  it('a repeated Event (count bumped) lives an hour from its last write', async () => {
    const { clock, registry, ttl, event, names } = setup();
    event('again');
    await clock.advance(30 * MIN);
    registry.patch(eventKind, 'default', 'again', 'merge', { count: 2 });
    await clock.advance(40 * MIN); // 70 min after the create, 40 after the update
    expect(names()).toEqual(['again']);
    await clock.advance(21 * MIN);
    expect(names()).toEqual([]);
    ttl.stop();
  });

  it('shows its next expiry among the clock timers, and stops cleanly', async () => {
    const { clock, ttl, event } = setup();
    event('a');
    expect(clock.pendingTimers().map((t) => t.label)).toContain('events written over 1h ago expire');
    ttl.stop();
    expect(clock.pendingTimers().map((t) => t.label)).not.toContain('events written over 1h ago expire');
  });
});
