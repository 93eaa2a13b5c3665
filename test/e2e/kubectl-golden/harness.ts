import { it, expect, beforeAll, afterAll } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostCluster, type HostedCluster } from '../../../src/cluster/host.js';
import { ManualClock } from '../../../src/cluster/clock.js';
import { runKubectl } from '../../../src/cli/kubectl/index.js';
import { ensureTools } from '../../setup/tools.js';
import { seeded } from '../../controllers/helpers.js';

/** Side is one of the two clusters a golden suite runs: the real kubectl's or the built-in's. */
export interface Side {
  h: HostedCluster;
  clock: ManualClock;
}

/**
 * Step is one command line (`{dir}` in a word is the suite's directory of files; `{side}` is `real` or `ours`, so
 * `{dir}/cfg-{side}` names a per-side copy, both given in `files`, for commands that edit a file), a command line with standard
 * input or with something done to its cluster while it runs (advancing the clock so a `--wait` ends), or a
 * script run on both clusters between command lines.
 */
export type Step = string[] | { args: string[]; stdin?: string; during?: (s: Side) => Promise<void> } | { script: (s: Side) => Promise<void> };

export interface Result {
  code: number | undefined;
  out: string;
  err: string;
}

function realKubectl(bin: string, args: string[], stdin: string | undefined): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(bin, args, { encoding: 'utf8' }, (e, stdout, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }));
    child.stdin?.end(stdin ?? '');
  });
}

// What is random in a cluster: uids (and a node's system and boot ids), container ids, a node's machine id; and
// in a klog line (kubectl's `W1122 12:34:48.688556    1196 helpers.go:719] ...`) the wall-clock time and the pid.
const normalise = (s: string, dir: string) =>
  s
    .split(dir)
    .join('DIR')
    .replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} [ \d]{7} (?=\S+\.go:\d+\] )/gm, '$1MMDD hh:mm:ss.uuuuuu PID ')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID')
    .replace(/docker:\/\/[0-9a-f]{64}/g, 'docker://ID')
    .replace(/\b[0-9a-f]{32}\b/g, 'ID');

/** kubeconfigFor is a kubeconfig with one context, `c`, on a cluster's plain-http address. */
const kubeconfigFor = (url: string) =>
  `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${url}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`;

/** TwoClusters is what twoClusters sets up: the two sides, the directory with their kubeconfigs, the real kubectl. */
export interface TwoClusters {
  readonly sides: Side[];
  readonly dir: string;
  readonly kubectl: string;
}

/**
 * twoClusters sets up (beforeAll) and tears down (afterAll) the two clusters a comparison runs on, built by the same
 * script on the manual clock with the same seeded randomness: `real` for kubectl 1.35, `ours` for the built-in,
 * each with `DIR/real.kubeconfig` / `DIR/ours.kubeconfig`, and the suite's files written into DIR.
 */
