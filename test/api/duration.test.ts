import { describe, it, expect } from 'vitest';
import { humanDuration, since } from '../../src/api/printers/duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [999, '0s'],
    [-500, '0s'],
    [-2 * S, '<invalid>'],
    [-10 * S, '<invalid>'],
    [1 * S, '1s'],
    [59 * S, '59s'],
    [119 * S + 999, '119s'], // < 120 s: exact seconds
    [120 * S, '2m'],
    [121 * S, '2m1s'],
    [9 * M + 59 * S, '9m59s'], // < 10 m: XmYs
    [10 * M, '10m'],
    [10 * M + 30 * S, '10m'], // < 3 h: Xm
    [179 * M + 59 * S, '179m'],
    [3 * H, '3h'],
    [3 * H + 30 * M, '3h30m'], // < 8 h: XhYm
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'], // < 48 h: Xh
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [49 * H, '2d1h'], // < 8 d: XdYh
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'], // < 2 y: Xd
    [729 * D, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 1 * D, '2y1d'], // < 8 y: XyYd
    [7 * Y + 364 * D, '7y364d'],
    [8 * Y, '8y'],
    [20 * Y + 100 * D, '20y'],
  ])('%i ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  // Go truncates d.Seconds() toward zero (int(-1.5) == -1), so anything above -2 s is "0s".
  it('treats -1.5 s as "0s" like Go (int(d.Seconds()) truncates toward zero)', () => {
    expect(humanDuration(-1500)).toBe('0s');
  });
});

describe('since', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it.each<[string | undefined, string]>([
    [undefined, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
    ['2026-01-01T12:00:00Z', '0s'],
    ['2026-01-01T11:59:30Z', '30s'],
    ['2026-01-01T11:55:00Z', '5m'],
    ['2026-01-01T09:00:00Z', '3h'],
    ['2025-12-29T12:00:00Z', '3d'],
  ])('%j → %s', (ts, want) => {
    expect(since(ts, now)).toBe(want);
  });
});
