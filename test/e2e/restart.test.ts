import { describe, it, expect, afterAll } from 'vitest';
import { makeEnv, waitFor, type TestEnv } from '../helpers/env.js';
import { clientFromKubeconfig } from '../../src/client/kubeconfig.js';
import { Informer } from '../../src/client/informer.js';
import { mustKind } from '../../src/api/kinds.js';
import { ApiError } from '../../src/api/api-error.js';

/**
 * What the dashboard lives through when the daemon goes away and comes back: its informers report the failure,
 * retry, and end up with the new cluster's objects, never the old ones (a restarted cluster starts its revisions
 * again; the API server answers a watch from the old, higher revision with 504 ResourceVersionTooLarge).
 */
describe('an informer across a daemon restart', () => {
  let t: TestEnv;
  afterAll(async () => {
    await t?.cli(['stop']);
    await t?.cleanup();
  });

  it('reports the outage, then relists the restarted cluster instead of keeping the old objects', async () => {
    t = makeEnv();
    expect((await t.cli(['start'])).exitCode).toBe(0);
    expect((await t.kubectl(['run', 'before', '--image=nginx'])).exitCode).toBe(0);
    const { client } = await clientFromKubeconfig({ kubeconfig: t.env.KUBECONFIG });
    const pods = new Informer(client, mustKind('v1', 'Pod'), {
      retry: (fn) => {
        const h = setTimeout(fn, 200);
        return () => clearTimeout(h);
      },
    });
    pods.start();
    try {
      await waitFor(() => pods.get('default/before'), 'the pod in the cache');
      expect((await t.cli(['stop'])).exitCode).toBe(0);
      await waitFor(() => pods.lastError !== undefined, 'the outage reported');
      expect((await t.cli(['start'])).exitCode).toBe(0);
      await waitFor(
        () => pods.lastError === undefined && !pods.get('default/before') && pods.list().some((p) => p.metadata.namespace === 'kube-system'),
        'the new cluster in the cache, without the old pod',
        30_000,
      );
      // The same question asked directly: a watch from a revision the new cluster has not reached.
      const w = client.watch(mustKind('v1', 'Pod'), undefined, { resourceVersion: '999999999' }, () => {});
      const err = await w.done.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toMatchObject({ code: 504, reason: 'Timeout', details: { causes: [{ reason: 'ResourceVersionTooLarge' }] } });
      expect((err as ApiError).status.message).toMatch(/^Timeout: Too large resource version: 999999999, current: \d+$/);
    } finally {
      pods.stop();
      client.close();
    }
  });
});
