import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { podFitsNode, termMatches, tolerates } from './node-fit.js';
import { podRequests, nodeAllocatable, type Resources } from './resources.js';
import { affinityInfo, termMatchesPod, topologyPair, type PodAffinityInfo } from './affinity.js';
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

/** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried after this long even if nothing changed. */
export const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;

/** The filter reasons, word for word as the upstream plugins report them. */
export const Reasons = {
  unschedulable: 'node(s) were unschedulable',
  nodeAffinity: "node(s) didn't match Pod's node affinity/selector",
  tooManyPods: 'Too many pods',
  cpu: 'Insufficient cpu',
  memory: 'Insufficient memory',
  affinity: "node(s) didn't match pod affinity rules",
  antiAffinity: "node(s) didn't match pod anti-affinity rules",
  existingAntiAffinity: "node(s) didn't satisfy existing pods anti-affinity rules",
  noVictims: 'No preemption victims found for incoming pod',
  notHelpful: 'Preemption is not helpful for scheduling',
  preemptNever: 'not eligible due to preemptionPolicy=Never.',
} as const;

/** untoleratedTaint is the TaintToleration filter's reason. */
export const untoleratedTaint = (key: string, value: string | undefined) => `node(s) had untolerated taint {${key}: ${value ?? ''}}`;

/**
 * Status is one node's filter verdict. Unschedulable ('U') may be cured by preempting pods;
 * UnschedulableAndUnresolvable ('UU') may not.
 */
interface Status {
  code: 'U' | 'UU';
  reasons: string[];
  /** Which kind of cluster event could change this verdict (the plugin's EventsToRegister, coarsely). */
  hint: Hint;
}

/**
 * Hint names what a rejected pod waits for: a node change, room freed by a pod leaving, a pod leaving or
 * relabelled (anti-affinity), or a pod arriving or relabelled (affinity).
 */
type Hint = 'node' | 'room' | 'anti' | 'affinity';

/** NodeUsage is the scheduler cache's NodeInfo: what the pods bound to a node request, kept up to date incrementally. */
interface NodeUsage {
  requested: Resources;
  nonZero: Resources;
  pods: Map<string, P>;
}

