import type { Node, NodeCondition, NodeStatus, Pod, PodCondition, Taint } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isConflict, isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import type { TimerHandle } from '../cluster/clock.js';
import { Controller, type ControllerContext, indexed, NODE_INDEX } from './controller.js';
import { TaintEvictionController } from './taint-eviction.js';
import { PodGCController } from './pod-gc.js';
import { cloneJSON } from '../api/clone.js';

type P = Pod & KubeObject;
type N = Node & KubeObject;
type L = Lease & KubeObject;

const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');
const leaseKind = mustKind('coordination.k8s.io/v1', 'Lease');

/** kube-controller-manager defaults (pkg/controller/nodelifecycle/config/v1alpha1, cmd/kube-controller-manager). */
export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
const EVICTION_QPS = 0.1;
const SECONDARY_EVICTION_QPS = 0.01;
const LARGE_CLUSTER_THRESHOLD = 50;
const UNHEALTHY_ZONE_THRESHOLD = 0.55;
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

/** Which condition status maps to which NoSchedule taint (nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONDITION_TAINT_KEYS = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), 'node.kubernetes.io/unschedulable']);

type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

interface NodeHealth {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  status: NodeStatus;
  leaseRenewTime?: string;
}

/** A token bucket on the cluster clock (flowcontrol.NewTokenBucketRateLimiter, burst 1); qps 0 never admits. */
class RateLimiter {
  private tokens = 1;
  private last: number;
  constructor(
    public qps: number,
    now: number,
  ) {
    this.last = now;
  }
  swap(qps: number, now: number): void {
    if (qps === this.qps) return;
    this.qps = qps;
    this.tokens = qps > 0 ? 1 : 0;
    this.last = now;
  }
  tryAccept(now: number): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(1, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** When the next token is there, in ms from now (Infinity if never). */
  wait(now: number): number {
    if (this.qps <= 0) return Infinity;
    const tokens = Math.min(1, this.tokens + ((now - this.last) / 1000) * this.qps);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.qps) * 1000);
  }
}

/** The NoExecute tainter of one zone: a set of nodes to taint, admitted by the zone's rate limiter. */
interface ZoneTainter {
  /** Nodes in the queue, waiting to be tainted. */
  queue: string[];
  /** Every node added and not removed (processed nodes stay, so they are not tainted twice: RateLimitedTimedQueue). */
  set: Set<string>;
  limiter: RateLimiter;
}

