import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isNotFound, isAlreadyExists } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext, splitKey } from './controller.js';
import { isPodReady } from './pod-utils.js';

type Svc = Service & KubeObject;
type P = Pod & KubeObject;

const podKind = mustKind('v1', 'Pod');
const svcKind = mustKind('v1', 'Service');
const epKind = mustKind('v1', 'Endpoints');

const matches = (selector: Record<string, string>, labels: Record<string, string> | undefined) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** resolvePort finds the container port a service targetPort names (a number, or a named container port). */
function resolvePort(pod: Pod, target: number | string | undefined, fallback: number): number | undefined {
  if (target === undefined) return fallback;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return undefined;
}

/**
 * EndpointsController keeps each selector Service's Endpoints object listing its pods: ready pods under
 * addresses, not-ready ones under notReadyAddresses, terminating ones dropped, ports resolved per pod.
 */
export class EndpointsController extends Controller {
  private readonly pods;
  private readonly services;
  private readonly endpoints;

  constructor(ctx: ControllerContext) {
    super(ctx, 'endpoint-controller');
    this.pods = ctx.informers.for<P>(podKind);
    this.services = ctx.informers.for<Svc>(svcKind);
    this.endpoints = ctx.informers.for(epKind);
    this.services.on({ add: (s) => this.enqueue(objectKey(s)), update: (s) => this.enqueue(objectKey(s)), delete: (s) => this.enqueue(objectKey(s)) });
    const onPod = (p: P, old?: P) => {
      for (const s of this.services.list()) {
        if (s.metadata.namespace !== p.metadata.namespace || !s.spec?.selector) continue;
        if (matches(s.spec.selector, p.metadata.labels) || (old && matches(s.spec.selector, old.metadata.labels))) this.enqueue(objectKey(s));
      }
    };
    this.pods.on({ add: (p) => onPod(p), update: (p, old) => onPod(p, old), delete: (p) => onPod(p) });
  }

  async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(key);
    if (!svc) {
      // The Service is gone; its Endpoints go with it (the garbage collector would not: they have no owner).
      if (this.endpoints.get(key)) {
        try {
          await this.ctx.client.delete(epKind, namespace, name);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      return;
    }
    const selector = svc.spec?.selector;
    if (!selector || svc.spec?.type === 'ExternalName') return; // endpoints are someone else's to manage
    const subsets = new Map<string, EndpointSubset>();
    const pods = this.pods
      .list()
      .filter((p) => p.metadata.namespace === namespace && matches(selector, p.metadata.labels))
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    for (const p of pods) {
      if (!p.status?.podIP || p.metadata.deletionTimestamp) continue;
      const ports: EndpointPort[] = [];
      let ok = true;
      for (const sp of svc.spec?.ports ?? []) {
        const port = resolvePort(p, sp.targetPort as number | string | undefined, sp.port);
        if (port === undefined) {
          ok = false;
          break;
        }
        const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
        if (sp.name) ep.name = sp.name;
        ports.push(ep);
      }
      if (!ok) continue;
      const addr: EndpointAddress = {
        ip: p.status.podIP,
        nodeName: p.spec?.nodeName,
        targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
      };
      const sig = JSON.stringify(ports);
      let subset = subsets.get(sig);
      if (!subset) subsets.set(sig, (subset = { ports }));
      const ready = isPodReady(p) || svc.spec?.publishNotReadyAddresses;
      const list = ready ? ((subset as { addresses?: EndpointAddress[] }).addresses ??= []) : ((subset as { notReadyAddresses?: EndpointAddress[] }).notReadyAddresses ??= []);
      list.push(addr);
    }
    const want = [...subsets.values()];
    const cur = this.endpoints.get(key);
    const labels = { ...(svc.metadata.labels ?? {}), 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' };
    if (cur && JSON.stringify(cur.subsets ?? []) === JSON.stringify(want) && JSON.stringify(cur.metadata.labels ?? {}) === JSON.stringify(labels)) return;
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name,
        namespace,
        labels,
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': formatTime(this.ctx.clock.now()) },
      },
    };
    if (want.length) body.subsets = want;
    try {
      if (cur) await this.ctx.client.update(epKind, namespace, { ...body, metadata: { ...body.metadata, resourceVersion: cur.metadata.resourceVersion } });
      else await this.ctx.client.create(epKind, namespace, body);
    } catch (err) {
      if (isAlreadyExists(err) || isNotFound(err)) this.queue.addAfter(key, 10);
      else throw err;
    }
  }
}
