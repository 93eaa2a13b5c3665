import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { BIN, makeEnv, type TestEnv } from '../helpers/env.js';
import { KUBECTL } from '../setup/tools.js';

/**
 * Ctrl-C on the built-in kubectl from a shell: `minik9s kubectl` turns SIGINT into an interruption of the command
 * (io.signal), which ends as kubectl's interrupt handler ends it: exit 1, nothing more printed.
 */
describe('minik9s kubectl interrupted from a shell', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = makeEnv();
    const s = await t.cli(['start']);
    expect(s.exitCode, s.stderr).toBe(0);
    expect((await t.kubectl(['run', 'web', '--image=nginx'])).exitCode).toBe(0);
    const ready = await t.kubectl(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']);
    expect(ready.exitCode, ready.stderr).toBe(0);
  });
  afterAll(async () => {
    await t.cli(['delete']);
    await t.cleanup();
  });

  /** interrupt sends SIGINT once the command has settled into its stream (after what it printed first), and answers how it ended. */
  const interrupt = async (child: ResultPromise<{ reject: false; stdin: 'pipe' }>) => {
    await new Promise((r) => setTimeout(r, 1_500));
    const before = Date.now();
    child.kill('SIGINT');
    const r = await child;
    return { exitCode: r.exitCode, signal: r.signal, stderr: r.stderr, ms: Date.now() - before };
  };

  it('logs -f and get -w exit 1 on SIGINT, as kubectl does', async () => {
    const env = { ...t.env, MINIK9S_KUBECTL: '/nonexistent/kubectl' };
    const opts = { env, reject: false, stdin: 'pipe' } as const;
    const real = await interrupt(execa(KUBECTL, ['--cache-dir', path.join(t.dir, 'kube-cache'), 'logs', '-f', 'web'], opts));
    expect(real).toMatchObject({ exitCode: 1, stderr: '' });
    for (const args of [
      ['logs', '-f', 'web'],
      ['get', 'pods', '-w'],
    ]) {
      const ours = await interrupt(execa(process.execPath, [BIN, 'kubectl', ...args], opts));
      expect(ours, args.join(' ')).toMatchObject({ exitCode: 1, stderr: '' });
      // It ends at once, not after the 250 ms grace given to commands with no interrupt handler.
      expect(ours.ms, args.join(' ')).toBeLessThan(2_000);
    }
  });

  it('a command kubectl has no interrupt handler for dies of the SIGINT, as kubectl does (apply -f - reading a pipe)', async () => {
    const env = { ...t.env, MINIK9S_KUBECTL: '/nonexistent/kubectl' };
    const opts = { env, reject: false, stdin: 'pipe' } as const;
    const real = await interrupt(execa(KUBECTL, ['--cache-dir', path.join(t.dir, 'kube-cache'), 'apply', '-f', '-'], opts));
    expect(real).toMatchObject({ exitCode: undefined, signal: 'SIGINT' });
    const ours = await interrupt(execa(process.execPath, [BIN, 'kubectl', 'apply', '-f', '-'], opts));
    expect(ours).toMatchObject({ exitCode: undefined, signal: 'SIGINT', stderr: '' });
  });
});
