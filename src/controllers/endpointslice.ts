import type { Endpoints, Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isAlreadyExists, isConflict, isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { Controller, type ControllerContext, splitKey, controllerRef } from './controller.js';
import { isPodReady } from './pod-utils.js';

type Svc = Service & KubeObject;
type P = Pod & KubeObject;
type Slice = EndpointSlice & KubeObject;

const podKind = mustKind('v1', 'Pod');
const svcKind = mustKind('v1', 'Service');
const epKind = mustKind('v1', 'Endpoints');
const sliceKind = mustKind('discovery.k8s.io/v1', 'EndpointSlice');

/** The labels every slice carries (discovery.LabelServiceName, discovery.LabelManagedBy). */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** The managed-by value of kube-controller-manager's EndpointSlice controller. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
const LABEL_HEADLESS = 'service.kubernetes.io/headless';
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
/** --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

const matches = (selector: Record<string, string>, labels: Record<string, string> | undefined) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

const json = (v: unknown) => JSON.stringify(v ?? null);

/** findPort is upstream's findPort: a number as is, a name looked up among the pod's container ports of that protocol. */
function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  const protocol = sp.protocol ?? 'TCP';
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** endpointPorts resolves a Service's ports for one pod; a port the pod cannot serve is left out (upstream logs and skips it). */
function endpointPorts(svc: Svc, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** podToEndpoint is upstream's podToEndpoint: serving = Ready, terminating = deletionTimestamp, ready = serving && !terminating. */
function podToEndpoint(svc: Svc, pod: P): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip && !ip.includes(':'));
  if (!ips.length && pod.status?.podIP) ips.push(pod.status.podIP);
  const ep: Endpoint = {
    addresses: ips,
    conditions: { ready, serving, terminating },
  };
  // A pod with spec.hostname in the Service's subdomain gets a DNS name (headless services).
  if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name) ep.hostname = pod.spec.hostname;
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  // zone: only when the node has topology.kubernetes.io/zone, which a minikube node does not.
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  return ep;
}

/** shouldPodBeInEndpoints: not finished, has an IP; terminating pods are included (with ready=false). */
function shouldPodBeInEndpoints(p: P): boolean {
  if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return false;
  return !!(p.status?.podIP || p.status?.podIPs?.length);
}

interface Desired {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

/**
 * EndpointSliceController keeps discovery.k8s.io/v1 EndpointSlices for every Service with a selector, as
 * kube-controller-manager's endpointslice-controller does: slices named `<service>-<5 chars>`, labelled with
 * the service name and the managing controller, owned by the Service, at most 100 endpoints each, one group of
 * slices per distinct set of resolved ports; terminating pods stay listed with ready=false. It also plays the
 * API server's endpoints reconciler for the `kubernetes` Service: a slice named `kubernetes`, no owner, mirroring
 * the apiserver's address from the `kubernetes` Endpoints.
 */
export class EndpointSliceController extends Controller {
  private readonly pods;
  private readonly services;
  private readonly endpoints;
  private readonly slices;

  constructor(ctx: ControllerContext) {
    super(ctx, 'endpointslice-controller');
    this.pods = ctx.informers.for<P>(podKind);
    this.services = ctx.informers.for<Svc>(svcKind);
    this.endpoints = ctx.informers.for<Endpoints & KubeObject>(epKind);
    this.slices = ctx.informers.for<Slice>(sliceKind);
    const onSvc = (s: Svc) => this.enqueue(objectKey(s));
    this.services.on({ add: onSvc, update: onSvc, delete: onSvc });
    const onPod = (p: P, old?: P) => {
      for (const s of this.services.list()) {
        if (s.metadata.namespace !== p.metadata.namespace || !s.spec?.selector) continue;
        if (matches(s.spec.selector, p.metadata.labels) || (old && matches(s.spec.selector, old.metadata.labels))) this.enqueue(objectKey(s));
      }
    };
    this.pods.on({ add: (p) => onPod(p), update: (p, old) => onPod(p, old), delete: (p) => onPod(p) });
    // A slice changed or removed behind our back is put right (only ours, and the apiserver's `kubernetes` one).
    const onSlice = (s: Slice) => {
      const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
      if (svc && (s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME || (svc === 'kubernetes' && s.metadata.namespace === 'default')))
        this.enqueue(`${s.metadata.namespace}/${svc}`);
    };
    this.slices.on({ update: onSlice, delete: onSlice });
    this.endpoints.on({
      add: (e) => objectKey(e) === 'default/kubernetes' && this.enqueue('default/kubernetes'),
      update: (e) => objectKey(e) === 'default/kubernetes' && this.enqueue('default/kubernetes'),
    });
  }

