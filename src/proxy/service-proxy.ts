import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import type { SharedInformers } from '../controllers/controller.js';

type Svc = Service & KubeObject;
type Slice = EndpointSlice & KubeObject;

const svcKind = mustKind('v1', 'Service');
const sliceKind = mustKind('discovery.k8s.io/v1', 'EndpointSlice');

/** Backend is one place a Service port sends a connection: a ready pod and the port its container listens on. */
export interface Backend {
  namespace: string;
  pod: string;
  ip: string;
  port: number;
  node?: string;
}

/** Client is where a connection comes from, for session affinity and internalTrafficPolicy: Local. */
export interface Client {
  ip: string;
  /** The node the client runs on, for traffic from inside the cluster. */
  node?: string;
}

/**
 * ServiceProxy is kube-proxy's routing table, read from Services and EndpointSlices as kube-proxy reads them:
 * a Service port goes to the ready, not terminating endpoints of its slices (with the port resolved per slice, so a
 * named targetPort works), one connection at a time, round robin (IPVS's rr: fair and easy to watch; iptables mode
 * picks at random). sessionAffinity ClientIP keeps a client on its backend while that backend stays ready;
 * internalTrafficPolicy Local keeps in-cluster traffic on the client's node (and drops it when none is there).
 * No backend means the connection is refused, as kube-proxy's REJECT rule does.
 */
export class ServiceProxy {
  private readonly services;
  private readonly slices;
  /** The next backend per service port (round robin). */
  private readonly next = new Map<string, number>();
  /** sessionAffinity ClientIP: client IP → backend, per service port. */
  private readonly affinity = new Map<string, Map<string, string>>();

  constructor(informers: SharedInformers) {
    this.services = informers.for<Svc>(svcKind);
    this.slices = informers.for<Slice>(sliceKind);
  }

  service(namespace: string, name: string): Svc | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  /** onServices calls fn whenever a Service is added, changed or deleted; it returns an unsubscribe. */
  onServices(fn: () => void): () => void {
    return this.services.on({ add: fn, update: fn, delete: fn });
  }

  /** nodePorts lists every service port a node port opens (NodePort and LoadBalancer Services). */
  nodePorts(): { service: Svc; port: ServicePort }[] {
    const out: { service: Svc; port: ServicePort }[] = [];
    for (const s of this.services.list()) for (const p of s.spec?.ports ?? []) if (p.nodePort && (p.protocol ?? 'TCP') === 'TCP') out.push({ service: s, port: p });
    return out;
  }

  /** loadBalancerPorts lists every TCP port of the LoadBalancer Services (what a tunnel serves). */
  loadBalancerPorts(): { service: Svc; port: ServicePort }[] {
    const out: { service: Svc; port: ServicePort }[] = [];
    for (const s of this.services.list()) if (s.spec?.type === 'LoadBalancer') for (const p of s.spec.ports ?? []) if ((p.protocol ?? 'TCP') === 'TCP') out.push({ service: s, port: p });
    return out;
  }

  /** backends lists where a service port can send a connection now (ready, not terminating), in a stable order. */
  backends(service: Svc, port: ServicePort): Backend[] {
    const ns = service.metadata.namespace!;
    const out: Backend[] = [];
    for (const slice of this.slices.list()) {
      if (slice.metadata.namespace !== ns || slice.metadata.labels?.['kubernetes.io/service-name'] !== service.metadata.name) continue;
      const sp = slice.ports?.find((p) => (p.name ?? '') === (port.name ?? '') && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
      if (!sp?.port) continue;
      for (const e of slice.endpoints ?? []) {
        if (e.conditions?.ready === false || e.conditions?.terminating) continue;
        if (e.targetRef?.kind !== 'Pod' || !e.addresses?.[0]) continue;
        out.push({ namespace: e.targetRef.namespace ?? ns, pod: e.targetRef.name!, ip: e.addresses[0], port: sp.port, node: e.nodeName });
      }
    }
    return out.sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
  }

  /** pick chooses the backend of one new connection to a service port, or undefined: refused. */
  pick(service: Svc, port: ServicePort, client: Client): Backend | undefined {
    let all = this.backends(service, port);
    if (service.spec?.internalTrafficPolicy === 'Local' && client.node) all = all.filter((b) => b.node === client.node);
    if (!all.length) return undefined;
    const key = `${service.metadata.namespace}/${service.metadata.name}:${port.name ?? port.port}`;
    if (service.spec?.sessionAffinity === 'ClientIP') {
      let byClient = this.affinity.get(key);
      if (!byClient) this.affinity.set(key, (byClient = new Map()));
      const kept = all.find((b) => b.pod === byClient.get(client.ip));
      if (kept) return kept;
      const chosen = this.roundRobin(key, all);
      byClient.set(client.ip, chosen.pod);
      return chosen;
    }
    return this.roundRobin(key, all);
  }

  private roundRobin(key: string, all: Backend[]): Backend {
    const i = (this.next.get(key) ?? 0) % all.length;
    this.next.set(key, i + 1);
    return all[i]!;
  }
}
