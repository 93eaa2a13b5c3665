import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runKubectl } from '../../src/cli/kubectl/index.js';

/** What the built-in kubectl prints when it cannot reach the server: kubectl's own words. */
describe('built-in kubectl: an unreachable server', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-kerr-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A loopback port nothing listens on (bound, then closed). */
  const closedPort = () =>
    new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });

  it('a refused connection is "The connection to the server HOST:PORT was refused", exit 1', async () => {
    const port = await closedPort();
    const file = path.join(dir, 'config');
    writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:${port}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: t\n`);
    let out = '';
    let err = '';
    const code = await runKubectl(['--kubeconfig', file, 'get', 'pods'], { out: (t) => (out += t), err: (t) => (err += t) });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(`The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?\n`);
  });
});
