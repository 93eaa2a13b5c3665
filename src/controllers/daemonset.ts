import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Affinity, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { fromLabelSelector } from '../api/selectors.js';
import { isNotFound } from '../api/api-error.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext, ownedPodHandlers, controllerOf, indexed, ownedAndOrphans, ownedBy, controllerRef } from './controller.js';
import { Expectations } from './expectations.js';
import { podFitsNode, tolerates } from '../scheduler/node-fit.js';
import { isPodAvailable, isPodReady, patchPodOwners } from './pod-utils.js';
import { resolveIntOrPercent } from './deployment.js';
import {
  type CR,
  CONTROLLER_REVISION_HASH,
  createRevision,
  hashOf,
  nextRevision,
  ownedRevisions,
  revisionKind,
  sameData,
  setRevisionNumber,
  templatePatch,
} from './history.js';
import { cloneJSON } from '../api/clone.js';

type DS = DaemonSet & KubeObject;
type P = Pod & KubeObject;
type N = Node & KubeObject;

const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');
const dsKind = mustKind('apps/v1', 'DaemonSet');

/** The label with the template generation (extensions.DaemonSetTemplateGenerationKey). */
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** The annotation the API server keeps the template generation in (apps.DeprecatedTemplateGeneration). */
const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
const BURST_REPLICAS = 250;
/** failedPodsBackoff: 1 s doubling to 15 min between deletions of a failed daemon pod on one node. */
const FAILED_BACKOFF_MIN = 1_000;
const FAILED_BACKOFF_MAX = 15 * 60_000;

/**
 * daemonPodTolerations are what AddOrUpdateDaemonPodTolerations (pkg/controller/daemon/util) adds to every
 * daemon pod: node problems never evict it, and cordoned or pressured nodes still run it.
 */
