import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isConflict, isNotFound } from '../api/api-error.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext } from './controller.js';
import { isPodReady } from './pod-utils.js';

type Ing = Ingress & KubeObject;
type P = Pod & KubeObject;

const ingKind = mustKind('networking.k8s.io/v1', 'Ingress');
const classKind = mustKind('networking.k8s.io/v1', 'IngressClass');
const podKind = mustKind('v1', 'Pod');

/** The controller name ingress-nginx claims IngressClasses by (spec.controller). */
export const INGRESS_NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
/** Where the ingress addon runs its controller, and the labels of its pods. */
export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';
export const INGRESS_NGINX_POD_LABELS = { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };

const DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';

/**
 * ownsIngress tells whether an Ingress is of a class ingress-nginx controls: its spec.ingressClassName (or the old
 * kubernetes.io/ingress.class annotation) names one, or it names none and ingress-nginx's class is the default.
 */
export function ownsIngress(ing: Ingress & KubeObject, classes: (IngressClass & KubeObject)[]): boolean {
  const name = ing.spec?.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  const ours = classes.filter((c) => c.spec?.controller === INGRESS_NGINX_CONTROLLER);
  if (name) return ours.some((c) => c.metadata.name === name);
  return ours.some((c) => c.metadata.annotations?.[DEFAULT_CLASS] === 'true');
}

/**
 * IngressNginxController is the status half of the ingress addon's controller pod (ingress-nginx): while a Ready
 * controller pod runs, every Ingress of a class it owns (spec.ingressClassName, the old kubernetes.io/ingress.class
 * annotation, or none when its class is the default) gets the pod's node address in status.loadBalancer (the
 * ADDRESS column) and a `Sync` event; when the controller goes (addon disabled) the address is taken back, as
 * ingress-nginx does on shutdown. Routing the requests themselves is the networking layer's.
 */
export class IngressNginxController extends Controller {
  private readonly ingresses;
  private readonly classes;
  private readonly pods;
  /** The Ingress generations already announced with a Sync event, by uid. */
  private readonly synced = new Map<string, number>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'nginx-ingress-controller');
    this.ingresses = ctx.informers.for<Ing>(ingKind);
    this.classes = ctx.informers.for<IngressClass & KubeObject>(classKind);
    this.pods = ctx.informers.for<P>(podKind);
    const all = () => {
      for (const i of this.ingresses.list()) this.enqueue(objectKey(i));
    };
    this.ingresses.on({ add: (i) => this.enqueue(objectKey(i)), update: (i) => this.enqueue(objectKey(i)), delete: (i) => this.synced.delete(i.metadata.uid!) });
    this.classes.on({ add: all, update: all, delete: all });
    const onPod = (p: P) => {
      if (p.metadata.namespace === INGRESS_NGINX_NAMESPACE && p.metadata.labels?.['app.kubernetes.io/component'] === 'controller') all();
    };
    this.pods.on({ add: onPod, update: onPod, delete: onPod });
  }

  /** The node address of a Ready controller pod, or undefined when none runs. */
  private controllerAddress(): string | undefined {
    const pod = this.pods
      .list()
      .find((p) => p.metadata.namespace === INGRESS_NGINX_NAMESPACE && !p.metadata.deletionTimestamp && Object.entries(INGRESS_NGINX_POD_LABELS).every(([k, v]) => p.metadata.labels?.[k] === v) && isPodReady(p));
    return pod?.status?.hostIP;
  }


  async reconcile(key: string): Promise<void> {
    const ing = this.ingresses.get(key);
    if (!ing || ing.metadata.deletionTimestamp) return;
    const address = ownsIngress(ing, this.classes.list()) ? this.controllerAddress() : undefined;
    const want = address ? [{ ip: address }] : [];
    const have = ing.status?.loadBalancer?.ingress ?? [];
    if (address && this.synced.get(ing.metadata.uid!) !== ing.metadata.generation) {
      this.synced.set(ing.metadata.uid!, ing.metadata.generation ?? 0);
      this.recorder.event(ing, 'Normal', 'Sync', 'Scheduled for sync');
    }
    if (JSON.stringify(have) === JSON.stringify(want)) return;
    try {
      await this.ctx.client.update(ingKind, ing.metadata.namespace, { ...ing, status: { ...ing.status, loadBalancer: { ingress: want } } } as KubeObject, { subresource: 'status' });
    } catch (err) {
      if (isConflict(err)) return this.enqueue(key);
      if (!isNotFound(err)) throw err;
    }
  }
}
