import { describe, it, expect } from 'vitest';
import { RealClock } from '../../src/cluster/clock.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** until waits for a condition, with a generous deadline so a busy machine does not make the test flaky. */
async function until(cond: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await wait(5);
  }
}

describe('RealClock', () => {
  it('runs at its speed and fires timers in cluster time', async () => {
    const c = new RealClock(100);
    const t0 = c.now();
    let fired = 0;
    c.setTimeout(() => fired++, 2_000, 'two cluster seconds');
    expect(c.pending().map((t) => t.label)).toEqual(['two cluster seconds']);
    await until(() => fired === 1);
    expect(c.now() - t0).toBeGreaterThanOrEqual(2_000);
    c.clearAll();
  });

  it('pause stops time and timers; resume goes on from where it stopped', async () => {
    const c = new RealClock(100);
    let fired = false;
    c.setTimeout(() => (fired = true), 3_000, 'later');
    c.pause();
    const frozen = c.now();
    await wait(60);
    expect(c.now()).toBe(frozen);
    expect(fired).toBe(false);
    expect(c.state()).toMatchObject({ paused: true, speed: 100, timers: [{ label: 'later' }] });
    c.resume();
    await until(() => fired);
    expect(c.now()).toBeGreaterThan(frozen);
    c.clearAll();
  });

  it('step jumps to the next timer and fires it, even while paused', () => {
    const c = new RealClock(1);
    const order: string[] = [];
    c.setTimeout(() => order.push('b'), 60_000, 'b in a minute');
    c.setTimeout(() => order.push('a'), 10_000, 'a in ten seconds');
    c.pause();
    const before = c.now();
    expect(c.step()?.label).toBe('a in ten seconds');
    expect(order).toEqual(['a']);
    expect(c.now()).toBe(before + 10_000);
    expect(c.step()?.label).toBe('b in a minute');
    expect(order).toEqual(['a', 'b']);
    expect(c.now()).toBe(before + 60_000);
    expect(c.step()).toBeUndefined();
  });

  it('a new speed keeps cluster time continuous and re-arms the timers', async () => {
    const c = new RealClock(1);
    let fired = false;
    c.setTimeout(() => (fired = true), 5_000, 'five seconds');
    // Paused, so no wall time can slip in between: the new speed must not move cluster time by itself.
    c.pause();
    const before = c.now();
    c.setSpeed(1000);
    expect(c.now()).toBe(before);
    c.resume();
    expect(c.now()).toBeGreaterThanOrEqual(before);
    await until(() => fired, 1_000); // 5 s at speed 1 would take far longer than this deadline
    expect(fired).toBe(true);
    expect(() => c.setSpeed(0)).toThrow();
    c.clearAll();
  });
});
