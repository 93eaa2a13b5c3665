import type { Node, NodeStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isConflict, isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext, indexed, NODE_INDEX } from './controller.js';

type P = Pod & KubeObject;
type N = Node & KubeObject;

const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');

const readyOf = (s: NodeStatus | undefined) => s?.conditions?.find((c) => c.type === 'Ready');

/** The pod GC's defaults: --terminated-pod-gc-threshold and its quarantine for nodes missing from the informer. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
const GC_CHECK_PERIOD_MS = 20_000;
const QUARANTINE_MS = 40_000;

/**
 * PodGCController is kube-controller-manager's pod garbage collector (pkg/controller/podgc): it force-deletes pods
 * bound to a node that no longer exists (after a 40 s quarantine; condition DisruptionTarget `DeletionByPodGC`),
 * terminated pods beyond --terminated-pod-gc-threshold (12500, oldest first), terminating pods on a not-Ready
 * node tainted node.kubernetes.io/out-of-service, and terminating pods never scheduled; each is set Failed first
 * if it had not finished. Upstream runs every 20 s; this one works from pod and node events.
 */
export class PodGCController extends Controller {
  private readonly pods;
  private readonly nodes;
  private readonly origin: number;
  /** Nodes pods are bound to but the informer does not have, with the time the quarantine ends. */
  private readonly missing = new Map<string, number>();
  private readonly terminated = new Set<string>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'pod-garbage-collector');
    this.origin = ctx.clock.now();
    this.pods = indexed(ctx.informers.for<P>(podKind));
    this.nodes = ctx.informers.for<N>(nodeKind);
    const onPod = (p: P) => {
      const key = objectKey(p);
      const phase = p.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        this.terminated.add(key);
        if (this.terminated.size > TERMINATED_POD_GC_THRESHOLD) this.enqueue('terminated');
      } else this.terminated.delete(key);
      const nodeName = p.spec?.nodeName;
      if (nodeName && this.nodes.hasSynced && !this.nodes.get(nodeName)) this.quarantine(nodeName);
      if (p.metadata.deletionTimestamp) this.enqueue(nodeName ? `terminating:${nodeName}` : 'unscheduled');
    };
    this.pods.on({ add: onPod, update: onPod, delete: (p) => this.terminated.delete(objectKey(p)) });
    this.nodes.on({
      add: (n) => this.missing.delete(n.metadata.name!),
      update: (n) => this.enqueue(`terminating:${n.metadata.name}`),
      delete: (n) => {
        if (this.pods.byIndex(NODE_INDEX, n.metadata.name!).length) this.quarantine(n.metadata.name!);
      },
    });
  }

  /** quarantine notes a missing node at the next GC pass; its pods go at the first pass 40 s after that. */
  private quarantine(nodeName: string): void {
    if (this.missing.has(nodeName)) return;
    const now = this.ctx.clock.now();
    const pass = this.origin + Math.ceil((now - this.origin) / GC_CHECK_PERIOD_MS) * GC_CHECK_PERIOD_MS;
    const due = pass + QUARANTINE_MS;
    this.missing.set(nodeName, due);
    this.queue.addAfter(`orphaned:${nodeName}`, due - now);
  }

  async reconcile(key: string): Promise<void> {
    if (key === 'terminated') await this.gcTerminated();
    else if (key === 'unscheduled') await this.gcUnscheduledTerminating();
    else if (key.startsWith('terminating:')) await this.gcTerminating(key.slice(12));
    else if (key.startsWith('orphaned:')) await this.gcOrphaned(key.slice(9));
  }

  private async gcOrphaned(nodeName: string): Promise<void> {
    const due = this.missing.get(nodeName);
    if (due === undefined || this.nodes.get(nodeName)) return;
    try {
      await this.ctx.client.get(nodeKind, undefined, nodeName);
      this.missing.delete(nodeName);
      return; // it exists after all
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    this.missing.delete(nodeName);
    for (const pod of this.pods.list()) {
      if (pod.spec?.nodeName !== nodeName) continue;
      await this.markFailedAndDelete(pod, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      });
    }
  }

  private async gcTerminating(nodeName: string): Promise<void> {
    const node = this.nodes.get(nodeName);
    if (!node) return;
    const ready = readyOf(node.status)?.status === 'True';
    if (ready || !(node.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/out-of-service')) return;
    for (const pod of this.pods.byIndex(NODE_INDEX, nodeName)) if (pod.metadata.deletionTimestamp) await this.markFailedAndDelete(pod);
  }

  private async gcUnscheduledTerminating(): Promise<void> {
    for (const pod of this.pods.list()) if (pod.metadata.deletionTimestamp && !pod.spec?.nodeName) await this.markFailedAndDelete(pod);
  }

  private async gcTerminated(): Promise<void> {
    const excess = this.terminated.size - TERMINATED_POD_GC_THRESHOLD;
    if (excess <= 0) return;
    const evicted = (p: P) => p.status?.phase === 'Failed' && p.status.reason === 'Evicted';
    const pods = [...this.terminated].map((k) => this.pods.get(k)).filter((p): p is P => !!p);
    pods.sort(
      (a, b) =>
        Number(evicted(b)) - Number(evicted(a)) ||
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        a.metadata.name!.localeCompare(b.metadata.name!),
    );
    for (const pod of pods.slice(0, excess)) await this.markFailedAndDelete(pod);
  }

  /** markFailedAndDelete sets an unfinished pod Failed (with the condition, if any), then deletes it at once. */
  private async markFailedAndDelete(pod: P, condition?: PodCondition): Promise<void> {
    try {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        const conditions = [...(pod.status?.conditions ?? [])];
        if (condition) {
          const c = { ...condition, lastTransitionTime: formatTime(this.ctx.clock.now()) } as PodCondition;
          const i = conditions.findIndex((x) => x.type === c.type);
          if (i >= 0) conditions[i] = c;
          else conditions.push(c);
        }
        await this.ctx.client.update(
          podKind,
          pod.metadata.namespace,
          { ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status: { ...pod.status, phase: 'Failed', conditions } } as KubeObject,
          { subresource: 'status' },
        );
      }
      await this.ctx.client.delete(podKind, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }
}
