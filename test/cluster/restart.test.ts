import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { PersistentStore } from '../../src/store/persistent-store.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { deployment, activePods, isReady, nodeKind, podKind, deployKind, seeded, events } from '../controllers/helpers.js';

type P = Pod & KubeObject;
const jobKind = mustKind('batch/v1', 'Job');
const cmKind = mustKind('v1', 'ConfigMap');

const dirs: string[] = [];
let running: { c: Cluster; store: PersistentStore } | undefined;
afterEach(async () => {
  await running?.c.stop();
  await running?.store.close();
  running = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** boot starts a cluster on the store in dir, as the daemon does (a restored store brings its nodes back). */
async function boot(dir: string, opts: Parameters<typeof Cluster.start>[0] = {}) {
  const store = await PersistentStore.open(dir);
  const clock = new ManualClock();
  const c = await Cluster.start({ clock, store, random: seeded(), ...opts });
  running = { c, store };
  return { c, clock, store };
}

async function shutdown(): Promise<void> {
  await running!.c.stop();
  await running!.store.close();
  running = undefined;
}

describe('a cluster stopped and started again on its persisted store', () => {
  it('comes back with the same objects and uids, growing revisions, and pods restarted as after a node reboot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik9s-restart-'));
    dirs.push(dir);
    let { c, clock } = await boot(dir, { nodes: 3 });

    const removing = c.removeNode('minik9s-m02');
    let removed = false;
    void removing.then(() => (removed = true));
    for (let i = 0; i < 200 && !removed; i++) await clock.advance(500);
    expect(await removing).toBeUndefined();
    await c.addNode(); // minik9s-m04: the names are not counted again from scratch after a restart
    await c.client.create(deployKind, 'default', deployment('web', 3));
    await c.client.create(cmKind, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } });
    await c.client.create(jobKind, 'default', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] } } },
    });
    await clock.advance(30_000);
    const before = activePods(c, 'default', 'app=web');
    expect(before.filter(isReady)).toHaveLength(3);
    const jobPod = (c.registry.list(podKind, 'default', { labelSelector: 'job-name=once' }).items as P[])[0]!;
    expect(jobPod.status!.phase).toBe('Succeeded');
    const cfg = c.store.get('/configmaps/default/cfg')!;
    const revision = c.store.revision;
    const nodeUids = (c.registry.list(nodeKind, undefined).items as (Node & KubeObject)[]).map((n) => [n.metadata.name, n.metadata.uid]);
    await shutdown();

    ({ c, clock } = await boot(dir)); // no node count: the store knows them
    expect(c.nodeList().map((n) => n.name)).toEqual(['minik9s', 'minik9s-m03', 'minik9s-m04']);
    expect((c.registry.list(nodeKind, undefined).items as (Node & KubeObject)[]).map((n) => [n.metadata.name, n.metadata.uid])).toEqual(nodeUids);
    expect(c.store.get('/configmaps/default/cfg')).toEqual(cfg);
    expect(c.store.revision).toBeGreaterThan(revision);
    await clock.advance(30_000);
    const after = activePods(c, 'default', 'app=web');
    // The same pods (a reboot does not make new ones), each container restarted once, its last run Unknown 255.
    expect(after.map((p) => p.metadata.uid).sort()).toEqual(before.map((p) => p.metadata.uid).sort());
    for (const p of after) {
      expect(isReady(p)).toBe(true);
      const cs = p.status!.containerStatuses![0]!;
      expect(cs.restartCount).toBe(1);
      expect(cs.lastState!.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
      expect(p.status!.startTime).toBe(before.find((b) => b.metadata.uid === p.metadata.uid)!.status!.startTime);
      expect(events(c, p.metadata.name).map((e) => e.reason)).toContain('SandboxChanged');
    }
    // A finished Job's pod stays finished: it is not run again.
    const jobPodAfter = c.store.get(`/pods/default/${jobPod.metadata.name}`) as P;
    expect(jobPodAfter.status!.phase).toBe('Succeeded');
    expect(jobPodAfter.metadata.resourceVersion).toBe(jobPod.metadata.resourceVersion);
    // Images pulled before the stop are still on the node (status.images), and the kubelet knows them.
    const images = (c.registry.get(nodeKind, undefined, before[0]!.spec!.nodeName!) as Node).status!.images!.flatMap((i) => i.names);
    expect(images).toContain('nginx:latest');
  });
});
