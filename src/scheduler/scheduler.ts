import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { podFitsNode, tolerates } from './node-fit.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isNotFound, isConflict } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext } from '../controllers/controller.js';

type P = Pod & KubeObject;
type N = Node & KubeObject;

const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');


/** Why a node cannot take a pod, in the words of the scheduler's FailedScheduling message. */
type Reason = string;

/**
 * Scheduler binds each pending pod to a node: it filters out nodes that are not Ready, cordoned, full, tainted
 * against the pod or outside its nodeSelector, scores the rest by how few pods they run, and posts a Binding.
 * A pod that fits nowhere gets PodScheduled=False and a FailedScheduling event, and is retried when nodes change.
 */
export class Scheduler extends Controller {
  private readonly pods;
  private readonly nodes;

  constructor(ctx: ControllerContext) {
    super(ctx, 'default-scheduler');
    this.pods = ctx.informers.for<P>(podKind);
    this.nodes = ctx.informers.for<N>(nodeKind);
    const onPod = (p: P) => {
      if (this.wantsScheduling(p)) this.enqueue(objectKey(p));
    };
    this.pods.on({ add: onPod, update: onPod });
    const retryAll = () => {
      for (const p of this.pods.list()) onPod(p);
    };
    const changed = (n: N, old: N) =>
      JSON.stringify([n.metadata.labels, n.spec, n.status?.conditions, n.status?.allocatable]) !==
      JSON.stringify([old.metadata.labels, old.spec, old.status?.conditions, old.status?.allocatable]);
    this.nodes.on({ add: retryAll, update: (n, old) => changed(n, old) && retryAll() });
  }

  protected override makeRecorder() {
    return super.makeRecorder({ component: 'default-scheduler', host: this.ctx.nodeName, eventsApi: { action: 'Binding' } });
  }

  private wantsScheduling(p: P): boolean {
    return !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler';
  }

  async reconcile(key: string): Promise<void> {
    const pod = this.pods.get(key);
    if (!pod || !this.wantsScheduling(pod)) return;
    const nodes = this.nodes.list();
    const counts = new Map<string, number>();
    for (const p of this.pods.list()) {
      const n = p.spec?.nodeName;
      if (n && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const reasons = new Map<Reason, number>();
    const feasible: N[] = [];
    for (const n of nodes) {
      const why = this.filter(pod, n, counts.get(n.metadata.name!) ?? 0);
      if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
      else feasible.push(n);
    }
    if (!feasible.length) {
      await this.unschedulable(pod, nodes.length, reasons);
      return;
    }
    feasible.sort((a, b) => (counts.get(a.metadata.name!) ?? 0) - (counts.get(b.metadata.name!) ?? 0) || (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const node = feasible[0]!;
    try {
      await this.ctx.client.create(podKind, pod.metadata.namespace, {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: node.metadata.name },
      } as KubeObject, { subresource: 'binding', name: pod.metadata.name });
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return;
      throw err;
    }
    this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`);
  }

  private filter(pod: P, node: N, podCount: number): Reason | undefined {
    const tolerations = pod.spec?.tolerations ?? [];
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    // A node that is not Ready counts as tainted not-ready:NoSchedule (the node lifecycle controller's taint).
    if (ready?.status !== 'True' && !tolerates(tolerations, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }))
      return 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }';
    if (node.spec?.unschedulable && !tolerates(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))
      return 'node(s) were unschedulable';
    if (!podFitsNode(pod.spec, node)) return "node(s) didn't match Pod's node affinity/selector";
    for (const t of node.spec?.taints ?? []) {
      if (t.effect === 'PreferNoSchedule') continue;
      if (!tolerates(tolerations, t)) return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
    }
    const max = Number(node.status?.allocatable?.pods ?? node.status?.capacity?.pods ?? 110);
    if (podCount >= max) return 'Too many pods';
    return undefined;
  }

  private async unschedulable(pod: P, total: number, reasons: Map<Reason, number>): Promise<void> {
    const parts = [...reasons.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([r, n]) => `${n} ${r}`);
    const msg =
      total === 0
        ? 'no nodes available to schedule pods'
        : `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
    const conds = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    const prev = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (prev?.status === 'False' && prev.message === msg) return;
    conds.push({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastProbeTime: null as never, lastTransitionTime: formatTime(this.ctx.clock.now()) });
    try {
      await this.ctx.client.update(podKind, pod.metadata.namespace, { ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status: { ...pod.status, conditions: conds } } as KubeObject, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    this.recorder.event(pod, 'Warning', 'FailedScheduling', msg);
  }
}