  async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    if (!namespace) return;
    const svc = this.services.get(key);
    if (key === 'default/kubernetes') return this.reconcileAPIServer();
    // A deleted Service's slices are owned by it: the garbage collector removes them.
    if (!svc || svc.metadata.deletionTimestamp) return;
    if (!svc.spec?.selector || svc.spec.type === 'ExternalName') return;
    const selector = svc.spec.selector;
    const addressType = svc.spec.ipFamilies?.[0] === 'IPv6' ? 'IPv6' : 'IPv4';

    // Desired endpoints, grouped by their resolved ports (upstream's endpointMeta).
    const groups = new Map<string, Desired>();
    const pods = this.pods
      .list()
      .filter((p) => p.metadata.namespace === namespace && matches(selector, p.metadata.labels) && shouldPodBeInEndpoints(p))
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    for (const p of pods) {
      const ep = podToEndpoint(svc, p);
      if (!ep.addresses.length) continue;
      const ports = endpointPorts(svc, p);
      const sig = json(ports);
      let g = groups.get(sig);
      if (!g) groups.set(sig, (g = { ports, endpoints: [] }));
      g.endpoints.push(ep);
    }

    const existing = (
      await this.ctx.client.list<Slice>(sliceKind, namespace, { labelSelector: `${LABEL_SERVICE_NAME}=${name},${LABEL_MANAGED_BY}=${CONTROLLER_NAME}` })
    ).items.filter((s) => !s.metadata.deletionTimestamp);
    const labels = this.sliceLabels(svc);
    const toCreate: Slice[] = [];
    const toUpdate: Slice[] = [];
    const toDelete: Slice[] = [];
    const keep: Slice[] = [];

    const bySig = new Map<string, Slice[]>();
    for (const s of existing) {
      const sig = s.addressType === addressType ? json(s.ports ?? []) : '\u0000other';
      if (!bySig.has(sig)) bySig.set(sig, []);
      bySig.get(sig)!.push(s);
    }
    for (const [sig, g] of groups) {
      const pool = new Map(g.endpoints.map((e) => [e.addresses[0]!, e]));
      const slices = bySig.get(sig) ?? [];
      bySig.delete(sig);
      const open: { slice: Slice; endpoints: Endpoint[]; changed: boolean }[] = [];
      for (const s of slices) {
        let changed = false;
        const eps: Endpoint[] = [];
        for (const e of s.endpoints ?? []) {
          const want = pool.get(e.addresses[0] ?? '');
          if (!want) {
            changed = true;
            continue;
          }
          pool.delete(e.addresses[0]!);
          if (json(want) !== json(e)) changed = true;
          eps.push(want);
        }
        if (!eps.length) {
          toDelete.push(s);
          continue;
        }
        open.push({ slice: s, endpoints: eps, changed });
      }
      // New endpoints go first into slices that have room, then into new slices of at most 100.
      const rest = [...pool.values()];
      for (const o of open) {
        while (rest.length && o.endpoints.length < MAX_ENDPOINTS_PER_SLICE) {
          o.endpoints.push(rest.shift()!);
          o.changed = true;
        }
        if (o.changed || json(o.slice.metadata.labels) !== json(labels)) toUpdate.push(this.withEndpoints(o.slice, o.endpoints, labels));
        else keep.push(o.slice);
      }
      while (rest.length) toCreate.push(this.newSlice(svc, addressType, g.ports, rest.splice(0, MAX_ENDPOINTS_PER_SLICE), labels));
    }
    for (const slices of bySig.values()) toDelete.push(...slices);

