import { describe, it, expect } from 'vitest';
import { parseQuantity, milliValue, value } from '../../src/scheduler/quantity.js';
import { podRequests } from '../../src/scheduler/resources.js';

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1, 100, 1],
    ['0.5', 0.5, 500, 1],
    ['1', 1, 1000, 1],
    ['2', 2, 2000, 2],
    ['1.5', 1.5, 1500, 2],
    ['128Mi', 128 * 2 ** 20, 128 * 2 ** 20 * 1000, 128 * 2 ** 20],
    ['1Gi', 2 ** 30, 2 ** 30 * 1000, 2 ** 30],
    ['64Ki', 65536, 65536000, 65536],
    ['1e3', 1000, 1_000_000, 1000],
    ['1E-3', 0.001, 1, 1],
    ['500k', 500_000, 500_000_000, 500_000],
    ['1M', 1e6, 1e9, 1e6],
    ['2G', 2e9, 2e12, 2e9],
    ['250u', 0.00025, 1, 1],
    ['1n', 1e-9, 1, 1],
    ['.5', 0.5, 500, 1],
    ['+3', 3, 3000, 3],
    ['0', 0, 0, 0],
  ])('%s', (q, v, milli, whole) => {
    expect(parseQuantity(q)).toBeCloseTo(v, 12);
    expect(milliValue(q)).toBe(milli);
    expect(value(q)).toBe(whole);
  });

  it.each(['', 'abc', '1Xi', '1.2.3', 'm', '1 Gi', '1mi'])('rejects %j', (q) => {
    expect(() => parseQuantity(q)).toThrow(/quantities must match/);
  });

  it('takes numbers as they are', () => {
    expect(parseQuantity(2)).toBe(2);
    expect(milliValue(undefined)).toBe(0);
  });
});

describe('podRequests', () => {
  const c = (cpu?: string, memory?: string, extra: Record<string, unknown> = {}) => ({
    name: 'c',
    image: 'x',
    resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
    ...extra,
  });
  it('sums app containers, takes the max with init containers, adds sidecars and overhead', () => {
    expect(podRequests({ containers: [c('100m', '64Mi'), c('200m', '64Mi')] })).toEqual({ milliCPU: 300, memory: 128 * 2 ** 20 });
    expect(podRequests({ containers: [c('100m')], initContainers: [c('1'), c('500m', '1Gi')] })).toEqual({ milliCPU: 1000, memory: 2 ** 30 });
    // A sidecar (restartPolicy Always) keeps running: it adds to the app containers and to later init containers.
    expect(podRequests({ containers: [c('100m')], initContainers: [c('200m', undefined, { restartPolicy: 'Always' }), c('250m')] })).toEqual({ milliCPU: 450, memory: 0 });
    expect(podRequests({ containers: [c('100m')], overhead: { cpu: '50m', memory: '10Mi' } })).toEqual({ milliCPU: 150, memory: 10 * 2 ** 20 });
  });
  it('counts missing requests as 100m / 200Mi for scoring (non-zero)', () => {
    expect(podRequests({ containers: [{ name: 'a', image: 'x' }] }, true)).toEqual({ milliCPU: 100, memory: 200 * 2 ** 20 });
    expect(podRequests({ containers: [{ name: 'a', image: 'x' }] })).toEqual({ milliCPU: 0, memory: 0 });
  });
});