export function twoClusters(name: string, build: (s: Side) => Promise<void>, files: Record<string, string> = {}): TwoClusters {
  const state = { sides: [] as Side[], dir: '', kubectl: '' };
  beforeAll(async () => {
    state.kubectl = (await ensureTools()).kubectl;
    state.dir = mkdtempSync(path.join(os.tmpdir(), `minik9s-${name}-`));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(state.dir, file)), { recursive: true });
      writeFileSync(path.join(state.dir, file), text);
    }
    for (const side of ['real', 'ours']) {
      const clock = new ManualClock();
      const h = await hostCluster({ clock, random: seeded() });
      const s = { h, clock };
      await build(s);
      await h.cluster.settle();
      state.sides.push(s);
      writeFileSync(path.join(state.dir, `${side}.kubeconfig`), kubeconfigFor(h.url));
    }
  }, 60_000);
  afterAll(async () => {
    for (const s of state.sides) await s.h.stop();
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}

/** until polls cond every 20 ms until it holds, or fails naming what it waited for. */
export async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Running is a command running on both sides until stopped: what each has printed so far, and how to stop them. */
export interface Running {
  want: Result;
  got: Result;
  /** Whether the built-in has ended by itself. */
  oursDone(): boolean;
  /** SIGINT to the real kubectl, the abort of io.signal to the built-in; resolves when both have ended. */
  interrupt(): Promise<void>;
}

/**
 * runBoth starts a command that runs until interrupted (get -w, logs -f, a rollout status that waits): the real
 * kubectl as a child process on the real side, the built-in with an AbortController on ours.
 */
export function runBoth(two: TwoClusters, args: string[]): Running {
  const want: Result = { code: undefined, out: '', err: '' };
  const child = spawn(two.kubectl, ['--kubeconfig', path.join(two.dir, 'real.kubeconfig'), '--cache-dir', path.join(two.dir, 'cache'), ...args]);
  child.stdout.setEncoding('utf8').on('data', (t: string) => (want.out += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (want.err += t));
  const realExit = new Promise<void>((r) => child.on('exit', (code) => ((want.code = code ?? undefined), r())));
  const got: Result = { code: undefined, out: '', err: '' };
  const abort = new AbortController();
  let done = false;
  const oursExit = runKubectl(['--kubeconfig', path.join(two.dir, 'ours.kubeconfig'), ...args], { out: (t) => (got.out += t), err: (t) => (got.err += t), signal: abort.signal }).then((code) => {
    got.code = code;
    done = true;
  });
  return {
    want,
    got,
    oursDone: () => done,
    async interrupt() {
      child.kill('SIGINT');
      abort.abort();
      await Promise.all([realExit, oursExit]);
    },
  };
}

/** mismatchText shows a command line whose two runs differ: what kubectl printed, then what the built-in did. */
export const mismatchText = (args: string[], want: Result, got: Result) =>
  `$ kubectl ${args.join(' ')}\n--- kubectl (exit ${want.code})\n${want.out}${want.err}--- minik9s (exit ${got.code})\n${got.out}${got.err}`;

/** uidsOut replaces uids, for comparing what two clusters printed. */
export const uidsOut = (r: Result) => JSON.stringify(r).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID');

/**
 * goldenSuite runs the built-in kubectl against the real kubectl 1.35: two clusters built by the same script on
 * the manual clock (so names, addresses and timestamps are the same), each step run on both in order (the real
 * kubectl on one, runKubectl on the other; the cluster settles after each), stdout, stderr and exit code compared
 * byte for byte with uids and other random ids normalised. Every line must match; the test prints how many do.
 */
export function goldenSuite(title: string, opts: { build: (s: Side) => Promise<void>; files?: Record<string, string> }, steps: Step[]): void {
  const two = twoClusters('kgolden', opts.build, opts.files);

  const lines = steps.filter((s) => !('script' in s)).length;
  it(`${title}: prints what kubectl 1.35 prints, for all ${lines} command lines`, async () => {
    const [real, ours] = two.sides as [Side, Side];
    const { dir, kubectl } = two;
    const mismatches: string[] = [];
    for (const step of steps) {
      if ('script' in step) {
        for (const s of [real, ours]) {
          await step.script(s);
          await s.h.cluster.settle();
        }
        continue;
      }
      if (process.env.GOLDEN_TRACE) console.log(`step: ${JSON.stringify(step)}`);
      const { args, stdin, during } = Array.isArray(step) ? { args: step, stdin: undefined, during: undefined } : step;
      // `{side}` in a word names a per-side file (`{dir}/cfg-{side}`: `cfg-real` or `cfg-ours`), for commands that
      // edit a file both sides would otherwise share; the output shows it as written in the step.
      const wordsFor = (side: string) => args.map((a) => a.split('{dir}').join(dir).split('{side}').join(side));
      const unside = (text: string, side: string) =>
        args.filter((a) => a.includes('{side}')).reduce((t, a) => t.split(wordsFor(side)[args.indexOf(a)]!).join(a.split('{dir}').join(dir)), text);
      const runOn = async (s: Side, run: () => Promise<Result>) => {
        const r = run();
        if (during) await during(s);
        const got = await r;
        if (process.env.GOLDEN_TRACE) console.log(`  ${s === real ? 'real' : 'ours'}: exit ${got.code}`);
        await s.h.cluster.settle();
        return got;
      };
      const want = await runOn(real, () => realKubectl(kubectl, ['--kubeconfig', path.join(dir, 'real.kubeconfig'), '--cache-dir', path.join(dir, 'cache'), ...wordsFor('real')], stdin));
      const got = await runOn(ours, async () => {
        let out = '';
        let err = '';
        const code = await runKubectl(['--kubeconfig', path.join(dir, 'ours.kubeconfig'), ...wordsFor('ours')], { out: (t) => (out += t), err: (t) => (err += t), stdin: async () => stdin ?? '' });
        return { code, out, err };
      });
      // Each cluster listens on its own port: its address (cluster-info, config view) is shown as SERVER.
      const norm = (r: Result, side: string, s: Side) =>
        JSON.stringify({ code: r.code, out: normalise(unside(r.out, side), dir).split(s.h.url).join('SERVER'), err: normalise(unside(r.err, side), dir).split(s.h.url).join('SERVER') });
      if (norm(got, 'ours', ours) !== norm(want, 'real', real)) mismatches.push(mismatchText(args, want, got));
    }
    console.log(`minik9s kubectl, ${title}: ${lines - mismatches.length} of ${lines} command lines match kubectl 1.35 byte for byte`);
    expect(mismatches.join('\n')).toBe('');
  }, 300_000);
}

/** How many watches each store prefix has had opened, per side (countWatches starts counting). */
const watchesOpened = new WeakMap<Side, Map<string, number>>();

/** countWatches counts the watches a side's store opens, so onceWatching can tell when a command is watching. */
export function countWatches(s: Side): void {
  const store = s.h.cluster.store;
  const opened = new Map<string, number>();
  watchesOpened.set(s, opened);
  const watch = store.watch.bind(store);
  store.watch = (prefix, from, listener) => {
    opened.set(prefix, (opened.get(prefix) ?? 0) + 1);
    return watch(prefix, from, listener);
  };
}

/**
 * onceWatching is a `during` for commands that watch (rollout status, wait): once the command has opened its watch
 * on the resource in the namespace, the clock runs on by ms, a second at a time, so what it waits for happens while
 * it watches and both kubectls see the same events from the same state. The side must be counting (countWatches).
 */
export const onceWatching =
  (resource: string, ms: number, namespace = 'default') =>
  async (s: Side): Promise<void> => {
    const prefix = `/${resource}/${namespace}/`;
    const opened = watchesOpened.get(s)!;
    const before = opened.get(prefix) ?? 0;
    const deadline = Date.now() + 20_000;
    while ((opened.get(prefix) ?? 0) <= before) {
      if (Date.now() > deadline) throw new Error(`no watch on ${prefix} was opened`);
      await new Promise((r) => setTimeout(r, 5));
    }
    for (let t = 0; t < ms; t += 1_000) await s.clock.advance(1_000);
  };
