import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { hostCluster, type HostedCluster } from '../../src/cluster/host.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { runKubectl, type IO } from '../../src/cli/kubectl/index.js';
import { NO_INPUT } from '../../src/cli/kubectl/exec.js';
import { NO_STDIN } from '../../src/cli/kubectl/manifest.js';
import { KILLED_EXIT } from '../../src/cli/kubectl/interrupt.js';
import { seeded } from '../controllers/helpers.js';

const podKind = mustKind('v1', 'Pod');

/**
 * Standard input is the caller's to give (the dashboard gives none, a shell's `minik9s kubectl` its own): without
 * it `-f -` and `exec -i` are refused at once, however spelled, and nothing reads the process's stdin; an
 * interrupted exec ends at once.
 */
describe('built-in kubectl: stdin, the terminal and interrupts come from the caller', () => {
  let h: HostedCluster;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    const clock = new ManualClock();
    h = await hostCluster({ clock, random: seeded() });
    await h.cluster.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'solo' },
      spec: { nodeName: 'minik9s', containers: [{ name: 'nginx', image: 'nginx' }] },
    } as KubeObject);
    for (let i = 0; i < 12; i++) await clock.advance(10_000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-kstdin-'));
    kubeconfig = path.join(dir, 'config');
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${h.url}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** run runs a line with an IO that has what `extra` gives (by default no stdin, no terminal, no signal). */
  const run = async (args: string[], extra: Partial<IO> = {}) => {
    let out = '';
    let err = '';
    const code = await runKubectl(['--kubeconfig', kubeconfig, ...args], { out: (t) => (out += t), err: (t) => (err += t), ...extra });
    return { code, out, err };
  };

  it('-f - without stdin is refused with what to do instead, and nothing is created', async () => {
    for (const args of [
      ['apply', '-f', '-'],
      ['create', '-f', '-'],
      ['delete', '-f', '-'],
      ['apply', '-f', 'x.yaml', '-f', '-'].map((w) => (w === 'x.yaml' ? path.join(dir, 'x.yaml') : w)),
    ]) {
      if (args.includes(path.join(dir, 'x.yaml'))) writeFileSync(path.join(dir, 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n');
      const r = await run(args);
      expect(r, args.join(' ')).toEqual({ code: 1, out: '', err: `error: ${NO_STDIN}\n` });
    }
    expect((await h.cluster.client.list(mustKind('v1', 'ConfigMap'), 'default')).items.map((c) => c.metadata.name)).not.toContain('from-file');
  });

  it('exec -i without stdin or a terminal is refused before anything is asked of the cluster', async () => {
    for (const args of [
      ['exec', '-i', 'solo', '--', 'sh'],
      ['exec', '-it', 'solo', '--', 'sh'],
      ['exec', '-qit', 'solo', '--', 'sh'],
      ['exec', 'solo', '-ic', 'nginx', '--', 'sh'],
      ['exec', '--stdin', 'nope', '--', 'sh'],
    ]) {
      const r = await run(args);
      expect(r, args.join(' ')).toEqual({ code: 1, out: '', err: `error: ${NO_INPUT}\n` });
    }
    // Without -i there is nothing to read: it runs.
    expect(await run(['exec', 'solo', '--', 'echo', 'hi'])).toEqual({ code: 0, out: 'hi\n', err: '' });
  });

  it('exec -i streams the terminal when one is given (a pipe: no TTY, so -t is declined as kubectl declines it)', async () => {
    const terminal = new PassThrough() as unknown as NodeJS.ReadStream;
    (terminal as unknown as PassThrough).end('echo typed\nexit 2\n');
    expect(await run(['exec', '-i', 'solo', '--', 'sh'], { terminal })).toEqual({ code: 2, out: 'typed\n', err: 'command terminated with exit code 2\n' });
    const again = new PassThrough();
    again.end('echo tty\n');
    const r = await run(['exec', '-it', 'solo', '--', 'sh'], { terminal: again as unknown as NodeJS.ReadStream, stdin: async () => 'echo not this\n' });
    expect(r).toEqual({ code: 0, out: 'tty\n', err: 'Unable to use a TTY - input is not a terminal or the right kind of file\n' });
  });

  it('an interrupted exec closes its session and ends at once, printing nothing more', async () => {
    // An interactive shell whose input never ends: only the interruption can end it.
    const terminal = new PassThrough();
    terminal.write('echo started\n');
    const abort = new AbortController();
    let out = '';
    const running = runKubectl(['--kubeconfig', kubeconfig, 'exec', '-i', 'solo', '--', 'sh'], {
      out: (t) => {
        out += t;
        if (t.includes('started')) abort.abort();
      },
      err: (t) => (out += t),
      terminal: terminal as unknown as NodeJS.ReadStream,
      signal: abort.signal,
    });
    const started = Date.now();
    // Input that is no terminal: kubectl has no interrupt handler then, and dies of the SIGINT.
    expect(await running).toBe(KILLED_EXIT);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(out).toBe('started\n');
    // The input is let go of: nothing listens to it any more.
    expect(terminal.listenerCount('data')).toBe(0);
    terminal.write('echo later\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(out).toBe('started\n');

    // Already interrupted: no session is opened at all.
    const gone = new AbortController();
    gone.abort();
    expect(await run(['exec', 'solo', '--', 'echo', 'never'], { signal: gone.signal })).toEqual({ code: KILLED_EXIT, out: '', err: '' });
  }, 15_000);
});
