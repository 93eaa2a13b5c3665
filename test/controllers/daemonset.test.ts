import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { DaemonSet, ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { SAFE_ALPHABET } from '../../src/api/names.js';
import { nodeShouldRunDaemonPod } from '../../src/controllers/daemonset.js';
import { startCluster, pods, activePods, events, recordEvents, isReady, podKind, nodeKind, type P } from './helpers.js';

const dsKind = mustKind('apps/v1', 'DaemonSet');
const crKind = mustKind('apps/v1', 'ControllerRevision');
type DS = DaemonSet & KubeObject;
type CR = ControllerRevision & KubeObject;
const SAFE = `[${SAFE_ALPHABET}]`;

let c: Cluster;
let clock: ManualClock;
beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

function daemonSet(name: string, image = 'nginx', extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image }] } },
      ...extra,
    },
  };
}

async function create(obj: KubeObject): Promise<DS> {
  const ds = await c.client.create<DS>(dsKind, 'default', obj);
  await c.settle();
  return ds;
}
const getDS = (name: string, ns = 'default') => c.registry.get(dsKind, ns, name) as DS;
const revisions = (ns = 'default') => c.registry.list(crKind, ns).items as CR[];

describe('DaemonSet controller', () => {
  it('runs one pod on the node, pinned by node affinity, with the daemon tolerations, and reports status', async () => {
    const ds = await create(daemonSet('agent'));
    const ps = pods(c, 'default', 'app=agent');
    expect(ps).toHaveLength(1);
    const p = ps[0]!;
    const [rev] = revisions();
    const hash = rev!.metadata.labels!['controller-revision-hash']!;
    expect(p.metadata.name).toMatch(new RegExp(`^agent-${SAFE}{5}$`));
    expect(p.metadata.generateName).toBe('agent-');
    expect(p.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
    expect(p.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(p.spec!.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['minik9s'] }] }] } },
    });
    const tol = p.spec!.tolerations!.map((t) => `${t.key}:${t.effect}:${t.tolerationSeconds ?? ''}`);
    expect(tol).toEqual([
      'node.kubernetes.io/not-ready:NoExecute:',
      'node.kubernetes.io/unreachable:NoExecute:',
      'node.kubernetes.io/disk-pressure:NoSchedule:',
      'node.kubernetes.io/memory-pressure:NoSchedule:',
      'node.kubernetes.io/pid-pressure:NoSchedule:',
      'node.kubernetes.io/unschedulable:NoSchedule:',
    ]);
    expect(events(c, 'agent').filter((e) => e.reason === 'SuccessfulCreate').map((e) => [e.message, e.source?.component])).toEqual([
      [`Created pod: ${p.metadata.name}`, 'daemonset-controller'],
    ]);

    await clock.advance(10_000);
    const running = pods(c, 'default', 'app=agent')[0]!;
    expect(running.spec!.nodeName).toBe('minik9s');
    expect(running.status!.phase).toBe('Running');
    expect(isReady(running)).toBe(true);
    expect(getDS('agent').status).toEqual({
      currentNumberScheduled: 1,
      numberMisscheduled: 0,
      desiredNumberScheduled: 1,
      numberReady: 1,
      observedGeneration: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
    });
  });

  it('keeps the template in a ControllerRevision <ds>-<hash> owned by the DaemonSet', async () => {
    const ds = await create(daemonSet('agent'));
    const revs = revisions();
    expect(revs).toHaveLength(1);
    const r = revs[0]!;
    const hash = r.metadata.labels!['controller-revision-hash']!;
    expect(hash).toMatch(new RegExp(`^${SAFE}+$`));
    expect(r.metadata.name).toBe(`agent-${hash}`);
    expect(r.revision).toBe(1);
    expect(r.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': hash });
    expect(r.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid, controller: true });
    const data = r.data as { spec: { template: Record<string, unknown> } };
    expect(data.spec.template.$patch).toBe('replace');
    expect((data.spec.template.spec as { containers: { image: string }[] }).containers[0]!.image).toBe('nginx');
  });

  it('recreates a deleted daemon pod once the old one is gone', async () => {
    await create(daemonSet('agent'));
    await clock.advance(10_000);
    const [old] = pods(c, 'default', 'app=agent');
    await c.client.delete(podKind, 'default', old!.metadata.name!);
    await c.settle();
    // The terminating pod still holds the node: no second pod beside it.
    expect(pods(c, 'default', 'app=agent').map((p) => p.metadata.name)).toEqual([old!.metadata.name]);
    expect(activePods(c, 'default', 'app=agent')).toHaveLength(0);

    await clock.advance(35_000);
    const now = pods(c, 'default', 'app=agent');
    expect(now).toHaveLength(1);
    expect(now[0]!.metadata.name).not.toBe(old!.metadata.name);
    await clock.advance(10_000);
    expect(isReady(pods(c, 'default', 'app=agent')[0]!)).toBe(true);
    expect(getDS('agent').status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, numberAvailable: 1 });
  });

  it('rolls a template change out: new revision, the old pod deleted, a new pod with the new hash', async () => {
    await create(daemonSet('agent'));
    await clock.advance(10_000);
    const [old] = pods(c, 'default', 'app=agent');
    const rec = recordEvents(c);
    await c.client.patch(dsKind, 'default', 'agent', 'strategic', { spec: { template: { spec: { containers: [{ name: 'agent', image: 'nginx:1.27' }] } } } });
    await c.settle();
    const revs = revisions().sort((a, b) => a.revision! - b.revision!);
    expect(revs.map((r) => r.revision)).toEqual([1, 2]);
    const newHash = revs[1]!.metadata.labels!['controller-revision-hash']!;
    expect(rec.all.filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message)).toEqual([`Deleted pod: ${old!.metadata.name}`]);

    await clock.advance(60_000);
    const ps = pods(c, 'default', 'app=agent');
    expect(ps).toHaveLength(1);
    expect(ps[0]!.metadata.labels!['controller-revision-hash']).toBe(newHash);
    expect(ps[0]!.metadata.labels!['pod-template-generation']).toBe('2');
    expect(ps[0]!.spec!.containers[0]!.image).toBe('nginx:1.27');
    expect(isReady(ps[0]!)).toBe(true);
    expect(getDS('agent').status).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 1, numberAvailable: 1, numberReady: 1 });
    rec.stop();
  });

  it('respects nodeSelector and untolerated taints (NoSchedule blocks new pods, NoExecute removes them)', async () => {
    await create(daemonSet('picky', 'nginx', {
      template: { metadata: { labels: { app: 'picky' } }, spec: { nodeSelector: { role: 'edge' }, containers: [{ name: 'agent', image: 'nginx' }] } },
      selector: { matchLabels: { app: 'picky' } },
    }));
    expect(pods(c, 'default', 'app=picky')).toHaveLength(0);
    expect(getDS('picky').status).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0 });

    await c.client.patch(nodeKind, undefined, 'minik9s', 'merge', { metadata: { labels: { role: 'edge' } } });
    await c.settle();
    expect(pods(c, 'default', 'app=picky')).toHaveLength(1);

    // A NoSchedule taint the pod does not tolerate: no new pod, but the running one may stay (only NoExecute evicts).
    await c.client.patch(nodeKind, undefined, 'minik9s', 'merge', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } });
    await c.settle();
    expect(activePods(c, 'default', 'app=picky')).toHaveLength(1);
    expect(getDS('picky').status).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 1 });
    // NoExecute: the daemon pod must go.
    await c.client.patch(nodeKind, undefined, 'minik9s', 'merge', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] } });
    await c.settle();
    expect(activePods(c, 'default', 'app=picky')).toHaveLength(0);
  });

  it('decides eligibility per node for N nodes (NodeShouldRunDaemonPod)', () => {
    const ds = daemonSet('agent', 'nginx') as DaemonSet;
    const node = (name: string, extra: Partial<Node> = {}): Node => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name } }, ...extra });
    const cases: [Node, boolean, boolean][] = [
      [node('plain'), true, true],
      [node('cordoned', { spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } }), true, true],
      [node('not-ready', { spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] } }), true, true],
      // The node lifecycle controller's not-ready:NoSchedule is not among the daemon tolerations: existing pods stay, no new ones.
      [node('not-ready-noschedule', { spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] } }), false, true],
      [node('unreachable', { spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] } }), true, true],
      [node('gpu', { spec: { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] } }), false, true],
      [node('evict', { spec: { taints: [{ key: 'gpu', value: 'true', effect: 'NoExecute' }] } }), false, false],
    ];
    for (const [n, run, keep] of cases) expect([n.metadata!.name, nodeShouldRunDaemonPod(n, ds)]).toEqual([n.metadata!.name, { shouldRun: run, shouldContinueRunning: keep }]);
    const pinned = structuredClone(ds);
    pinned.spec!.template.spec!.affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['b'] }] }] } },
    };
    expect(nodeShouldRunDaemonPod(node('a'), pinned).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(node('b'), pinned).shouldRun).toBe(true);
  });

  it('kube-proxy in kube-system is a DaemonSet with one pod on the node', async () => {
    const ds = getDS('kube-proxy', 'kube-system');
    expect(ds.metadata.labels).toEqual({ 'k8s-app': 'kube-proxy' });
    const spec = ds.spec!.template.spec!;
    expect(spec).toMatchObject({ hostNetwork: true, priorityClassName: 'system-node-critical', tolerations: [{ operator: 'Exists' }] });
    expect(spec.containers[0]!.image).toBe('registry.k8s.io/kube-proxy:v1.35.1');
    const ps = pods(c, 'kube-system', 'k8s-app=kube-proxy');
    expect(ps).toHaveLength(1);
    expect(ps[0]!.metadata.name).toMatch(new RegExp(`^kube-proxy-${SAFE}{5}$`));
    expect(ps[0]!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'kube-proxy', uid: ds.metadata.uid, controller: true });
    expect(ps[0]!.spec!.nodeName).toBe('minik9s');
    await clock.advance(5_000);
    // `kubectl get ds -n kube-system`: DESIRED 1, CURRENT 1, UP-TO-DATE 1 (READY follows the pod's Ready condition).
    const st = getDS('kube-proxy', 'kube-system').status!;
    expect(st).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberMisscheduled: 0 });
    const p = pods(c, 'kube-system', 'k8s-app=kube-proxy')[0] as P;
    expect(st.numberReady).toBe(isReady(p) ? 1 : 0);
  });
});
