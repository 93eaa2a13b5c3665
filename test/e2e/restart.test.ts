import { describe, it, expect, afterAll } from 'vitest';
import { makeEnv, waitFor, type TestEnv } from '../helpers/env.js';
import { clientFromKubeconfig } from '../../src/client/kubeconfig.js';
import { Informer } from '../../src/client/informer.js';
import { mustKind } from '../../src/api/kinds.js';
import { ApiError } from '../../src/api/api-error.js';

/**
 * What the dashboard lives through when the daemon goes away and comes back: its informers report the failure,
 * retry, and end up with the restarted cluster's objects as they are now (the cluster is restored from disk; the
 * watch history is not, so a watch from before the restart gets 410 Gone and the informer relists). A revision
 * the cluster has not reached yet is answered 504 ResourceVersionTooLarge.
 */
describe('an informer across a daemon restart', () => {
  let t: TestEnv;
  afterAll(async () => {
    await t?.cli(['stop']);
    await t?.cleanup();
  });

  it('reports the outage, then relists the restarted cluster: the pod is back, restarted, under the same uid', async () => {
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
      // Running first: a pod whose container never started has nothing to restart.
      const before = await waitFor(() => pods.get('default/before')?.status?.containerStatuses?.[0]?.state?.running && pods.get('default/before'), 'the pod running in the cache');
      // One more write, so that the pod's resourceVersion is history the restarted cluster no longer has.
      expect((await t.kubectl(['create', 'configmap', 'marker'])).exitCode).toBe(0);
      expect((await t.cli(['stop'])).exitCode).toBe(0);
      await waitFor(() => pods.lastError !== undefined, 'the outage reported');
      expect((await t.cli(['start'])).exitCode).toBe(0);
      await waitFor(
        () => pods.lastError === undefined && pods.get('default/before')?.status?.containerStatuses?.[0]?.restartCount === 1,
        'the pod back in the cache, restarted',
        30_000,
      );
      expect(pods.get('default/before')!.metadata.uid).toBe(before.metadata.uid);
      // A watch cannot resume from before the restart (the history is not kept): 410 Gone, and the client relists.
      const gone = await client.watch(mustKind('v1', 'Pod'), undefined, { resourceVersion: before.metadata.resourceVersion }, () => {}).done.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(gone).toBeInstanceOf(ApiError);
      expect((gone as ApiError).status).toMatchObject({ code: 410, reason: 'Expired' });
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
