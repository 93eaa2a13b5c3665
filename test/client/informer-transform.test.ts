import { afterAll, beforeAll, expect, it } from 'vitest';
import { mustKind } from '../../src/api/kinds.js';
import { Informer, withoutManagedFields } from '../../src/client/informer.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import { startCluster } from '../tui/helpers.js';

const podKind = mustKind('v1', 'Pod');
let cluster: Cluster;
let clock: ManualClock;

beforeAll(async () => {
  ({ cluster, clock } = await startCluster());
});
afterAll(() => cluster.stop());

it('an informer transform (the dashboard drops managedFields) applies to the list and to every watch event', async () => {
  // kubectl's writes carry managedFields; an in-process write records what it is given.
  const managedFields = [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }];
  await cluster.client.create(podKind, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'tracked', managedFields },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  } as never);
  const name = 'tracked';
  expect((await cluster.client.get(podKind, 'default', name)).metadata.managedFields?.length).toBe(1);
  const inf = new Informer(cluster.client, podKind, { namespace: 'default', transform: withoutManagedFields });
  inf.start();
  await inf.synced;
  const listed = inf.list();
  expect(listed).toHaveLength(4);
  for (const p of listed) expect(p.metadata.managedFields).toBeUndefined();
  await cluster.client.patch(podKind, 'default', name, 'merge', { metadata: { labels: { seen: 'yes' } } });
  await clock.advance(100);
  await cluster.settle();
  const updated = inf.get(`default/${name}`)!;
  expect(updated.metadata.labels?.seen).toBe('yes');
  expect(updated.metadata.managedFields).toBeUndefined();
  inf.stop();
});
