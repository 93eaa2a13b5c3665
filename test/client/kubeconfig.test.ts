import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clientFromKubeconfig } from '../../src/client/kubeconfig.js';

/** The kubeconfig reader without client-node: the same answers kubectl would find in the same files. */
describe('clientFromKubeconfig', () => {
  const dirs: string[] = [];
  const saved = process.env.KUBECONFIG;
  afterEach(() => {
    process.env.KUBECONFIG = saved;
    if (saved === undefined) delete process.env.KUBECONFIG;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'minik9s-kc-'));
    dirs.push(d);
    return d;
  };
  const config = (o: { current?: string; clusters?: string; users?: string; contexts?: string }) =>
    `apiVersion: v1\nkind: Config\n${o.current ? `current-context: ${o.current}\n` : ''}clusters:\n${o.clusters ?? ''}users:\n${o.users ?? ''}contexts:\n${o.contexts ?? ''}`;

  it('reads the current context, its namespace, a token file relative to the file, and closes cleanly', async () => {
    const d = tmp();
    writeFileSync(path.join(d, 'token'), 'secret-token\n');
    const file = path.join(d, 'config');
    writeFileSync(
      file,
      config({
        current: 'dev',
        clusters: '- name: c1\n  cluster:\n    server: https://127.0.0.1:6443\n    insecure-skip-tls-verify: true\n',
        users: '- name: u1\n  user:\n    tokenFile: token\n',
        contexts: '- name: dev\n  context:\n    cluster: c1\n    user: u1\n    namespace: shop\n- name: other\n  context:\n    cluster: c1\n    user: u1\n',
      }),
    );
    const { client, context } = await clientFromKubeconfig({ kubeconfig: file });
    expect(context).toEqual({ context: 'dev', cluster: 'c1', user: 'u1', server: 'https://127.0.0.1:6443', namespace: 'shop' });
    client.close();
    const other = await clientFromKubeconfig({ kubeconfig: file, context: 'other' });
    expect(other.context.namespace).toBeUndefined();
    other.client.close();
  });

  it('merges the files of $KUBECONFIG as kubectl does: the first file naming an entry or a current context wins', async () => {
    const d = tmp();
    const a = path.join(d, 'a');
    const b = path.join(d, 'b');
    writeFileSync(a, config({ clusters: '- name: c\n  cluster:\n    server: http://127.0.0.1:1111\n', contexts: '- name: x\n  context:\n    cluster: c\n' }));
    writeFileSync(
      b,
      config({ current: 'x', clusters: '- name: c\n  cluster:\n    server: http://127.0.0.1:2222\n', contexts: '- name: x\n  context:\n    cluster: c\n    namespace: from-b\n' }),
    );
    process.env.KUBECONFIG = [a, b].join(path.delimiter);
    const { client, context } = await clientFromKubeconfig();
    expect(context.server).toBe('http://127.0.0.1:1111');
    expect(context.namespace).toBeUndefined();
    client.close();
  });

  it('refuses an unknown context with a clear message', async () => {
    const d = tmp();
    mkdirSync(path.join(d, 'x'));
    const file = path.join(d, 'config');
    writeFileSync(file, config({ current: 'a', clusters: '- name: c\n  cluster:\n    server: http://127.0.0.1:1\n', contexts: '- name: a\n  context:\n    cluster: c\n' }));
    await expect(clientFromKubeconfig({ kubeconfig: file, context: 'nope' })).rejects.toThrow('context was not found for specified context: nope');
  });
});
