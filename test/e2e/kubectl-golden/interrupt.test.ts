import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mustKind } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/types.js';
import { hostCluster } from '../../../src/cluster/host.js';
import { ManualClock } from '../../../src/cluster/clock.js';
import { runKubectl } from '../../../src/cli/kubectl/index.js';
import { ensureTools } from '../../setup/tools.js';
import { seeded } from '../../controllers/helpers.js';
import type { Side } from './harness.js';
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
  const sides: Side[] = [];
  let dir: string;
  let kubectl: string;
  beforeAll(async () => {
    kubectl = (await ensureTools()).kubectl;
    dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-kintr-'));
    for (const name of ['real', 'ours']) {
      const clock = new ManualClock();
      const h = await hostCluster({ clock, random: seeded() });
      const side = { h, clock };
      await buildShop(side);
      await h.cluster.client.create(podsKind, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'ticker' },
        spec: { containers: [{ name: 'tick', image: 'busybox', command: ['sh', '-c', 'echo tick 1; echo tick 2; sleep 3600'] }] },
      } as KubeObject);
      await h.cluster.settle();
      await clock.advance(5_000);
      await h.cluster.settle();
      sides.push(side);
      writeFileSync(path.join(dir, `${name}.kubeconfig`), `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${h.url}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`);
    }
  }, 60_000);
  afterAll(async () => {
    for (const s of sides) await s.h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`prints what kubectl 1.35 prints when interrupted, for all ${CASES.length} commands`, async () => {
    const lines = (t: string) => t.split('\n').length - 1;
    const until = async (cond: () => boolean, what: string, ms = 15_000) => {
      const deadline = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const norm = (r: { code: number | undefined; out: string; err: string }) =>
      JSON.stringify(r).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID');
    const mismatches: string[] = [];
    for (const c of CASES) {
      for (const s of sides) await c.before?.(s);
      const want = { code: undefined as number | undefined, out: '', err: '' };
      const child = spawn(kubectl, ['--kubeconfig', path.join(dir, 'real.kubeconfig'), '--cache-dir', path.join(dir, 'cache'), ...c.args]);
      child.stdout.setEncoding('utf8').on('data', (t: string) => (want.out += t));
      child.stderr.setEncoding('utf8').on('data', (t: string) => (want.err += t));
      const realExit = new Promise<void>((r) => child.on('exit', (code) => ((want.code = code ?? undefined), r())));
      const got = { code: undefined as number | undefined, out: '', err: '' };
      const abort = new AbortController();
      let oursDone = false;
      const oursExit = runKubectl(['--kubeconfig', path.join(dir, 'ours.kubeconfig'), ...c.args], { out: (t) => (got.out += t), err: (t) => (got.err += t), signal: abort.signal }).then((code) => {
        got.code = code;
        oursDone = true;
      });
      await until(() => lines(want.out + want.err) >= c.first && lines(got.out + got.err) >= c.first, 'the first lines');
      // Both have printed as much and the real kubectl has been quiet a while: it waits.
      let seen = '';
      let quietSince = Date.now();
      await until(() => {
        if (want.out + want.err !== seen) (seen = want.out + want.err), (quietSince = Date.now());
        return Date.now() - quietSince > 1_000;
      }, 'quiet');
      expect(oursDone).toBe(false);
      const stoppedAt = Date.now();
      child.kill('SIGINT');
      abort.abort();
      await Promise.all([realExit, oursExit]);
      // Promptly: the built-in does not wait for its stream to wind down.
      expect(Date.now() - stoppedAt).toBeLessThan(2_000);
      if (process.env.GOLDEN_TRACE) console.log(`$ kubectl ${c.args.join(' ')} (exit ${want.code})\n${want.out}${want.err}`);
      if (norm(got) !== norm(want)) mismatches.push(`$ kubectl ${c.args.join(' ')}\n--- kubectl (exit ${want.code})\n${want.out}${want.err}--- minik9s (exit ${got.code})\n${got.out}${got.err}`);
    }
    console.log(`minik9s kubectl, interrupted: ${CASES.length - mismatches.length} of ${CASES.length} commands match kubectl 1.35 byte for byte`);
    expect(mismatches.join('\n')).toBe('');
  }, 300_000);
});
