import type { ContainerImage, Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isAlreadyExists, isConflict, isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import type { TimerHandle } from '../cluster/clock.js';
import type { ControllerContext } from '../controllers/controller.js';
import type { KubeClient } from '../client/types.js';

const nodeKind = mustKind('v1', 'Node');
const leaseKind = mustKind('coordination.k8s.io/v1', 'Lease');

/** The namespace of node heartbeat leases (corev1.NamespaceNodeLease). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's nodeLeaseDurationSeconds default. */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** The lease is renewed every leaseDuration × 0.25 (NodeLeaseRenewIntervalFraction): 10 s. */
export const NODE_LEASE_RENEW_MS = NODE_LEASE_DURATION_SECONDS * 250;
/** nodeStatusUpdateFrequency: how often the kubelet computes its node status (and checks it against the API). */
export const NODE_STATUS_UPDATE_MS = 10_000;
/** nodeStatusReportFrequency: an unchanged status is still posted this often, refreshing lastHeartbeatTime. */
export const NODE_STATUS_REPORT_MS = 5 * 60_000;

/** A node condition as the kubelet's setters compute it, with the event it records on a transition. */
interface DesiredCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  /** The kubelet's recordNodeStatusEvent reason when the condition moves to this status. */
  event: string;
}

/** The kubelet's view of a healthy simulated node (nodestatus setters: pressure conditions, then Ready). */
const HEALTHY: DesiredCondition[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', event: 'NodeHasSufficientMemory' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', event: 'NodeHasNoDiskPressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', event: 'NodeHasSufficientPID' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady' },
];

/** microTime prints a metav1.MicroTime: RFC 3339 with six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/**
 * NodeHeartbeat is the kubelet's two health signals on one timer: the node Lease in kube-node-lease renewed
 * every 10 s (pkg/kubelet/nodelease, component-helpers lease controller) and the node status, computed every
 * 10 s and posted when it changed or every 5 minutes (nodeStatusReportFrequency), as tryUpdateNodeStatus does.
 * While paused (the node is down) nothing is written, so the node lifecycle controller sees the lease expire.
 */
export class NodeHeartbeat {
  private timer: TimerHandle | undefined;
  private running = false;
  private lastStatusReport = -Infinity;
  private ticks = 0;

  constructor(
    private readonly ctx: Pick<ControllerContext, 'client' | 'clock' | 'activity' | 'log'>,
    private readonly nodeName: string,
    /** Records a node event from the kubelet (reason; the message is `Node <name> status is now: <reason>`). */
    private readonly recordNodeStatus: (reason: string) => void,
    /** The images on the node, for status.images (posted when the list changes). */
    private readonly images?: () => ContainerImage[],
  ) {}

