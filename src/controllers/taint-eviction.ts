import type { Node, Pod, PodCondition, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isConflict, isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import type { TimerHandle } from '../cluster/clock.js';
import { tolerates } from '../scheduler/node-fit.js';
import { Controller, type ControllerContext, indexed, NODE_INDEX } from './controller.js';

type P = Pod & KubeObject;
type N = Node & KubeObject;

const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');

/** A scheduled eviction; `timer` is gone once it ran (the key stays, so it is not added again: TimedWorkerQueue). */
interface Work {
  createdAt: number;
  fireAt: number;
  timer?: TimerHandle;
}

const noExecute = (taints: Taint[] | undefined): Taint[] => (taints ?? []).filter((t) => t.effect === 'NoExecute');

/**
 * matchingTolerations is v1helper.GetMatchingTolerations: whether every taint is tolerated, and for each taint
 * the first toleration that tolerates it.
 */
export function matchingTolerations(taints: Taint[], tolerations: Toleration[]): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => tolerates([x], taint));
    if (!t) return { all: false, used: [] };
    used.push(t);
  }
  return { all: true, used };
}

/** minTolerationMs is getMinTolerationTime: 0 for none or a non-positive one, -1 (forever) if none is bounded. */
export function minTolerationMs(used: Toleration[]): number {
  if (!used.length) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds == null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/**
 * TaintEvictionController (taint-eviction-controller, pkg/controller/tainteviction) deletes the pods of a node
 * with NoExecute taints: at once when a taint is not tolerated, after the smallest tolerationSeconds when all are
 * (300 s for the not-ready/unreachable tolerations admission adds), never when they are tolerated forever. The
 * pod first gets a DisruptionTarget condition; events `TaintManagerEviction`. Removing the taints cancels the
 * pending evictions.
 */
export class TaintEvictionController extends Controller {
  private readonly pods;
  private readonly nodes;
  /** The NoExecute taints of each tainted node. */
  private readonly tainted = new Map<string, Taint[]>();
  /** Evictions by `namespace/name`. */
  private readonly work = new Map<string, Work>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'taint-eviction-controller');
    this.pods = indexed(ctx.informers.for<P>(podKind));
    this.nodes = ctx.informers.for<N>(nodeKind);
    this.nodes.on({
      add: (n) => this.enqueue(`node:${n.metadata.name}`),
      update: (n, old) => {
        if (JSON.stringify(noExecute(n.spec?.taints)) !== JSON.stringify(noExecute(old.spec?.taints))) this.enqueue(`node:${n.metadata.name}`);
      },
      delete: (n) => this.enqueue(`node:${n.metadata.name}`),
    });
    this.pods.on({
      add: (p) => p.spec?.nodeName && this.tainted.size && this.enqueue(`pod:${objectKey(p)}`),
      update: (p, old) => {
        if (p.spec?.nodeName === old.spec?.nodeName && JSON.stringify(p.spec?.tolerations) === JSON.stringify(old.spec?.tolerations)) return;
        this.enqueue(`pod:${objectKey(p)}`);
      },
      delete: (p) => this.cancel(objectKey(p)),
    });
  }

  async reconcile(key: string): Promise<void> {
    if (key.startsWith('node:')) this.handleNode(key.slice(5));
    else if (key.startsWith('pod:')) this.handlePod(key.slice(4));
  }

  override stop(): void {
    super.stop();
    for (const w of this.work.values()) if (w.timer) this.ctx.clock.clearTimeout(w.timer);
    this.work.clear();
  }

  private handleNode(name: string): void {
    const node = this.nodes.get(name);
    const taints = noExecute(node?.spec?.taints);
    if (!node || !taints.length) this.tainted.delete(name);
    else this.tainted.set(name, taints);
    if (!node) return;
    const pods = this.pods.byIndex(NODE_INDEX, name);
    if (!taints.length) {
      for (const p of pods) this.cancelWithEvent(objectKey(p));
      return;
    }
    const now = this.ctx.clock.now();
    for (const p of pods) this.processPod(p, taints, now);
  }

  private handlePod(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) {
      this.cancelWithEvent(key);
      return;
    }
    const taints = this.tainted.get(pod.spec?.nodeName ?? '');
    if (taints) this.processPod(pod, taints, this.ctx.clock.now());
  }

  /** processPod is processPodOnNode: schedule, keep, or cancel the pod's eviction for the node's taints. */
  private processPod(pod: P, taints: Taint[], now: number): void {
    const key = objectKey(pod);
    const { all, used } = matchingTolerations(taints, pod.spec?.tolerations ?? []);
    if (!all) {
      this.cancelWithEvent(key);
      this.add(key, now, now);
      return;
    }
    const ms = minTolerationMs(used);
    if (ms < 0) {
      this.cancelWithEvent(key);
      return;
    }
    // An eviction already scheduled for this pod stands (its start is earlier, so it fires no later).
    if (this.work.has(key)) return;
    this.add(key, now, now + ms);
  }

  private add(key: string, createdAt: number, fireAt: number): void {
    if (this.work.has(key)) return;
    const w: Work = { createdAt, fireAt };
    this.work.set(key, w);
    const run = () => {
      w.timer = undefined;
      void this.ctx.activity.track(this.evict(key)).catch((err) => {
        if (this.work.get(key) === w) this.work.delete(key);
        this.ctx.log?.(`${this.name}: evict ${key}: ${err instanceof Error ? err.message : String(err)}`);
      });
    };
    const delay = fireAt - this.ctx.clock.now();
    if (delay <= 0) {
      this.ctx.activity.begin();
      queueMicrotask(() => {
        this.ctx.activity.end();
        run();
      });
    } else w.timer = this.ctx.clock.setTimeout(run, delay, `evicts pod ${key} (NoExecute taint)`);
  }

  private cancel(key: string): boolean {
    const w = this.work.get(key);
    if (!w) return false;
    this.work.delete(key);
    if (!w.timer) return false;
    this.ctx.clock.clearTimeout(w.timer);
    return true;
  }

  private cancelWithEvent(key: string): void {
    if (this.cancel(key)) this.podEvent(key, `Cancelling deletion of Pod ${key}`);
  }

  private podEvent(key: string, message: string): void {
    const [namespace, name] = key.split('/') as [string, string];
    this.recorder.record({ apiVersion: 'v1', kind: 'Pod', namespace, name }, 'Normal', 'TaintManagerEviction', message);
  }

  /** evict is deletePodHandler + addConditionAndDeletePod. */
  private async evict(key: string): Promise<void> {
    this.podEvent(key, `Marking for deletion Pod ${key}`);
    const [namespace, name] = key.split('/') as [string, string];
    let lastErr: unknown;
    for (let i = 0; i < 5; i++) {
      try {
        const pod = (await this.ctx.client.get(podKind, namespace, name)) as P;
        const conditions = [...(pod.status?.conditions ?? [])];
        const cond: PodCondition = {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
          lastTransitionTime: formatTime(this.ctx.clock.now()),
        } as PodCondition;
        const i = conditions.findIndex((c) => c.type === 'DisruptionTarget');
        const prev = i >= 0 ? conditions[i] : undefined;
        if (!prev || prev.status !== cond.status || prev.reason !== cond.reason || prev.message !== cond.message) {
          if (prev?.status === cond.status) cond.lastTransitionTime = prev.lastTransitionTime;
          if (i >= 0) conditions[i] = cond;
          else conditions.push(cond);
          await this.ctx.client.update(podKind, namespace, { ...pod, status: { ...pod.status, conditions } } as KubeObject, { subresource: 'status' });
        }
        await this.ctx.client.delete(podKind, namespace, name, { preconditions: { uid: pod.metadata.uid } });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
        lastErr = err;
      }
    }
    throw lastErr;
  }
}