    // No endpoints at all: one placeholder slice with neither ports nor endpoints stays.
    if (!toCreate.length && !toUpdate.length && !keep.length) {
      const placeholder = toDelete.find((s) => s.addressType === addressType && !(s.endpoints ?? []).length && !(s.ports ?? []).length);
      if (placeholder) {
        toDelete.splice(toDelete.indexOf(placeholder), 1);
        if (json(placeholder.metadata.labels) !== json(labels)) toUpdate.push(this.withEndpoints(placeholder, [], labels));
      } else toCreate.push(this.newSlice(svc, addressType, [], [], labels));
    }
    // Upstream turns a create plus a delete into an update of the slice that would go (names stay stable).
    while (toCreate.length && toDelete.length) {
      const i = toDelete.findIndex((s) => s.addressType === toCreate[toCreate.length - 1]!.addressType);
      if (i < 0) break;
      const old = toDelete.splice(i, 1)[0]!;
      const next = toCreate.pop()!;
      toUpdate.push({ ...next, metadata: { ...old.metadata, labels: next.metadata.labels, annotations: next.metadata.annotations } });
    }

    try {
      for (const s of toDelete) await this.ctx.client.delete(sliceKind, namespace, s.metadata.name!).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
      for (const s of toUpdate) {
        const body = { ...s, metadata: { ...s.metadata, annotations: { ...(s.metadata.annotations ?? {}), [TRIGGER_TIME]: formatTime(this.ctx.clock.now()) } } };
        await this.ctx.client.update(sliceKind, namespace, body);
      }
      for (const s of toCreate) await this.ctx.client.create(sliceKind, namespace, s);
    } catch (err) {
      // Someone else wrote a slice first: look again shortly.
      if (isConflict(err) || isAlreadyExists(err) || isNotFound(err)) this.queue.addAfter(key, 10);
      else throw err;
    }
  }

  private sliceLabels(svc: Svc): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (k !== LABEL_SERVICE_NAME && k !== LABEL_MANAGED_BY && k !== LABEL_HEADLESS) labels[k] = v;
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None') labels[LABEL_HEADLESS] = '';
    labels[LABEL_SERVICE_NAME] = svc.metadata.name!;
    labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
    return labels;
  }

  private withEndpoints(s: Slice, endpoints: Endpoint[], labels: Record<string, string>): Slice {
    return { ...s, metadata: { ...s.metadata, labels }, endpoints: (endpoints.length ? endpoints : null) as unknown as Endpoint[] };
  }

  private newSlice(svc: Svc, addressType: string, ports: EndpointPort[], endpoints: Endpoint[], labels: Record<string, string>): Slice {
    return {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${svc.metadata.name}-`,
        namespace: svc.metadata.namespace,
        labels,
        annotations: { [TRIGGER_TIME]: formatTime(this.ctx.clock.now()) },
        ownerReferences: [controllerRef(svc)],
      },
      addressType,
      // Go writes nil slices as null: an empty slice reads back with `endpoints: null`, `ports: null`.
      endpoints: (endpoints.length ? endpoints : null) as unknown as Endpoint[],
      ports: (ports.length ? ports : null) as unknown as EndpointPort[],
    };
  }

  /**
   * reconcileAPIServer is kube-apiserver's EndpointsAdapter for the `kubernetes` Service: a slice named
   * `kubernetes` (no generateName, no owner), label kubernetes.io/service-name only, one ready endpoint per
   * apiserver address, the ports of the `kubernetes` Endpoints.
   */
  private async reconcileAPIServer(): Promise<void> {
    const ep = this.endpoints.get('default/kubernetes');
    if (!ep) return;
    const ips = [...new Set((ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)))].sort();
    const ports: EndpointPort[] = (ep.subsets?.[0]?.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
    const want = {
      labels: { [LABEL_SERVICE_NAME]: 'kubernetes' },
      endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
      ports,
    };
    let cur: Slice | undefined;
    try {
      cur = await this.ctx.client.get<Slice>(sliceKind, 'default', 'kubernetes');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (cur && json(cur.metadata.labels) === json(want.labels) && json(cur.endpoints) === json(want.endpoints) && json(cur.ports) === json(want.ports) && cur.addressType === 'IPv4')
      return;
    const body: Slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { ...(cur?.metadata ?? {}), name: 'kubernetes', namespace: 'default', labels: want.labels },
      addressType: 'IPv4',
      endpoints: want.endpoints,
      ports: want.ports,
    };
    try {
      if (cur) await this.ctx.client.update(sliceKind, 'default', body);
      else await this.ctx.client.create(sliceKind, 'default', body);
    } catch (err) {
      if (isConflict(err) || isAlreadyExists(err) || isNotFound(err)) this.queue.addAfter('default/kubernetes', 10);
      else throw err;
    }
  }
}
