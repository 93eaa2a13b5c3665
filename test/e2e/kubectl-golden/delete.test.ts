import { describe } from 'vitest';
import { resolveResource } from '../../../src/api/kinds.js';
import { goldenSuite, type Side, type Step } from './harness.js';
import { buildShop } from './shop.js';

const FILES: Record<string, string> = {
  'cms.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: doomed-a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: doomed-b\n',
};

/** Moves the cluster's clock on by ms, in steps. */
const advance = (ms: number) => async ({ clock }: Side) => {
  for (let i = 0; i < 20; i++) await clock.advance(ms / 20);
};

/**
 * Graceful deletions wait on the cluster's clock: once the command has asked for the deletion (the objects carry
 * a deletionTimestamp), the clock is moved on while kubectl waits, by the same amount on both sides.
 */
const advanceOnceDeleting = (resource: string, ns: string | undefined, selector: { labelSelector?: string; fieldSelector?: string }, ms: number) => async (s: Side) => {
  const kind = resolveResource(resource)!;
  const list = async () => (await s.h.cluster.client.list(kind, ns, selector)).items;
  // The objects there when the command started (a ReplicaSet's replacements come later and are not waited for).
  const before = new Set((await list()).map((o) => o.metadata.uid));
  for (;;) {
    const items = (await list()).filter((o) => before.has(o.metadata.uid));
    if (items.every((o) => o.metadata.deletionTimestamp)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await advance(ms)(s);
};

const STEPS: Step[] = [
  ['create', 'cm', 'one'],
  ['create', 'cm', 'two'],
  ['create', 'cm', 'three', '-n', 'shop'],
  ['delete', 'cm', 'one'],
  ['delete', 'cm', 'one'],
  ['delete', 'cm', 'one', '--ignore-not-found'],
  ['delete', 'configmap/two', 'cm/nope'],
  ['delete', 'cm', 'three', '-n', 'shop', '-o', 'name'],
  ['create', '-f', '{dir}/cms.yaml'],
  ['delete', '-f', '{dir}/cms.yaml', '--dry-run=client'],
  ['delete', '-f', '{dir}/cms.yaml', '--dry-run=server'],
  ['delete', '-f', '{dir}/cms.yaml'],
  ['delete', '-f', '{dir}/cms.yaml'],
  ['delete', 'pods', '-l', 'app=nope'],
  ['delete', 'cm', '--all', '-n', 'kube-public'],
  ['delete'],
  ['delete', 'pods'],
  ['delete', 'pods', 'x', '--all'],
  ['delete', 'cm', '--all', '-l', 'a=b'],
  ['delete', 'pods', 'x', '-o', 'yaml'],
  ['delete', 'pods', 'x', '--grace-period=5', '--force'],
  ['delete', 'pods', 'x', '--now', '--grace-period=5'],
  // --grace-period is an int flag: pflag refuses what Go's ParseInt (base 0) cannot read, before anything else.
  ['delete', 'pod', 'x', '--grace-period=5s'],
  ['delete', 'pod', 'x', '--grace-period', '5s', '--cascade=sideways'],
  ['delete', 'pod', 'x', '--grace-period=99999999999999999999'],
  ['delete', 'pod', 'x', '--grace-period=1__0'],
  ['delete', 'pod', 'x', '--grace-period'],
  ['delete', 'pod', 'x', '--grace-period=0x_1f', '--force'],
  ['delete', 'pod', 'x', '--grace-period=010', '--now'],
  // --cascade and --dry-run have pflag's NoOptDefVal: bare, they never take the next word.
  ['create', 'cm', 'c1'],
  ['create', 'cm', 'c2'],
  ['create', 'cm', 'c3'],
  ['create', 'cm', 'c4'],
  ['delete', '--cascade', 'cm', 'c1'],
  ['delete', 'cm', 'c2', '--cascade'],
  ['delete', 'cm', 'c3', '--cascade=F'],
  ['delete', 'cm', 'c4', '--cascade=1', '--dry-run'],
  ['delete', 'cm', 'c4', '--dry-run', 'server'],
  ['delete', 'cm', 'c4', '--dry-run=true', '-o', 'name'],
  ['delete', 'cm', 'c4', '--dry-run=bogus'],
  ['delete', 'cm', 'c4', '--dry-run=False'],
  ['get', 'cm'],
  // Resource arguments as the builder splits them.
  ['delete', 'cm,configmap', 'nope'],
  ['delete', 'cm/a/b'],
  ['delete', '/x'],
  ['delete', 'cm,svc/x'],
  ['delete', 'nope/x', 'cm/a/b'],
  { args: ['delete', 'pod', '-l', 'app=web', '--wait=false'] },
  ['get', 'pods'],
  { script: advance(40_000) },
  ['get', 'pods'],
  { args: ['delete', 'pods', '-l', 'app=api', '-n', 'shop'], during: advanceOnceDeleting('pods', 'shop', { labelSelector: 'app=api' }, 40_000) },
  { args: ['delete', 'deploy', 'api', '-n', 'shop'] },
  { script: advance(40_000) },
  ['get', 'deploy,rs,pods', '-n', 'shop'],
  { args: ['delete', 'svc', 'api', '-n', 'shop', '--cascade=orphan'] },
  { args: ['delete', 'pod', '--all', '--force', '--grace-period=0'] },
  ['get', 'pods'],
  { args: ['delete', 'ns', 'shop'], during: advanceOnceDeleting('namespaces', undefined, { fieldSelector: 'metadata.name=shop' }, 40_000) },
  ['get', 'ns'],
  ['delete', 'deploy', 'web', '--cascade=sideways'],
  ['delete', 'deploy', 'web', '--cascade=orphan'],
  ['get', 'deploy,rs'],
  ['delete', 'foo', 'bar'],
];

describe('minik9s kubectl: delete', () => {
  goldenSuite('delete', { build: buildShop, files: FILES }, STEPS);
});
