import { describe, it, expect } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';

describe('smoke', () => {
  it('boots', async () => {
    const clock = new ManualClock();
    const c = await Cluster.start({ clock, log: (m) => console.log(m) });
    await clock.advance(10_000);
    const pods = c.store.list('/pods/').items.map((p) => [p.metadata.name, (p.status as any)?.phase, (p.status as any)?.containerStatuses?.[0]?.state]);
    console.log(JSON.stringify(pods, null, 0));
    console.log(c.store.list('/events/').items.map((e: any) => `${e.involvedObject.name} ${e.reason} ${e.message}`).join('\n'));
    expect(c.nodeReady()).toBe(true);
    await c.stop();
  });
});
