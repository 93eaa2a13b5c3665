import type { KubeObject } from '../api/types.js';
import type { KindInfo } from '../api/kinds.js';
import { Informer } from '../client/informer.js';
import type { KubeClient } from '../client/types.js';
import { EventRecorder, type EventSource } from '../client/event-recorder.js';
import type { Clock } from '../cluster/clock.js';
import type { Activity } from '../cluster/activity.js';
import { WorkQueue } from './workqueue.js';
import type { Expectations } from './expectations.js';
import { fromLabelSelector } from '../api/selectors.js';
import { objectKey, type InformerHandler } from '../client/informer.js';

/**
 * SharedInformers hands out one informer per resource to every component in the process, so the pods are
 * listed and watched once however many controllers read them (client-go's SharedInformerFactory).
 */
export class SharedInformers {
  private readonly informers = new Map<string, Informer>();

  constructor(private readonly client: KubeClient) {}

  for<T extends KubeObject = KubeObject>(k: KindInfo): Informer<T> {
    const key = `${k.group}/${k.resource}`;
    let inf = this.informers.get(key);
    if (!inf) this.informers.set(key, (inf = new Informer(this.client, k)));
    return inf as unknown as Informer<T>;
  }

  start(): void {
    for (const inf of this.informers.values()) inf.start();
  }

  async synced(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.synced));
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }
}

/** ControllerContext is what every control-plane component is built with. */
export interface ControllerContext {
  client: KubeClient;
  clock: Clock;
  activity: Activity;
  informers: SharedInformers;
  /** The node name of the control plane, used as the host of events. */
  nodeName: string;
  log?: (msg: string) => void;
}

/**
 * Controller is the base of every controller: informers enqueue keys, and reconcile(key) drives the world
 * toward the desired state for that key. Subclasses register their informer handlers in their constructor.
 */
export abstract class Controller {
  protected readonly queue: WorkQueue;
  protected readonly recorder: EventRecorder;

  constructor(
    protected readonly ctx: ControllerContext,
    readonly name: string,
  ) {
    this.queue = new WorkQueue(
      (key) => this.reconcile(key),
      ctx.clock,
      ctx.activity,
      (key, err) => ctx.log?.(`${name}: reconcile ${key}: ${err instanceof Error ? err.message : String(err)}`),
      name,
    );
    this.recorder = this.makeRecorder({ component: name });
  }

  protected makeRecorder(source: EventSource): EventRecorder {
    return new EventRecorder(this.ctx.client, this.ctx.clock, this.ctx.activity, source);
  }

  /** reconcile brings one object (by `namespace/name` key) to its desired state. */
  abstract reconcile(key: string): Promise<void>;

  enqueue(key: string): void {
    this.queue.add(key);
  }

  stop(): void {
    this.queue.stop();
  }
}

/** splitKey turns `namespace/name` (or `name`) back into its parts. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/**
 * controllerRef is the ownerReference a controller puts on what it makes: controller and blockOwnerDeletion
 * set, as metav1.NewControllerRef does. The owner comes from an informer, so it carries its apiVersion and kind.
 */
export function controllerRef(owner: KubeObject) {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** controllerOf returns the controller ownerReference of an object, if any. */
export function controllerOf(o: KubeObject): { uid: string; kind: string; name: string; apiVersion: string } | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

/** CONTROLLER_INDEX indexes objects by their controller's uid, orphans under orphanKey(namespace) (the
 * controllerUIDIndex kube-controller-manager's workload controllers look their pods up by). */
export const CONTROLLER_INDEX = 'controllerUID';

export const orphanKey = (namespace: string | undefined) => `orphan/${namespace ?? ''}`;

function controllerIndex(o: KubeObject): string[] {
  const ref = controllerOf(o);
  return [ref ? ref.uid : orphanKey(o.metadata.namespace)];
}

/** NODE_INDEX indexes pods by spec.nodeName ('' for unscheduled ones). */
export const NODE_INDEX = 'nodeName';

function nodeIndex(o: KubeObject): string[] {
  return [(o.spec as { nodeName?: string } | undefined)?.nodeName ?? ''];
}

/** indexed adds the shared controller and node indexes to an informer. */
export function indexed<T extends KubeObject>(inf: Informer<T>): Informer<T> {
  return inf.addIndex(CONTROLLER_INDEX, controllerIndex).addIndex(NODE_INDEX, nodeIndex);
}

/** ownedAndOrphans lists the objects an owner controls plus the orphans of its namespace (candidates to adopt). */
export function ownedAndOrphans<T extends KubeObject>(inf: Informer<T>, owner: KubeObject): T[] {
  return [...inf.byIndex(CONTROLLER_INDEX, owner.metadata.uid ?? ''), ...inf.byIndex(CONTROLLER_INDEX, orphanKey(owner.metadata.namespace))];
}

/** ownedBy lists the objects an owner controls. */
export function ownedBy<T extends KubeObject>(inf: Informer<T>, owner: KubeObject): T[] {
  return inf.byIndex(CONTROLLER_INDEX, owner.metadata.uid ?? '');
}

/**
 * ownedPodHandlers are the pod event handlers of a controller that makes pods under expectations (ReplicaSet,
 * DaemonSet): a new pod fulfils its owner's creation, a pod marked for deletion or gone fulfils its deletion (so the
 * owner replaces a Terminating pod at once), a change of owner wakes both owners, and an orphan wakes every owner
 * of its namespace whose selector matches it (a candidate for adoption).
 */
export function ownedPodHandlers<P extends KubeObject>(
  ownerKind: string,
  expectations: Expectations,
  owners: { list(): (KubeObject & { spec?: { selector?: Parameters<typeof fromLabelSelector>[0] } })[] },
  enqueue: (key: string) => void,
): InformerHandler<P> {
  const ownerKey = (p: P) => {
    const ref = controllerOf(p);
    return ref && ref.kind === ownerKind ? `${p.metadata.namespace}/${ref.name}` : undefined;
  };
  const enqueueMatching = (p: P) => {
    for (const o of owners.list())
      if (o.metadata.namespace === p.metadata.namespace && fromLabelSelector(o.spec?.selector).matches(p.metadata.labels))
        enqueue(objectKey(o));
  };
  return {
    add: (p) => {
      const owner = ownerKey(p);
      if (!owner) return enqueueMatching(p);
      expectations.creationObserved(owner);
      enqueue(owner);
    },
    update: (p, old) => {
      const owner = ownerKey(p);
      const oldOwner = ownerKey(old);
      if (owner) {
        if (p.metadata.deletionTimestamp) expectations.deletionObserved(owner, objectKey(p));
        enqueue(owner);
      } else enqueueMatching(p);
      if (oldOwner && oldOwner !== owner) enqueue(oldOwner);
    },
    delete: (p) => {
      const owner = ownerKey(p);
      if (!owner) return;
      expectations.deletionObserved(owner, objectKey(p));
      enqueue(owner);
    },
  };
}