  /** start renews the lease and checks the status now, then every 10 s. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    // The node was just registered with a fresh status: that counts as a report.
    if (this.ticks === 0) this.lastStatusReport = this.ctx.clock.now();
    await this.beat();
  }

  /** stop cancels the timer: no more renewals or status reports. */
  stop(): void {
    this.running = false;
    if (this.timer) this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = this.ctx.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.running) return;
      void this.ctx.activity.track(this.beat());
    }, NODE_LEASE_RENEW_MS, `node ${this.nodeName} renews its lease`);
  }

  private async beat(): Promise<void> {
    this.ticks++;
    try {
      await this.renewLease();
      await this.syncNodeStatus();
    } catch (err) {
      this.ctx.log?.(`kubelet ${this.nodeName}: heartbeat: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (!this.timer) this.schedule();
    }
  }

  /** renewLease creates the node's Lease or moves its renewTime to now (with the owner reference to the Node). */
  private async renewLease(): Promise<void> {
    const { client, clock } = this.ctx;
    const renewTime = microTime(clock.now());
    for (let attempt = 0; attempt < 5; attempt++) {
      let cur: KubeObject | undefined;
      try {
        cur = await client.get(leaseKind, NODE_LEASE_NAMESPACE, this.nodeName);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      const ownerReferences = cur?.metadata.ownerReferences?.length ? cur.metadata.ownerReferences : await this.nodeOwner(client);
      try {
        if (!cur) {
          await client.create(leaseKind, NODE_LEASE_NAMESPACE, {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name: this.nodeName, namespace: NODE_LEASE_NAMESPACE, ...(ownerReferences ? { ownerReferences } : {}) },
            spec: { holderIdentity: this.nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime },
          });
        } else {
          const spec: Record<string, unknown> = { ...(cur.spec as Record<string, unknown>), renewTime };
          if (spec.holderIdentity !== this.nodeName) {
            spec.holderIdentity = this.nodeName;
            spec.leaseDurationSeconds = NODE_LEASE_DURATION_SECONDS;
          }
          await client.update(leaseKind, NODE_LEASE_NAMESPACE, {
            ...cur,
            metadata: { ...cur.metadata, ...(ownerReferences ? { ownerReferences } : {}) },
            spec,
          } as KubeObject);
        }
        return;
      } catch (err) {
        if (!isConflict(err) && !isAlreadyExists(err)) throw err;
      }
    }
  }

  private async nodeOwner(client: KubeClient) {
    try {
      const node = await client.get(nodeKind, undefined, this.nodeName);
      return [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: node.metadata.uid ?? '' }];
    } catch {
      return undefined; // set on a later renewal, as setNodeOwnerFunc does
    }
  }

  /**
   * syncNodeStatus applies the condition setters to the Node as stored; it posts the result when a condition
   * changed (the controller set it Unknown, say) or the last report is 5 minutes old, and records an event for
   * each transition (NodeHasSufficientMemory, ..., NodeReady).
   */
  private async syncNodeStatus(): Promise<void> {
    const { client, clock } = this.ctx;
    for (let attempt = 0; attempt < 5; attempt++) {
      const node = (await client.get(nodeKind, undefined, this.nodeName)) as Node & KubeObject;
      const now = formatTime(clock.now());
      const conditions: NodeCondition[] = [...(node.status?.conditions ?? [])];
      const transitions: string[] = [];
      for (const want of HEALTHY) {
        const i = conditions.findIndex((c) => c.type === want.type);
        const prev = i >= 0 ? conditions[i] : undefined;
        const changed = prev?.status !== want.status;
        const next: NodeCondition = {
          type: want.type,
          status: want.status,
          lastHeartbeatTime: now,
          lastTransitionTime: changed ? now : (prev?.lastTransitionTime ?? now),
          reason: want.reason,
          message: want.message,
        };
        if (changed || prev?.reason !== want.reason || prev?.message !== want.message) transitions.push(changed ? want.event : '');
        if (i >= 0) conditions[i] = next;
        else conditions.push(next);
      }
      const due = clock.now() - this.lastStatusReport >= NODE_STATUS_REPORT_MS;
      const images = this.images?.() ?? node.status?.images ?? [];
      const imagesChanged = JSON.stringify(images) !== JSON.stringify(node.status?.images ?? []);
      if (!transitions.length && !due && !imagesChanged) return;
      try {
        await client.update(nodeKind, undefined, { ...node, status: { ...node.status, conditions, images } } as KubeObject, { subresource: 'status' });
      } catch (err) {
        if (isConflict(err)) continue;
        throw err;
      }
      this.lastStatusReport = clock.now();
      for (const reason of transitions) if (reason) this.recordNodeStatus(reason);
      return;
    }
  }
}

/** writeGate wraps a client so that, while `up()` is false, every write fails as it would from a cut-off node. */
export function writeGate(client: KubeClient, up: () => boolean): KubeClient {
  const down = () => Promise.reject(new Error('node is down: the API server is unreachable'));
  return {
    get: (...a) => client.get(...a),
    list: (...a) => client.list(...a),
    watch: (...a) => client.watch(...a),
    create: (...a) => (up() ? client.create(...a) : down()),
    update: (...a) => (up() ? client.update(...a) : down()),
    patch: (...a) => (up() ? client.patch(...a) : down()),
    delete: (...a) => (up() ? client.delete(...a) : down()),
  } as KubeClient;
}
