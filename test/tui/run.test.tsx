import './force-color.js';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { runDashboard } from '../../src/tui/run.js';
import { strip } from './helpers.js';

/** FakeTerminal is the pair of streams a terminal gives a process: a 100x30 TTY stdout and a raw-mode stdin. */
class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 100;
  readonly rows = 30;
  readonly chunks: string[] = [];
  write = (data: string | Uint8Array, ...rest: unknown[]) => {
    this.chunks.push(typeof data === 'string' ? data : Buffer.from(data).toString());
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  };
  get output(): string {
    return this.chunks.join('');
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  type(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
}

const ENTER = '\x1b[?1049h';
const LEAVE = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

describe('runDashboard', () => {
  let cluster: Cluster;
  let stdout: FakeStdout;
  let stdin: FakeStdin;
  const context = { context: 'minik9s', cluster: 'minik9s', user: 'minik9s', server: 'https://127.0.0.1:32771' };

  beforeEach(async () => {
    cluster = await Cluster.start({ clock: new ManualClock() });
    stdout = new FakeStdout();
    stdin = new FakeStdin();
  });
  afterEach(async () => {
    await cluster.stop();
  });

  const start = (extra: Record<string, unknown> = {}) =>
    runDashboard({
      client: cluster.client,
      context,
      serverVersion: 'v1.35.1',
      simulated: true,
      maxFps: 30,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      ...extra,
    });

  it('enters the alternate screen, draws the dashboard, and restores the screen on q', async () => {
    const done = start();
    expect(stdout.output.startsWith(ENTER)).toBe(true);
    await vi.waitFor(() => expect(strip(stdout.output)).toContain('kube-system'), { timeout: 5000 });
    expect(strip(stdout.output)).toContain('K8s: v1.35.1');
    stdin.type('q');
    await done;
    const out = stdout.output;
    expect(out.lastIndexOf(LEAVE)).toBeGreaterThan(out.lastIndexOf(ENTER));
    expect(out.endsWith(SHOW_CURSOR + LEAVE)).toBe(true);
    expect(out.split(LEAVE)).toHaveLength(2); // restored exactly once
  });

  it('restores the screen on SIGINT and SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      stdout.chunks.length = 0;
      const before = new Set(process.listeners(signal));
      const done = start();
      const added = process.listeners(signal).filter((l) => !before.has(l));
      expect(added).toHaveLength(1);
      await vi.waitFor(() => expect(strip(stdout.output)).toContain('Namespaces'), { timeout: 5000 });
      (added[0] as (s: string) => void)(signal);
      await done;
      expect(stdout.output.endsWith(SHOW_CURSOR + LEAVE)).toBe(true);
      expect(process.listeners(signal).filter((l) => !before.has(l))).toHaveLength(0);
    }
  });

  it('restores the screen when rendering fails, and reports the error', async () => {
    const broken = start({ context: undefined });
    await expect(broken).rejects.toThrow();
    expect(stdout.output.endsWith(SHOW_CURSOR + LEAVE)).toBe(true);
  });
});