/** zoneKey is topology.GetZoneKey: region and zone labels, or "" for a node without them. */
export function zoneKey(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

const readyOf = (s: NodeStatus | undefined) => s?.conditions?.find((c) => c.type === 'Ready');
const sameCondition = (a: NodeCondition | undefined, b: NodeCondition | undefined) =>
  !!a && !!b && (['type', 'status', 'reason', 'message', 'lastHeartbeatTime', 'lastTransitionTime'] as const).every((f) => a[f] === b[f]);
const taintMatches = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/**
 * NodeLifecycleController is kube-controller-manager's node-controller (pkg/controller/nodelifecycle): it watches
 * each node's heartbeats (the Lease in kube-node-lease and the Ready condition's lastHeartbeatTime); a node silent
 * for node-monitor-grace-period (50 s) gets Ready, MemoryPressure, DiskPressure and PIDPressure set Unknown
 * (`NodeStatusUnknown`, "Kubelet stopped posting node status."), its pods marked not Ready, and the taints
 * node.kubernetes.io/unreachable NoSchedule and (rate limited per zone) NoExecute, which the taint eviction
 * controller acts on. When every node of every zone is down (a single-node cluster), it enters master disruption
 * mode and taints nothing NoExecute, so nothing is evicted, as upstream. It also runs the taint eviction controller
 * and the pod garbage collector, which kube-controller-manager runs beside it.
 *
 * The upstream controller polls every node-monitor-period (5 s); this one is driven by node and lease events and
 * keeps one timer, for the earliest node deadline, rounded up to the 5 s monitor period.
 */
export class NodeLifecycleController extends Controller {
  private readonly nodes;
  private readonly leases;
  private readonly pods;
  private readonly taintEviction: TaintEvictionController;
  private readonly podGC: PodGCController;
  private readonly known = new Map<string, N>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, ZoneTainter>();
  private readonly origin: number;
  private deadline: { at: number; timer: TimerHandle } | undefined;
  private taintRetry: { at: number; timer: TimerHandle } | undefined;

  constructor(ctx: ControllerContext) {
    super(ctx, 'node-controller');
    this.origin = ctx.clock.now();
    this.nodes = ctx.informers.for<N>(nodeKind);
    this.leases = ctx.informers.for<L>(leaseKind);
    this.pods = indexed(ctx.informers.for<P>(podKind));
    this.taintEviction = new TaintEvictionController(ctx);
    this.podGC = new PodGCController(ctx);
    this.nodes.on({
      add: (n) => {
        this.enqueue('monitor');
        this.enqueue(`noschedule:${n.metadata.name}`);
      },
      update: (n) => {
        this.enqueue('monitor');
        this.enqueue(`noschedule:${n.metadata.name}`);
      },
      delete: () => this.enqueue('monitor'),
    });
    const onLease = (l: L) => l.metadata.namespace === NODE_LEASE_NAMESPACE && this.enqueue('monitor');
    this.leases.on({ add: onLease, update: onLease });
    this.pods.on({
      add: (p) => p.spec?.nodeName && this.enqueue(`pod:${objectKey(p)}`),
      update: (p, old) => p.spec?.nodeName && p.spec.nodeName !== old.spec?.nodeName && this.enqueue(`pod:${objectKey(p)}`),
    });
  }

  override stop(): void {
    super.stop();
    this.taintEviction.stop();
    this.podGC.stop();
    if (this.deadline) this.ctx.clock.clearTimeout(this.deadline.timer);
    if (this.taintRetry) this.ctx.clock.clearTimeout(this.taintRetry.timer);
    this.deadline = this.taintRetry = undefined;
  }

  async reconcile(key: string): Promise<void> {
    if (key === 'monitor') await this.monitorNodeHealth();
    else if (key === 'taint') await this.doNoExecuteTaintingPass();
    else if (key.startsWith('noschedule:')) await this.doNoScheduleTaintingPass(key.slice(11));
    else if (key.startsWith('pod:')) await this.processPod(key.slice(4));
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  /** nextTick is the first monitor pass strictly after t (passes every node-monitor-period since start). */
  private nextTick(t: number): number {
    return this.origin + (Math.floor((t - this.origin) / NODE_MONITOR_PERIOD_MS) + 1) * NODE_MONITOR_PERIOD_MS;
  }

  // ---- monitorNodeHealth ------------------------------------------------------------------------------------

  private async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodes.list();
    const names = new Set(nodes.map((n) => n.metadata.name!));
    for (const node of nodes) {
      const name = node.metadata.name!;
      if (!this.zoneStates.has(zoneKey(node))) this.addZone(zoneKey(node));
      if (this.known.has(name)) continue;
      this.nodeEvent(node, 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
      this.known.set(name, node);
      await this.markNodeAsReachable(node);
    }
    for (const [name, node] of this.known) {
      if (names.has(name)) continue;
      this.nodeEvent(node, 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
      this.known.delete(name);
      this.health.delete(name);
      for (const t of this.tainters.values()) this.removeFromTainter(t, name);
    }

    const zoneConditions = new Map<string, (NodeCondition | undefined)[]>();
    for (const informerNode of nodes) {
      let node: N = informerNode;
      let result: { observed: NodeCondition; current: NodeCondition | undefined } | undefined;
      for (let attempt = 0; attempt < 5 && !result; attempt++) {
        try {
          result = await this.tryUpdateNodeHealth(node);
        } catch (err) {
          if (!isConflict(err)) throw err;
          try {
            node = (await this.ctx.client.get(nodeKind, undefined, node.metadata.name!)) as N;
          } catch (e) {
            if (isNotFound(e)) break;
            throw e;
          }
        }
      }
      if (!result) continue;
      const { observed, current } = result;
      if (!node.metadata.labels?.['node.kubernetes.io/exclude-disruption']) {
        const z = zoneKey(node);
        zoneConditions.set(z, [...(zoneConditions.get(z) ?? []), current]);
      }
      if (!current) continue;
      await this.processTaintBaseEviction(node, observed);
      if (current.status !== 'True' && observed.status === 'True') {
        this.nodeEvent(node, 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
        await this.markPodsNotReady(this.podsOn(node.metadata.name!));
      }
    }
    await this.handleDisruption(zoneConditions, nodes);
    await this.doNoExecuteTaintingPass();
    this.scheduleDeadline();
  }

  /**
   * tryUpdateNodeHealth is upstream's: a new lease renewTime or Ready lastHeartbeatTime moves the probe timestamp
   * to now; past the grace period the kubelet's conditions become Unknown. Returns the Ready condition as
   * observed and as it is now.
   */
  private async tryUpdateNodeHealth(node: N): Promise<{ observed: NodeCondition; current: NodeCondition | undefined }> {
    const name = node.metadata.name!;
    const now = this.now();
    const created = Date.parse(node.metadata.creationTimestamp ?? '') || now;
    let health = this.health.get(name);
    let current = readyOf(node.status);
    let observed: NodeCondition;
    let grace: number;
    if (!current) {
      observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: node.metadata.creationTimestamp };
      grace = NODE_STARTUP_GRACE_PERIOD_MS;
      if (health) health.status = node.status ?? {};
      else health = { status: node.status ?? {}, probeTimestamp: created, readyTransitionTimestamp: created };
    } else {
      observed = { ...current };
      grace = NODE_MONITOR_GRACE_PERIOD_MS;
    }
    const saved = health ? readyOf(health.status) : undefined;
    const savedLease = health?.leaseRenewTime;
    if (!health) {
      health = { status: node.status ?? {}, probeTimestamp: now, readyTransitionTimestamp: now };
    } else if (!saved && current) {
      health = { status: node.status ?? {}, probeTimestamp: now, readyTransitionTimestamp: now };
    } else if (saved && current && saved.lastHeartbeatTime !== current.lastHeartbeatTime) {
      const transition = saved.lastTransitionTime !== current.lastTransitionTime ? now : health.readyTransitionTimestamp;
      health = { status: node.status ?? {}, probeTimestamp: now, readyTransitionTimestamp: transition, leaseRenewTime: savedLease };
    }
    // Always update the probe time when the node lease is renewed.
    const lease = this.leases.get(`${NODE_LEASE_NAMESPACE}/${name}`);
    const renew = lease?.spec?.renewTime;
    if (renew && (!savedLease || Date.parse(savedLease) < Date.parse(renew))) {
      health.leaseRenewTime = renew;
      health.probeTimestamp = now;
    }
    this.health.set(name, health);

    if (now > health.probeTimestamp + grace) {
      const stamp = formatTime(now);
      const status: NodeStatus = cloneJSON(node.status ?? {});
      const conditions = (status.conditions ??= []);
      for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
        const c = conditions.find((x) => x.type === type);
        if (!c) {
          conditions.push({
            type,
            status: 'Unknown',
            reason: 'NodeStatusNeverUpdated',
            message: 'Kubelet never posted node status.',
            lastHeartbeatTime: node.metadata.creationTimestamp,
            lastTransitionTime: stamp,
          });
        } else if (c.status !== 'Unknown') {
          c.status = 'Unknown';
          c.reason = 'NodeStatusUnknown';
          c.message = 'Kubelet stopped posting node status.';
          c.lastTransitionTime = stamp;
        }
      }
      current = readyOf(status);
      if (!sameCondition(current, observed)) {
        await this.ctx.client.update(nodeKind, undefined, { ...node, status } as KubeObject, { subresource: 'status' });
        this.health.set(name, { status, probeTimestamp: health.probeTimestamp, readyTransitionTimestamp: now, leaseRenewTime: renew ?? health.leaseRenewTime });
      }
    }
    return { observed, current };
  }

  /** scheduleDeadline keeps one timer: the first monitor pass at which some node's grace period will be over. */
  private scheduleDeadline(): void {
    let at = Infinity;
    for (const node of this.nodes.list()) {
      const h = this.health.get(node.metadata.name!);
      if (!h) continue;
      const ready = readyOf(node.status);
      if (ready?.status === 'Unknown') continue;
      const grace = ready ? NODE_MONITOR_GRACE_PERIOD_MS : NODE_STARTUP_GRACE_PERIOD_MS;
      at = Math.min(at, this.nextTick(h.probeTimestamp + grace));
    }
    if (this.deadline?.at === at) return;
    if (this.deadline) this.ctx.clock.clearTimeout(this.deadline.timer);
    this.deadline = undefined;
    if (at === Infinity) return;
    const timer = this.ctx.clock.setTimeout(() => {
      this.deadline = undefined;
      this.enqueue('monitor');
    }, Math.max(0, at - this.now()), 'node-controller checks node heartbeats');
    this.deadline = { at, timer };
  }

  private async processTaintBaseEviction(node: N, observed: NodeCondition): Promise<void> {
    const taints = node.spec?.taints ?? [];
    const has = (t: Taint) => taints.some((x) => taintMatches(x, t));
    if (observed.status === 'False') {
      if (has(UNREACHABLE_NO_EXECUTE)) await this.swapTaints(node.metadata.name!, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
      else this.markNodeForTainting(node, 'False');
    } else if (observed.status === 'Unknown') {
      if (has(NOT_READY_NO_EXECUTE)) await this.swapTaints(node.metadata.name!, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
      else this.markNodeForTainting(node, 'Unknown');
    } else if (observed.status === 'True') {
      await this.markNodeAsReachable(node);
    }
  }

  private addZone(zone: string): void {
    this.zoneStates.set(zone, 'Initial');
    this.tainters.set(zone, { queue: [], set: new Set(), limiter: new RateLimiter(EVICTION_QPS, this.now()) });
  }

  private tainter(node: Node): ZoneTainter {
    const z = zoneKey(node);
    if (!this.tainters.has(z)) this.addZone(z);
    return this.tainters.get(z)!;
  }

  private removeFromTainter(t: ZoneTainter, name: string): boolean {
    t.queue = t.queue.filter((n) => n !== name);
    return t.set.delete(name);
  }

  private markNodeForTainting(node: N, status: 'False' | 'Unknown'): void {
    const t = this.tainter(node);
    const name = node.metadata.name!;
    const taint = status === 'False' ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE;
    if (!(node.spec?.taints ?? []).some((x) => taintMatches(x, taint))) this.removeFromTainter(t, name);
    if (t.set.has(name)) return;
    t.set.add(name);
    t.queue.push(name);
  }

  private async markNodeAsReachable(node: N): Promise<void> {
    await this.swapTaints(node.metadata.name!, [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE]);
    this.removeFromTainter(this.tainter(node), node.metadata.name!);
  }

  /** doNoExecuteTaintingPass taints the queued nodes NoExecute as each zone's rate limiter admits them. */
  private async doNoExecuteTaintingPass(): Promise<void> {
    let wait = Infinity;
    for (const t of this.tainters.values()) {
      while (t.queue.length) {
        const now = this.now();
        if (!t.limiter.tryAccept(now)) {
          wait = Math.min(wait, t.limiter.wait(now));
          break;
        }
        const name = t.queue.shift()!;
        const node = this.nodes.get(name);
        const ready = readyOf(node?.status);
        if (!node || !ready) continue;
        if (ready.status === 'False') await this.swapTaints(name, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
        else if (ready.status === 'Unknown') await this.swapTaints(name, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
      }
    }
    if (this.taintRetry && this.taintRetry.at <= this.now() + wait) return;
    if (this.taintRetry) this.ctx.clock.clearTimeout(this.taintRetry.timer);
    this.taintRetry = undefined;
    if (wait === Infinity) return;
    const timer = this.ctx.clock.setTimeout(() => {
      this.taintRetry = undefined;
      this.enqueue('taint');
    }, Math.max(1, wait), 'node-controller taints unreachable nodes');
    this.taintRetry = { at: this.now() + wait, timer };
  }

  /** doNoScheduleTaintingPass keeps the NoSchedule taints in step with the node's conditions and spec.unschedulable. */
  private async doNoScheduleTaintingPass(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node) return;
    const want: Taint[] = [];
    for (const c of node.status?.conditions ?? []) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) want.push({ key, effect: 'NoSchedule' });
    }
    if (node.spec?.unschedulable) want.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
    const have = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && CONDITION_TAINT_KEYS.has(t.key));
    const add = want.filter((w) => !have.some((h) => taintMatches(h, w)));
    const del = have.filter((h) => !want.some((w) => taintMatches(h, w)));
    if (add.length || del.length) await this.swapTaints(name, add, del);
  }

  /** swapTaints is SwapNodeControllerTaint: add taints (stamped timeAdded) and remove others, in one update. */
  private async swapTaints(name: string, add: Taint[], remove: Taint[]): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      let node: N;
      try {
        node = (await this.ctx.client.get(nodeKind, undefined, name)) as N;
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      const old = node.spec?.taints ?? [];
      let taints = old.filter((t) => !remove.some((r) => taintMatches(t, r)));
      const toAdd = add.filter((a) => !taints.some((t) => taintMatches(t, a)));
      if (taints.length === old.length && !toAdd.length) return;
      const timeAdded = formatTime(this.now());
      taints = [...taints, ...toAdd.map((t) => ({ ...t, timeAdded }))];
      const spec = { ...node.spec, taints };
      if (!taints.length) delete (spec as { taints?: Taint[] }).taints;
      try {
        await this.ctx.client.update(nodeKind, undefined, { ...node, spec } as KubeObject);
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
      }
    }
  }

  /** handleDisruption computes each zone's state and sets its eviction rate; all zones down stops evictions. */
  private async handleDisruption(zoneConditions: Map<string, (NodeCondition | undefined)[]>, nodes: N[]): Promise<void> {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conds] of zoneConditions) {
      const ready = conds.filter((c) => c?.status === 'True').length;
      const notReady = conds.length - ready;
      const state: ZoneState =
        ready === 0 && notReady > 0
          ? 'FullDisruption'
          : notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD
            ? 'PartialDisruption'
            : 'Normal';
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.addZone(zone);
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    const now = this.now();
    if (allAreFullyDisrupted) {
      // Master disruption mode: every node is down, most likely the control plane's own network: evict nothing.
      for (const n of nodes) await this.markNodeAsReachable(n);
      for (const zone of this.zoneStates.keys()) {
        this.tainters.get(zone)?.limiter.swap(0, now);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      for (const n of nodes) {
        const h = this.health.get(n.metadata.name!);
        if (h) {
          h.probeTimestamp = now;
          h.readyTransitionTimestamp = now;
        }
      }
      for (const zone of this.zoneStates.keys()) {
        const state = newStates.get(zone) ?? 'Normal';
        this.setLimiter(zone, zoneConditions.get(zone)?.length ?? 0, state);
        this.zoneStates.set(zone, state);
      }
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone);
      if (!next || next === state) continue;
      this.setLimiter(zone, zoneConditions.get(zone)?.length ?? 0, next);
      this.zoneStates.set(zone, next);
    }
  }

  private setLimiter(zone: string, size: number, state: ZoneState): void {
    const t = this.tainters.get(zone);
    if (!t) return;
    const qps =
      state === 'PartialDisruption' ? (size > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_QPS : 0) : EVICTION_QPS;
    t.limiter.swap(qps, this.now());
  }

  // ---- pods ------------------------------------------------------------------------------------------------

  private podsOn(nodeName: string): P[] {
    return this.pods.byIndex(NODE_INDEX, nodeName);
  }

  /** processPod marks a pod bound to a node that is not Ready as not Ready itself. */
  private async processPod(key: string): Promise<void> {
    const pod = this.pods.get(key);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const h = this.health.get(nodeName);
    const ready = readyOf(h?.status);
    if (!h || !ready || !this.nodes.get(nodeName)) return;
    if (ready.status !== 'True') await this.markPodsNotReady([pod]);
  }

  /** markPodsNotReady is MarkPodsNotReady: Ready=False on each pod, and a `NodeNotReady` warning about it. */
  private async markPodsNotReady(pods: P[]): Promise<void> {
    for (let pod of pods) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const conditions = pod.status?.conditions ?? [];
        const i = conditions.findIndex((c) => c.type === 'Ready');
        const ready = conditions[i];
        if (!ready || ready.status === 'False') break;
        const next: PodCondition[] = [...conditions];
        next[i] = { ...ready, status: 'False', lastTransitionTime: formatTime(this.now()) };
        try {
          await this.ctx.client.update(podKind, pod.metadata.namespace, { ...pod, status: { ...pod.status, conditions: next } } as KubeObject, { subresource: 'status' });
          this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
          break;
        } catch (err) {
          if (isNotFound(err)) break;
          if (!isConflict(err)) throw err;
          try {
            pod = (await this.ctx.client.get(podKind, pod.metadata.namespace, pod.metadata.name!)) as P;
          } catch (e) {
            if (isNotFound(e)) break;
            throw e;
          }
        }
      }
    }
  }

  private nodeEvent(node: N, reason: string, message: string): void {
    this.recorder.record({ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid, namespace: '' }, 'Normal', reason, message);
  }
}
