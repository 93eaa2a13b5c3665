import { describe, it, expect } from 'vitest';
import { mustKind } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/types.js';
import { mismatchText, runBoth, twoClusters, uidsOut, until, type Side } from './harness.js';
import { buildShop } from './shop.js';

/**
 * Commands that wait until they are interrupted — `logs -f`, `rollout status` on a rollout that does not move,
 * `delete` waiting for a graceful deletion the clock does not end — compared as get.test.ts compares `get -w`:
 * two clusters built alike, the real kubectl (a child process) on one and the built-in on the other, both left
 * to print what they print before waiting, then the real one gets SIGINT and the built-in the abort of
 * `io.signal` (the dashboard's stop key). stdout, stderr and the exit code must be the same byte for byte.
 */
interface InterruptCase {
  args: string[];
  /** Done to both clusters first, so that the command waits. */
  before?: (s: Side) => Promise<void>;
  /** How many lines each prints before it waits. */
  first: number;
}

const deploys = mustKind('apps/v1', 'Deployment');
const podsKind = mustKind('v1', 'Pod');

const CASES: InterruptCase[] = [
  { args: ['logs', '-f', 'ticker'], first: 2 },
  { args: ['logs', '-f', 'ticker', '--timestamps', '--tail=1'], first: 1 },
  {
    args: ['rollout', 'status', 'deploy/web'],
    // A new template and a clock that stands still: the rollout waits at its first step.
    before: async ({ h }) => {
      await h.cluster.client.patch(deploys, 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } });
      await h.cluster.settle();
    },
    first: 1,
  },
  { args: ['delete', 'pod', 'ticker'], first: 1 },
];

describe('minik9s kubectl: interrupted while it waits', () => {
  // The shop, and a pod whose log has two lines and then nothing for an hour.
  const two = twoClusters('kintr', async (side) => {
    const { h, clock } = side;
    await buildShop(side);
    await h.cluster.client.create(podsKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ticker' },
      spec: { containers: [{ name: 'tick', image: 'busybox', command: ['sh', '-c', 'echo tick 1; echo tick 2; sleep 3600'] }] },
    } as KubeObject);
    await h.cluster.settle();
    await clock.advance(5_000);
  });

  it(`prints what kubectl 1.35 prints when interrupted, for all ${CASES.length} commands`, async () => {
    const lines = (t: string) => t.split('\n').length - 1;
    const mismatches: string[] = [];
    for (const c of CASES) {
      for (const s of two.sides) await c.before?.(s);
      const run = runBoth(two, c.args);
      const { want, got } = run;
      await until(() => lines(want.out + want.err) >= c.first && lines(got.out + got.err) >= c.first, 'the first lines');
      // Both have printed as much and the real kubectl has been quiet a while: it waits.
      let seen = '';
      let quietSince = Date.now();
      await until(() => {
        if (want.out + want.err !== seen) (seen = want.out + want.err), (quietSince = Date.now());
        return Date.now() - quietSince > 1_000;
      }, 'quiet');
      expect(run.oursDone()).toBe(false);
      const stoppedAt = Date.now();
      await run.interrupt();
      // Promptly: the built-in does not wait for its stream to wind down.
      expect(Date.now() - stoppedAt).toBeLessThan(2_000);
      if (process.env.GOLDEN_TRACE) console.log(`$ kubectl ${c.args.join(' ')} (exit ${want.code})\n${want.out}${want.err}`);
      if (uidsOut(got) !== uidsOut(want)) mismatches.push(mismatchText(c.args, want, got));
    }
    console.log(`minik9s kubectl, interrupted: ${CASES.length - mismatches.length} of ${CASES.length} commands match kubectl 1.35 byte for byte`);
    expect(mismatches.join('\n')).toBe('');
  }, 300_000);
});