export function addDaemonPodTolerations(spec: PodSpec): void {
  const add = (key: string, effect: 'NoExecute' | 'NoSchedule') => {
    const list = (spec.tolerations ??= []);
    const t: Toleration = { key, operator: 'Exists', effect };
    const i = list.findIndex((x) => x.key === key && x.effect === effect && (x.operator ?? 'Equal') === 'Exists' && !x.value);
    if (i < 0) list.push(t);
    else if (list[i]!.tolerationSeconds !== undefined) list[i] = t;
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (spec.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
}

/** nodeNameAffinity pins a pod to one node the way the scheduler must honour (ReplaceDaemonSetPodNodeNameNodeAffinity). */
export function nodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
  const a: Affinity = cloneJSON(affinity ?? {});
  a.nodeAffinity = { ...(a.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: required };
  return a;
}

/** targetNodeName is where a daemon pod runs or is meant to (util.GetTargetNodeName). */
export function targetNodeName(p: Pod): string | undefined {
  if (p.spec?.nodeName) return p.spec.nodeName;
  for (const term of p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [])
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return undefined;
}

/**
 * nodeShouldRunDaemonPod is NodeShouldRunDaemonPod: shouldRun when a new daemon pod belongs on the node,
 * shouldContinueRunning when an existing one may stay (it tolerates every NoExecute taint).
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = cloneJSON(ds.spec?.template?.spec ?? { containers: [] });
  if (spec.nodeName && spec.nodeName !== node.metadata?.name) return { shouldRun: false, shouldContinueRunning: false };
  addDaemonPodTolerations(spec);
  if (!podFitsNode(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const untolerated = (effects: string[]) => taints.some((t) => effects.includes(t.effect) && !tolerates(spec.tolerations ?? [], t));
  if (untolerated(['NoSchedule', 'NoExecute'])) return { shouldRun: false, shouldContinueRunning: !untolerated(['NoExecute']) };
  return { shouldRun: true, shouldContinueRunning: true };
}

const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;

/** byCreationTimestampAndPhase: scheduled pods first, then the oldest, then by name (podByCreationTimestampAndPhase). */
function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  if (!!a.spec?.nodeName !== !!b.spec?.nodeName) return a.spec?.nodeName ? -1 : 1;
  return created(a) - created(b) || (a.metadata!.name! < b.metadata!.name! ? -1 : a.metadata!.name! > b.metadata!.name! ? 1 : 0);
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/**
 * DaemonSetController runs one pod of each DaemonSet on every eligible node (pkg/controller/daemon): it
 * creates pods pinned by node affinity for the default scheduler to bind, tolerating node problems, keeps
 * ControllerRevisions `<ds>-<hash>` of the template, rolls template changes out within maxUnavailable /
 * maxSurge, recreates a daemon pod once a deleted one is gone, and reports the status counts.
 */
export class DaemonSetController extends Controller {
  private readonly pods;
  private readonly sets;
  private readonly nodes;
  private readonly revisions;
  /** Creations and deletions sent but not yet seen by the informer, per DaemonSet (client-go's expectations). */
  private readonly expectations = new Expectations();
  private readonly failedBackoff = new Map<string, { delay: number; last: number }>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'daemonset-controller');
    this.pods = indexed(ctx.informers.for<P>(podKind));
    this.sets = ctx.informers.for<DS>(dsKind);
    this.nodes = ctx.informers.for<N>(nodeKind);
    this.revisions = ctx.informers.for<CR>(revisionKind);
    this.sets.on({
      add: (ds) => this.enqueue(objectKey(ds)),
      update: (ds) => this.enqueue(objectKey(ds)),
      delete: (ds) => this.expectations.delete(objectKey(ds)),
    });
    this.pods.on(ownedPodHandlers('DaemonSet', this.expectations, this.sets, (key) => this.enqueue(key)));
    const all = () => {
      for (const ds of this.sets.list()) this.enqueue(objectKey(ds));
    };
    this.nodes.on({
      add: all,
      // Only labels and taints decide where daemon pods run (shouldIgnoreNodeUpdate).
      update: (n, old) =>
        JSON.stringify([n.metadata.labels, n.spec?.taints]) !== JSON.stringify([old.metadata.labels, old.spec?.taints]) && all(),
      delete: all,
    });
    const byOwner = (r: CR) => {
      const ref = controllerOf(r);
      if (ref?.kind === 'DaemonSet') this.enqueue(`${r.metadata.namespace}/${ref.name}`);
    };
    this.revisions.on({ delete: byOwner });
  }

  async reconcile(key: string): Promise<void> {
    const ds = this.sets.get(key);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const sel = ds.spec?.selector;
    if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
      this.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    // A DaemonSet being deleted: its history may already be gone, so neither pods nor status are touched.
    if (ds.metadata.deletionTimestamp) return;
    const history = await this.constructHistory(ds);
    if (!history) return;
    const { hash, old } = history;
    const nodes = this.nodes.list();
    if (!this.expectations.satisfied(key)) {
      await this.updateStatus(ds, nodes, hash, false);
      return;
    }
    await this.manage(ds, nodes, hash);
    if (this.expectations.satisfied(key) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') await this.rollingUpdate(ds, nodes, hash);
    await this.cleanupHistory(ds, old, hash);
    await this.updateStatus(ds, nodes, hash, true);
  }

  /** templateGeneration is the API server's template generation annotation, or the object generation without it. */
  private templateGeneration(ds: DS): string | undefined {
    const ann = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
    if (ann !== undefined) return /^\d+$/.test(ann) ? ann : undefined;
    return ds.metadata.generation !== undefined ? String(ds.metadata.generation) : undefined;
  }

  /**
   * constructHistory finds the revision holding the current template (making it the newest, or creating it as
   * `<ds>-<hash>`), and returns its hash and the older revisions (pkg/controller/daemon/update.go).
   */
  private async constructHistory(ds: DS): Promise<{ cur: CR; hash: string; old: CR[] } | undefined> {
    const histories = ownedRevisions(this.revisions.list(), ds);
    const data = templatePatch(ds.spec?.template);
    const matching = histories.filter((h) => sameData(h, { data }));
    let cur: CR | undefined = matching[matching.length - 1];
    const max = nextRevision(histories) - 1;
    if (cur) {
      if ((cur.revision ?? 0) < max) cur = await setRevisionNumber(this.ctx.client, cur, max + 1);
    } else {
      const collisionCount = ds.status?.collisionCount ?? 0;
      const hash = hashOf(ds.spec?.template, collisionCount);
      const cr: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name: `${ds.metadata.name}-${hash}`,
          namespace: ds.metadata.namespace,
          labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash },
          ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
          ownerReferences: [controllerRef(ds)],
        },
        data,
        revision: max + 1,
      };
      const res = await createRevision(this.ctx.client, cr);
      if (res.collision || !res.revision) {
        // Another template already owns this name: count the collision so the next hash differs.
        await this.ctx.client.update(dsKind, ds.metadata.namespace, {
          ...ds,
          metadata: { ...ds.metadata, resourceVersion: undefined },
          status: { ...(ds.status ?? {}), collisionCount: collisionCount + 1 },
        } as KubeObject, { subresource: 'status' });
        return undefined;
      }
      cur = res.revision;
    }
    const hash = cur.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? cur.metadata.name!.slice(ds.metadata.name!.length + 1);
    return { cur, hash, old: histories.filter((h) => h.metadata.uid !== cur!.metadata.uid) };
  }

  /** claimPods returns the DaemonSet's pods, adopting matching orphans and releasing owned pods that stopped matching. */
  private async claimPods(ds: DS): Promise<P[]> {
    const selector = fromLabelSelector(ds.spec?.selector);
    const owned: P[] = [];
    for (const p of ownedAndOrphans(this.pods, ds)) {
      if (p.metadata.namespace !== ds.metadata.namespace) continue;
      const ref = controllerOf(p);
      if (ref) {
        if (ref.uid !== ds.metadata.uid) continue;
        if (selector.matches(p.metadata.labels)) owned.push(p);
        else await patchPodOwners(this.ctx.client, p, (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== ds.metadata.uid));
      } else if (selector.matches(p.metadata.labels) && !p.metadata.deletionTimestamp) {
        const adopted = await patchPodOwners(this.ctx.client, p, [...(p.metadata.ownerReferences ?? []), controllerRef(ds)]);
        if (adopted) owned.push(adopted);
      }
    }
    return owned;
  }

  /** nodesToDaemonPods groups the pods by target node; terminal pods already being deleted are left out. */
  private async nodesToDaemonPods(ds: DS): Promise<Map<string, P[]>> {
    const out = new Map<string, P[]>();
    for (const p of await this.claimPods(ds)) {
      if (isTerminal(p) && p.metadata.deletionTimestamp) continue;
      const node = targetNodeName(p);
      if (!node) continue;
      const list = out.get(node);
      if (list) list.push(p);
      else out.set(node, [p]);
    }
    return out;
  }

  private allowsSurge(ds: DS): boolean {
    return this.maxSurgeAndUnavailable(ds, 1).surge > 0;
  }

  private maxSurgeAndUnavailable(ds: DS, desired: number): { surge: number; unavailable: number } {
    const ru = ds.spec?.updateStrategy?.rollingUpdate;
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { surge: 0, unavailable: 0 };
    const surge = resolveIntOrPercent((ru?.maxSurge ?? 0) as number | string, desired, true);
    let unavailable = resolveIntOrPercent((ru?.maxUnavailable ?? 1) as number | string, desired, true);
    if (surge === 0 && unavailable === 0) unavailable = 1;
    return { surge, unavailable };
  }

  /** podsShouldBeOnNode decides, for one node, whether a daemon pod must be created and which pods must go. */
  private podsShouldBeOnNode(ds: DS, node: N, pods: P[] | undefined, hash: string): { create: boolean; del: P[] } {
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const del: P[] = [];
    if (shouldRun && !pods?.length) return { create: true, del };
    if (shouldContinueRunning) {
      const running: P[] = [];
      for (const p of pods ?? []) {
        if (p.metadata.deletionTimestamp) continue;
        if (p.status?.phase === 'Failed') {
          // The controller and a kubelet rejecting the pod could fight in a hot loop: back off per node.
          const bkey = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${node.metadata.name}`;
          const now = this.ctx.clock.now();
          const b = this.failedBackoff.get(bkey);
          if (b && now - b.last < b.delay) {
            this.queue.addAfter(objectKey(ds), b.delay - (now - b.last));
            continue;
          }
          this.failedBackoff.set(bkey, { delay: b ? Math.min(b.delay * 2, FAILED_BACKOFF_MAX) : FAILED_BACKOFF_MIN, last: now });
          this.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${node.metadata.name}, will try to kill it`);
          del.push(p);
        } else if (p.status?.phase === 'Succeeded') {
          this.recorder.event(ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${node.metadata.name}, will try to delete it`);
          del.push(p);
        } else running.push(p);
      }
      running.sort(byCreationTimestampAndPhase);
      if (!this.allowsSurge(ds)) {
        // Without surge one pod per node: keep the oldest.
        del.push(...running.slice(1));
        return { create: false, del };
      }
      if (running.length <= 1) return { create: running.length === 0 && shouldRun, del };
      // With surge a node may hold one old and one new pod until the new one is available.
      let oldestNew: P | undefined;
      let oldestOld: P | undefined;
      for (const p of running) {
        if (p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash) {
          if (!oldestNew) {
            oldestNew = p;
            continue;
          }
        } else if (!oldestOld) {
          oldestOld = p;
          continue;
        }
        del.push(p);
      }
      if (oldestNew && oldestOld) {
        if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, this.ctx.clock.now())) del.push(oldestOld);
      }
      return { create: false, del };
    }
    if (pods?.length) for (const p of pods) if (!p.metadata.deletionTimestamp) del.push(p);
    return { create: false, del };
  }

  private async manage(ds: DS, nodes: N[], hash: string): Promise<void> {
    const byNode = await this.nodesToDaemonPods(ds);
    const create: string[] = [];
    const del: P[] = [];
    for (const node of nodes) {
      const r = this.podsShouldBeOnNode(ds, node, byNode.get(node.metadata.name!), hash);
      if (r.create) create.push(node.metadata.name!);
      del.push(...r.del);
    }
    // Unscheduled pods aimed at nodes that no longer exist would wait forever: delete them.
    const names = new Set(nodes.map((n) => n.metadata.name));
    for (const [node, pods] of byNode) if (!names.has(node)) for (const p of pods) if (!p.spec?.nodeName && !p.metadata.deletionTimestamp) del.push(p);
    await this.syncNodes(ds, del, create, hash);
  }

  /** syncNodes deletes the given pods and creates a daemon pod for each given node, in slow-start batches. */
  private async syncNodes(ds: DS, del: P[], createOn: string[], hash: string): Promise<void> {
    const key = objectKey(ds);
    const creates = createOn.slice(0, BURST_REPLICAS);
    const deletes = del.slice(0, BURST_REPLICAS);
    if (!creates.length && !deletes.length) return;
    this.expectations.set(key, creates.length, deletes.map((p) => objectKey(p)));
    const template = cloneJSON(ds.spec?.template ?? {});
    const spec: PodSpec = template.spec ?? { containers: [] };
    addDaemonPodTolerations(spec);
    const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
    const generation = this.templateGeneration(ds);
    if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = generation;
    labels[CONTROLLER_REVISION_HASH] = hash;
    const errors: string[] = [];
    let pos = 0;
    for (let batch = 1; pos < creates.length; batch *= 2) {
      const chunk = creates.slice(pos, pos + batch);
      pos += chunk.length;
      const results = await Promise.allSettled(
        chunk.map((nodeName) => {
          const podSpec = cloneJSON(spec);
          podSpec.affinity = nodeNameAffinity(podSpec.affinity, nodeName);
          const pod: KubeObject = {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              generateName: `${ds.metadata.name}-`,
              namespace: ds.metadata.namespace,
              labels: { ...labels },
              ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
              ...(template.metadata?.finalizers ? { finalizers: [...template.metadata.finalizers] } : {}),
              ownerReferences: [controllerRef(ds)],
            },
            spec: podSpec,
          };
          return this.ctx.client.create<P>(podKind, ds.metadata.namespace, pod);
        }),
      );
      let failed = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata.name}`);
        else {
          failed++;
          this.expectations.lowerCreations(key);
          const msg = r.reason instanceof Error ? r.reason.message : String(r.reason);
          errors.push(msg);
          this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${msg}`);
        }
      }
      if (failed) {
        this.expectations.lowerCreations(key, creates.length - pos); // the skipped creations are retried by the next sync
        break;
      }
    }
    await Promise.all(
      deletes.map(async (p) => {
        try {
          await this.ctx.client.delete(podKind, p.metadata.namespace, p.metadata.name!);
          this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (err) {
          this.expectations.deletionObserved(key, objectKey(p));
          if (isNotFound(err)) return;
          const msg = err instanceof Error ? err.message : String(err);
          errors.push(msg);
          this.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${msg}`);
        }
      }),
    );
    // The informer may already show the deletion (or the pod gone) before the expectation was recorded.
    for (const p of deletes) {
      const cur = this.pods.get(objectKey(p));
      if (!cur || cur.metadata.deletionTimestamp || cur.metadata.uid !== p.metadata.uid) this.expectations.deletionObserved(key, objectKey(p));
    }
    if (errors.length) throw new Error(errors.join('; '));
  }

  /** isUpdated: the pod carries the current hash or the current template generation (util.IsPodUpdated). */
  private isUpdated(ds: DS, p: P, hash: string): boolean {
    const gen = this.templateGeneration(ds);
    return p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash || (gen !== undefined && p.metadata.labels?.[TEMPLATE_GENERATION_LABEL] === gen && ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] !== undefined);
  }

  /** findUpdatedPodsOnNode splits a node's live pods into the new and the old one; more than one of either is not ok. */
  private splitOnNode(ds: DS, pods: P[], hash: string): { newPod?: P; oldPod?: P; ok: boolean } {
    let newPod: P | undefined;
    let oldPod: P | undefined;
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      if (this.isUpdated(ds, p, hash)) {
        if (newPod) return { ok: false };
        newPod = p;
      } else {
        if (oldPod) return { ok: false };
        oldPod = p;
      }
    }
    return { newPod, oldPod, ok: true };
  }

  /**
   * rollingUpdate replaces old pods (pkg/controller/daemon/update.go): without surge it deletes old available pods
   * while fewer than maxUnavailable are unavailable, and the manage loop creates the new ones; with surge it
   * starts new pods beside old ones up to maxSurge and manage deletes each old pod once its successor is available.
   */
  private async rollingUpdate(ds: DS, nodes: N[], hash: string): Promise<void> {
    const byNode = await this.nodesToDaemonPods(ds);
    const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
    const { surge, unavailable } = this.maxSurgeAndUnavailable(ds, desired);
    const now = this.ctx.clock.now();
    const mrs = ds.spec?.minReadySeconds ?? 0;
    const available = (p: P) => isPodAvailable(p, mrs, now);
    if (surge === 0) {
      let numUnavailable = 0;
      const replace: P[] = [];
      const candidates: P[] = [];
      for (const pods of byNode.values()) {
        const { newPod, oldPod, ok } = this.splitOnNode(ds, pods, hash);
        if (!ok) {
          numUnavailable++;
          continue;
        }
        if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
        else if (newPod) {
          if (!available(newPod)) numUnavailable++;
        } else if (oldPod) {
          if (!available(oldPod)) replace.push(oldPod);
          else if (numUnavailable < unavailable) candidates.push(oldPod);
        }
      }
      const room = Math.min(Math.max(0, unavailable - numUnavailable), candidates.length);
      await this.syncNodes(ds, [...replace, ...candidates.slice(0, room)], [], hash);
      return;
    }
    const nodeByName = new Map(nodes.map((n) => [n.metadata.name!, n]));
    const oldToDelete: P[] = [];
    const shouldNotRun: P[] = [];
    const allowedNew: string[] = [];
    const candidateNew: string[] = [];
    let numSurge = 0;
    let numAvailable = 0;
    for (const [nodeName, pods] of byNode) {
      const { newPod, oldPod, ok } = this.splitOnNode(ds, pods, hash);
      if (!ok) {
        numSurge++;
        continue;
      }
      if (oldPod ? available(oldPod) : newPod && available(newPod)) numAvailable++;
      if (!oldPod) continue;
      const node = nodeByName.get(nodeName);
      const shouldRun = node ? nodeShouldRunDaemonPod(node, ds).shouldRun : false;
      if (!newPod) {
        if (!available(oldPod)) {
          if (!shouldRun) oldToDelete.push(oldPod);
          else allowedNew.push(nodeName);
        } else if (!shouldRun) shouldNotRun.push(oldPod);
        else if (numSurge < surge) candidateNew.push(nodeName);
      } else if (!available(newPod)) numSurge++;
      else oldToDelete.push(oldPod);
    }
    const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRun.length);
    oldToDelete.push(...shouldNotRun.slice(0, deletable));
    const room = Math.min(Math.max(0, surge - numSurge), candidateNew.length);
    await this.syncNodes(ds, oldToDelete, [...allowedNew, ...candidateNew.slice(0, room)], hash);
  }

  /** cleanupHistory deletes the oldest unused revisions beyond revisionHistoryLimit (10). */
  private async cleanupHistory(ds: DS, old: CR[], hash: string): Promise<void> {
    const limit = ds.spec?.revisionHistoryLimit ?? 10;
    if (old.length <= limit) return;
    const live = new Set<string>([hash]);
    for (const p of ownedBy(this.pods, ds))
      if (p.metadata.namespace === ds.metadata.namespace) {
        const h = p.metadata.labels?.[CONTROLLER_REVISION_HASH];
        if (h) live.add(h);
      }
    let toKill = old.length - limit;
    for (const r of old) {
      if (toKill <= 0) break;
      if (live.has(r.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '')) continue;
      try {
        await this.ctx.client.delete(revisionKind, r.metadata.namespace, r.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      toKill--;
    }
  }

  private async updateStatus(ds: DS, nodes: N[], hash: string, observed: boolean): Promise<void> {
    const byNode = await this.nodesToDaemonPods(ds);
    const now = this.ctx.clock.now();
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    for (const node of nodes) {
      const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
      const pods = byNode.get(node.metadata.name!) ?? [];
      if (!shouldRun) {
        if (pods.length) misscheduled++;
        continue;
      }
      desired++;
      if (!pods.length) continue;
      current++;
      const pod = [...pods].sort(byCreationTimestampAndPhase)[0]!;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, ds.spec?.minReadySeconds ?? 0, now)) available++;
      }
      if (this.isUpdated(ds, pod, hash)) updated++;
    }
    const unavailable = desired - available;
    const generation = observed ? ds.metadata.generation : ds.status?.observedGeneration;
    const status: Record<string, unknown> = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
    };
    if (generation) status.observedGeneration = generation;
    if (updated) status.updatedNumberScheduled = updated;
    if (available) status.numberAvailable = available;
    if (unavailable) status.numberUnavailable = unavailable;
    if (ds.status?.collisionCount) status.collisionCount = ds.status.collisionCount;
    if (ds.status?.conditions) status.conditions = ds.status.conditions;
    const cur = (ds.status ?? {}) as Record<string, unknown>;
    const keys = new Set([...Object.keys(status), ...Object.keys(cur)]);
    if ([...keys].every((k) => JSON.stringify(cur[k] ?? 0) === JSON.stringify(status[k] ?? 0))) return;
    try {
      const body = { ...ds, metadata: { ...ds.metadata, resourceVersion: undefined }, status } as KubeObject;
      await this.ctx.client.update(dsKind, ds.metadata.namespace, body, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const mrs = ds.spec?.minReadySeconds ?? 0;
    if (mrs > 0 && ready !== available) this.queue.addAfter(objectKey(ds), mrs * 1000);
  }
}