interface Tracked {
  node: string;
  req: Resources;
  nz: Resources;
  /** Bound by this scheduler, not yet seen bound by the informer (the scheduler cache's assumed pods). */
  assumed: boolean;
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const priorityOf = (p: Pod) => p.spec?.priority ?? 0;

/** histogram renders reasons as FitError.Error() does: "<count> <reason>" strings, sorted, joined by ", ". */
function histogram(counts: Map<string, number>): string {
  return [...counts.entries()]
    .map(([r, n]) => `${n} ${r}`)
    .sort()
    .join(', ');
}

/**
 * Scheduler binds each pending pod to a node, in the manner of kube-scheduler's default profile. Filters, in
 * upstream order: NodeUnschedulable, TaintToleration (a NotReady node counts as tainted not-ready), NodeAffinity
 * (nodeSelector and required node affinity), NodeResourcesFit (cpu, memory, pods against allocatable minus the
 * requests of the non-terminal pods bound there), InterPodAffinity (required affinity / anti-affinity, and
 * existing pods' anti-affinity). Scores: NodeResourcesFit LeastAllocated, BalancedAllocation, TaintToleration
 * (PreferNoSchedule), NodeAffinity and InterPodAffinity preferred terms, with the default plugin weights; the
 * best node wins, ties by name.
 *
 * A pod that fits nowhere gets PodScheduled=False/Unschedulable and a FailedScheduling event with upstream's
 * message, and waits among the unschedulable pods until an event that could help (a node added or changed, a
 * bound pod deleted, finished or relabelled) or at most 5 minutes. Per-node requested totals are maintained
 * from the pod informer, so one decision costs O(nodes) (plus the pods' affinity terms when there are any).
 */
export class Scheduler extends Controller {
  private readonly pods;
  private readonly nodes;
  private readonly usage = new Map<string, NodeUsage>();
  private readonly tracked = new Map<string, Tracked>();
  /** Bound pods that carry pod (anti-)affinity terms: the only ones other pods' decisions must look at. */
  private readonly withAffinity = new Map<string, PodAffinityInfo>();
  /** The unschedulableQ: pods that failed, with the kinds of event that could help them. */
  private readonly unschedulable = new Map<string, Set<Hint>>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'default-scheduler');
    this.pods = ctx.informers.for<P>(podKind);
    this.nodes = ctx.informers.for<N>(nodeKind);
    this.pods.on({
      add: (p) => {
        this.account(p);
        if (p.spec?.nodeName) this.moveToActive('affinity');
        if (this.wantsScheduling(p)) this.enqueue(objectKey(p));
      },
      update: (p, old) => {
        if (this.account(p)) this.moveToActive('room', 'anti');
        // A pod newly bound may satisfy pod affinity; one relabelled where it runs may also stop blocking anti-affinity.
        if (p.spec?.nodeName && !old.spec?.nodeName) this.moveToActive('affinity');
        else if (p.spec?.nodeName && JSON.stringify(p.metadata.labels) !== JSON.stringify(old.metadata.labels)) this.moveToActive('affinity', 'anti');
        if (!this.wantsScheduling(p)) return;
        const key = objectKey(p);
        // A status-only change (our own PodScheduled=False write included) does not make a pod schedulable.
        if (!this.unschedulable.has(key) || this.specChanged(p, old)) this.enqueue(key);
      },
      delete: (p) => {
        const key = objectKey(p);
        this.unschedulable.delete(key);
        if (this.untrack(key)) this.moveToActive('room', 'anti');
      },
    });
    const relevant = (n: N) => JSON.stringify([n.metadata.labels, n.spec, n.status?.conditions?.find((c) => c.type === 'Ready')?.status, n.status?.allocatable]);
    this.nodes.on({
      add: () => this.moveToActive(),
      update: (n, old) => {
        if (relevant(n) !== relevant(old)) this.moveToActive();
      },
    });
  }

  protected override makeRecorder() {
    return super.makeRecorder({ component: 'default-scheduler', host: this.ctx.nodeName, eventsApi: { action: 'Binding' } });
  }

  private wantsScheduling(p: P): boolean {
    return !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler';
  }

  private specChanged(p: P, old: P): boolean {
    const strip = (x: P) => JSON.stringify([x.spec, x.metadata.labels, x.metadata.annotations]);
    return strip(p) !== strip(old);
  }

  /**
   * moveToActive requeues the unschedulable pods an event could help (all of them for a node event), as the
   * scheduling queue's moveAllToActiveOrBackoffQueue does with its queueing hints.
   */
  private moveToActive(...helps: Hint[]): void {
    for (const [key, hints] of this.unschedulable) {
      if (!helps.length || helps.some((h) => hints.has(h))) this.enqueue(key);
    }
  }

  private usageOf(node: string): NodeUsage {
    let u = this.usage.get(node);
    if (!u) this.usage.set(node, (u = { requested: { milliCPU: 0, memory: 0 }, nonZero: { milliCPU: 0, memory: 0 }, pods: new Map() }));
    return u;
  }

  /** untrack takes a pod off its node's totals; it tells whether the pod was counted there. */
  private untrack(key: string): boolean {
    const t = this.tracked.get(key);
    if (!t) return false;
    const u = this.usageOf(t.node);
    u.requested = { milliCPU: u.requested.milliCPU - t.req.milliCPU, memory: u.requested.memory - t.req.memory };
    u.nonZero = { milliCPU: u.nonZero.milliCPU - t.nz.milliCPU, memory: u.nonZero.memory - t.nz.memory };
    u.pods.delete(key);
    this.tracked.delete(key);
    this.withAffinity.delete(key);
    return true;
  }

  private track(key: string, p: P, node: string, assumed: boolean): void {
    const t: Tracked = { node, req: podRequests(p.spec), nz: podRequests(p.spec, true), assumed };
    const u = this.usageOf(node);
    u.requested = { milliCPU: u.requested.milliCPU + t.req.milliCPU, memory: u.requested.memory + t.req.memory };
    u.nonZero = { milliCPU: u.nonZero.milliCPU + t.nz.milliCPU, memory: u.nonZero.memory + t.nz.memory };
    u.pods.set(key, p);
    this.tracked.set(key, t);
    const info = affinityInfo(p);
    if (info) this.withAffinity.set(key, info);
  }

  /**
   * account brings a pod's contribution to its node's totals up to date (bound and not terminal: counted).
   * It returns true when the change freed room on a node (the pod finished or left).
   */
  private account(p: P): boolean {
    const key = objectKey(p);
    const node = p.spec?.nodeName;
    const counts = !!node && !isTerminal(p);
    const prev = this.tracked.get(key);
    if (!counts) {
      // The informer may not have seen our binding yet: keep the assumption until it does.
      if (prev?.assumed && !node && !isTerminal(p)) return false;
      return this.untrack(key);
    }
    if (prev && prev.node === node && !prev.assumed && this.usage.get(node)?.pods.get(key) === p) return false;
    this.untrack(key);
    this.track(key, p, node, false);
    return false;
  }

  async reconcile(key: string): Promise<void> {
    const pod = this.pods.get(key);
    if (!pod || !this.wantsScheduling(pod)) {
      this.unschedulable.delete(key);
      return;
    }
    const nodes = this.nodes.list();
    if (!nodes.length) {
      await this.unschedulableWith(pod, 'no nodes available to schedule pods', new Set<Hint>(['node']));
      return;
    }
    const req = podRequests(pod.spec);
    const aff = this.affinityState(pod, nodes);
    const statuses = new Map<string, Status>();
    const feasible: N[] = [];
    for (const n of nodes) {
      const st = this.filter(pod, req, n, aff);
      if (st) statuses.set(n.metadata.name!, st);
      else feasible.push(n);
    }
    if (!feasible.length) {
      const hints = new Set([...statuses.values()].map((st) => st.hint));
      await this.unschedulableWith(pod, this.fitError(pod, req, nodes, statuses, aff), hints);
      return;
    }
    const node = feasible.length === 1 ? feasible[0]! : this.pickBest(pod, feasible);
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
    this.unschedulable.delete(key);
    // Assume the pod on its node now, so the next decision sees the room it takes before the informer catches up.
    if (!this.tracked.has(key)) this.track(key, pod, node.metadata.name!, true);
    this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`);
  }

  // ---- filters ----

  private filter(pod: P, req: Resources, node: N, aff: AffinityState | undefined, without?: Set<string>): Status | undefined {
    const tolerations = pod.spec?.tolerations ?? [];
    if (node.spec?.unschedulable && !tolerates(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))
      return { code: 'UU', reasons: [Reasons.unschedulable], hint: 'node' };
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    // A node that is not Ready gets the node lifecycle controller's not-ready or unreachable taint; until the
    // controller has put it there, act as if it had (the taint loop below reports the real one afterwards).
    const readinessTainted = (node.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable');
    if (ready?.status !== 'True' && !readinessTainted && !tolerates(tolerations, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }))
      return { code: 'UU', reasons: [untoleratedTaint('node.kubernetes.io/not-ready', '')], hint: 'node' };
    for (const t of node.spec?.taints ?? []) {
      if (t.effect === 'PreferNoSchedule') continue;
      if (!tolerates(tolerations, t)) return { code: 'UU', reasons: [untoleratedTaint(t.key, t.value)], hint: 'node' };
    }
    if (!podFitsNode(pod.spec, node)) return { code: 'UU', reasons: [Reasons.nodeAffinity], hint: 'node' };
    const fit = this.fitResources(req, node, without);
    if (fit) return fit;
    if (aff) return this.filterAffinity(node, aff, without);
    return undefined;
  }

  private fitResources(req: Resources, node: N, without?: Set<string>): Status | undefined {
    const alloc = nodeAllocatable(node);
    const u = this.usage.get(node.metadata.name!);
    let used = u?.requested ?? { milliCPU: 0, memory: 0 };
    let count = u?.pods.size ?? 0;
    if (without?.size) {
      for (const k of without) {
        const t = this.tracked.get(k);
        if (!t) continue;
        used = { milliCPU: used.milliCPU - t.req.milliCPU, memory: used.memory - t.req.memory };
        count--;
      }
    }
    const reasons: string[] = [];
    let unresolvable = false;
    if (count + 1 > alloc.pods) reasons.push(Reasons.tooManyPods);
    if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) {
      reasons.push(Reasons.cpu);
      // Since v1.34 a request above the node's whole allocatable is unresolvable: preemption cannot help.
      if (req.milliCPU > alloc.milliCPU) unresolvable = true;
    }
    if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
      reasons.push(Reasons.memory);
      if (req.memory > alloc.memory) unresolvable = true;
    }
    return reasons.length ? { code: unresolvable ? 'UU' : 'U', reasons, hint: 'room' } : undefined;
  }

  /** affinityState is InterPodAffinity's PreFilter: topology domains counted once per decision. */
  private affinityState(pod: P, nodes: N[]): AffinityState | undefined {
    const info = affinityInfo(pod);
    const existing = new Map<string, number>();
    for (const [key, other] of this.withAffinity) {
      const t = this.tracked.get(key);
      if (!t) continue;
      const labels = this.nodes.get(t.node)?.metadata.labels;
      for (const term of other.requiredAntiAffinity) {
        if (!termMatchesPod(term, pod)) continue;
        const tp = topologyPair(term.topologyKey, labels);
        if (tp) existing.set(tp, (existing.get(tp) ?? 0) + 1);
      }
    }
    const req = info && (info.requiredAffinity.length || info.requiredAntiAffinity.length);
    if (!req && !existing.size) return undefined;
    const affinity = new Map<string, number>();
    const anti = new Map<string, number>();
    if (req) {
      const nodeLabels = new Map(nodes.map((n) => [n.metadata.name!, n.metadata.labels]));
      for (const [name, u] of this.usage) {
        const labels = nodeLabels.get(name);
        if (!labels || !u.pods.size) continue;
        for (const [key, other] of u.pods) {
          if (key === objectKey(pod)) continue;
          if (info.requiredAffinity.length && info.requiredAffinity.every((t) => termMatchesPod(t, other)))
            for (const t of info.requiredAffinity) {
              const tp = topologyPair(t.topologyKey, labels);
              if (tp) affinity.set(tp, (affinity.get(tp) ?? 0) + 1);
            }
          for (const t of info.requiredAntiAffinity)
            if (termMatchesPod(t, other)) {
              const tp = topologyPair(t.topologyKey, labels);
              if (tp) anti.set(tp, (anti.get(tp) ?? 0) + 1);
            }
        }
      }
    }
    return { pod, info, affinity, anti, existing };
  }

  private filterAffinity(node: N, s: AffinityState, without?: Set<string>): Status | undefined {
    const labels = node.metadata.labels;
    if (s.info?.requiredAffinity.length) {
      let ok = true;
      let allLabels = true;
      for (const t of s.info.requiredAffinity) {
        const tp = topologyPair(t.topologyKey, labels);
        if (!tp) allLabels = false;
        else if (!((s.affinity.get(tp) ?? 0) > 0)) ok = false;
      }
      // The first pod of a group with affinity to itself may go anywhere that has the topology labels.
      if (allLabels && !ok && !s.affinity.size && s.info.requiredAffinity.every((t) => termMatchesPod(t, s.pod))) ok = true;
      if (!ok || !allLabels) return { code: 'UU', reasons: [Reasons.affinity], hint: 'affinity' };
    }
    const anti = without?.size ? this.affinityCountsWithout(s, without) : s;
    for (const t of s.info?.requiredAntiAffinity ?? []) {
      const tp = topologyPair(t.topologyKey, labels);
      if (tp && (anti.anti.get(tp) ?? 0) > 0) return { code: 'U', reasons: [Reasons.antiAffinity], hint: 'anti' };
    }
    for (const [k, v] of Object.entries(labels ?? {})) {
      if ((anti.existing.get(`${k}\u0000${v}`) ?? 0) > 0) return { code: 'U', reasons: [Reasons.existingAntiAffinity], hint: 'anti' };
    }
    return undefined;
  }

  /** affinityCountsWithout recounts anti-affinity domains as if the given pods (preemption victims) were gone. */
  private affinityCountsWithout(s: AffinityState, without: Set<string>): AffinityState {
    const anti = new Map(s.anti);
    const existing = new Map(s.existing);
    for (const key of without) {
      const t = this.tracked.get(key);
      const other = t && this.usage.get(t.node)?.pods.get(key);
      if (!t || !other) continue;
      const labels = this.nodes.get(t.node)?.metadata.labels;
      for (const term of s.info?.requiredAntiAffinity ?? [])
        if (termMatchesPod(term, other)) {
          const tp = topologyPair(term.topologyKey, labels);
          if (tp) anti.set(tp, (anti.get(tp) ?? 0) - 1);
        }
      for (const term of this.withAffinity.get(key)?.requiredAntiAffinity ?? [])
        if (termMatchesPod(term, s.pod)) {
          const tp = topologyPair(term.topologyKey, labels);
          if (tp) existing.set(tp, (existing.get(tp) ?? 0) - 1);
        }
    }
    return { ...s, anti, existing };
  }

  // ---- failure ----

  /**
   * fitError renders FitError.Error() with DefaultPreemption's PostFilter message appended. Nodes that failed
   * with a resolvable status are dry-run for preemption: without lower-priority pods there is nothing to evict
   * ("No preemption victims found for incoming pod"); otherwise the node is re-filtered without them. Nodes
   * left out of the dry run count as "Preemption is not helpful for scheduling".
   */
  private fitError(pod: P, req: Resources, nodes: N[], statuses: Map<string, Status>, aff: AffinityState | undefined): string {
    const total = nodes.length;
    const counts = new Map<string, number>();
    for (const st of statuses.values()) for (const r of st.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    let msg = `0/${total} nodes are available: ${histogram(counts)}.`;
    let post: string;
    if (pod.spec?.preemptionPolicy === 'Never') post = Reasons.preemptNever;
    else {
      const dry = new Map<string, number>();
      let evaluated = 0;
      const prio = priorityOf(pod);
      for (const n of nodes) {
        const st = statuses.get(n.metadata.name!);
        if (st?.code !== 'U') continue;
        evaluated++;
        const u = this.usage.get(n.metadata.name!);
        const victims = new Set([...(u?.pods ?? new Map<string, P>()).entries()].filter(([, p]) => priorityOf(p) < prio).map(([k]) => k));
        let reasons: string[];
        if (!victims.size) reasons = [Reasons.noVictims];
        else {
          // Preempting them would make room; this simulation does not evict pods, so the node stays as it was.
          const again = this.filter(pod, req, n, aff, victims);
          reasons = again ? again.reasons : st.reasons;
        }
        for (const r of reasons) dry.set(r, (dry.get(r) ?? 0) + 1);
      }
      if (total - evaluated > 0) dry.set(Reasons.notHelpful, (dry.get(Reasons.notHelpful) ?? 0) + total - evaluated);
      post = `0/${total} nodes are available: ${histogram(dry)}.`;
    }
    msg += ` preemption: ${post}.`;
    return msg;
  }

  private async unschedulableWith(pod: P, msg: string, hints: Set<Hint>): Promise<void> {
    const key = objectKey(pod);
    this.unschedulable.set(key, hints);
    this.queue.addAfter(key, UNSCHEDULABLE_RETRY_MS);
    const prev = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (prev?.status !== 'False' || prev.reason !== 'Unschedulable' || prev.message !== msg) {
      const conds = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      const changed = prev?.status !== 'False';
      conds.push({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: msg,
        lastProbeTime: null as never,
        lastTransitionTime: changed || !prev?.lastTransitionTime ? formatTime(this.ctx.clock.now()) : prev.lastTransitionTime,
      });
      try {
        const body = { ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status: { ...pod.status, conditions: conds } } as KubeObject;
        await this.ctx.client.update(podKind, pod.metadata.namespace, body, { subresource: 'status' });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return;
      }
    }
    // Every failed attempt is reported; the recorder folds repeats into one Event with a count.
    this.recorder.event(pod, 'Warning', 'FailedScheduling', msg);
  }

  // ---- scoring ----

  private pickBest(pod: P, nodes: N[]): N {
    const nz = podRequests(pod.spec, true);
    const req = podRequests(pod.spec);
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const taintCounts = nodes.map((n) => (n.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerates(tolerations, t)).length);
    const nodeAff = nodes.map((n) => preferred.reduce((s, t) => s + (termMatches(t.preference, n) ? t.weight : 0), 0));
    const inter = this.interPodScores(pod, nodes);
    const maxTaint = Math.max(...taintCounts);
    const maxAff = Math.max(...nodeAff);
    const minInter = Math.min(...inter);
    const maxInter = Math.max(...inter);
    let best: N | undefined;
    let bestScore = -Infinity;
    nodes.forEach((n, i) => {
      const alloc = nodeAllocatable(n);
      const u = this.usage.get(n.metadata.name!);
      const least = (cap: number, used: number) => (cap === 0 || used > cap ? 0 : Math.floor(((cap - used) * 100) / cap));
      const fit = Math.floor(
        (least(alloc.milliCPU, (u?.nonZero.milliCPU ?? 0) + nz.milliCPU) + least(alloc.memory, (u?.nonZero.memory ?? 0) + nz.memory)) / 2,
      );
      const frac = (cap: number, used: number) => (cap === 0 ? 1 : Math.min(1, used / cap));
      const cpuF = frac(alloc.milliCPU, (u?.requested.milliCPU ?? 0) + req.milliCPU);
      const memF = frac(alloc.memory, (u?.requested.memory ?? 0) + req.memory);
      const balanced = Math.floor((1 - Math.abs(cpuF - memF) / 2) * 100);
      const taint = maxTaint === 0 ? 100 : 100 - Math.floor((taintCounts[i]! * 100) / maxTaint);
      const affinity = maxAff === 0 ? 0 : Math.floor((nodeAff[i]! * 100) / maxAff);
      const interPod = maxInter - minInter > 0 ? Math.floor((100 * (inter[i]! - minInter)) / (maxInter - minInter)) : 0;
      // Default weights: TaintToleration 3, NodeAffinity 2, InterPodAffinity 2, NodeResourcesFit 1, BalancedAllocation 1.
      const score = fit + balanced + 3 * taint + 2 * affinity + 2 * interPod;
      if (score > bestScore || (score === bestScore && best && n.metadata.name! < best.metadata.name!)) {
        best = n;
        bestScore = score;
      }
    });
    return best!;
  }

  /** interPodScores is InterPodAffinity's Score: preferred terms of the pod and of the pods already bound. */
  private interPodScores(pod: P, nodes: N[]): number[] {
    const info = affinityInfo(pod);
    const hasPreferred = !!info && (info.preferredAffinity.length > 0 || info.preferredAntiAffinity.length > 0);
    if (!hasPreferred && !this.withAffinity.size) return nodes.map(() => 0);
    const scores = new Map<string, number>();
    const bump = (key: string, labels: Record<string, string> | undefined, w: number) => {
      const tp = topologyPair(key, labels);
      if (tp) scores.set(tp, (scores.get(tp) ?? 0) + w);
    };
    const visit = (key: string, other: P, node: string) => {
      const labels = this.nodes.get(node)?.metadata.labels;
      if (info) {
        for (const t of info.preferredAffinity) if (termMatchesPod(t, other)) bump(t.topologyKey, labels, t.weight);
        for (const t of info.preferredAntiAffinity) if (termMatchesPod(t, other)) bump(t.topologyKey, labels, -t.weight);
      }
      const theirs = this.withAffinity.get(key);
      if (theirs) {
        // hardPodAffinityWeight 1: a bound pod's required affinity to this pod attracts it too.
        for (const t of theirs.requiredAffinity) if (termMatchesPod(t, pod)) bump(t.topologyKey, labels, 1);
        for (const t of theirs.preferredAffinity) if (termMatchesPod(t, pod)) bump(t.topologyKey, labels, t.weight);
        for (const t of theirs.preferredAntiAffinity) if (termMatchesPod(t, pod)) bump(t.topologyKey, labels, -t.weight);
      }
    };
    if (hasPreferred) {
      for (const [name, u] of this.usage) for (const [key, other] of u.pods) visit(key, other, name);
    } else {
      for (const key of this.withAffinity.keys()) {
        const t = this.tracked.get(key);
        const other = t && this.usage.get(t.node)?.pods.get(key);
        if (t && other) visit(key, other, t.node);
      }
    }
    return nodes.map((n) => Object.entries(n.metadata.labels ?? {}).reduce((s, [k, v]) => s + (scores.get(`${k}\u0000${v}`) ?? 0), 0));
  }
}

/** AffinityState is what InterPodAffinity's PreFilter computes for one pod: matching pods per topology domain. */
interface AffinityState {
  pod: P;
  info: PodAffinityInfo | undefined;
  affinity: Map<string, number>;
  anti: Map<string, number>;
  existing: Map<string, number>;
}
