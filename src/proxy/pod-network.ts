import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import type { SharedInformers } from '../controllers/controller.js';
import type { HttpRequest, HttpResponse, PodConnection } from '../kubelet/serving.js';
import type { ServiceProxy } from './service-proxy.js';
import type { NetworkPolicies } from './network-policy.js';

type Svc = Service & KubeObject;
type P = Pod & KubeObject;

const svcKind = mustKind('v1', 'Service');
const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');

/** The cluster domain and CoreDNS's Service address (minikube's). */
export const CLUSTER_DOMAIN = 'cluster.local';
export const DNS_SERVER = '10.96.0.10';

/** Answer is what the cluster DNS says of a name: its full name and addresses (a CNAME for ExternalName). */
export interface Answer {
  name: string;
  addresses: string[];
  cname?: string;
}

/** Why a connection from inside a pod failed: the name, a closed port, or a drop (a timeout). */
export type Failure = { error: 'resolve' | 'refused' | 'unreachable'; ip?: string; port: number };

/** The outcome of one HTTP exchange from inside a pod. */
export type Exchange = { response: HttpResponse; ip: string; port: number } | Failure;

/** PodNetwork is the network a container sees: the cluster DNS, and connections to Services and pods. */
export interface PodNetwork {
  readonly nameserver: string;
  /** resolve looks a name up as the pod's resolv.conf does (search `<ns>.svc.cluster.local svc.cluster.local cluster.local`). */
  resolve(name: string): Answer | undefined;
  /** http sends one request to host:port (a name, a Service IP or a pod IP) and waits for the answer. */
  http(host: string, port: number, req: Omit<HttpRequest, 'clientIP' | 'clientPort'>): Exchange;
  /** redis sends one command to a redis server at host:port. */
  redis(host: string, port: number, argv: string[]): { reply: string } | Failure;
}

/**
 * ClusterNetwork is CoreDNS and the pod network as one simulation: Services resolve to their cluster IP
 * (`web`, `web.default`, `web.default.svc`, `web.default.svc.cluster.local`), headless ones to their ready pods'
 * addresses, ExternalName ones to a CNAME; pods by their dashed address (`10-244-0-5.default.pod.cluster.local`).
 * A connection to a Service IP goes through kube-proxy's table (as from this pod and node, so
 * internalTrafficPolicy Local applies), to a pod IP straight to that pod. There is no way out of the cluster:
 * other names do not resolve, other addresses do not answer.
 */
export class ClusterNetwork {
  private readonly services;
  private readonly pods;
  private readonly nodes;

  constructor(
    informers: SharedInformers,
    private readonly proxy: ServiceProxy,
    private readonly connect: (namespace: string, name: string, port: number) => PodConnection,
    private readonly policies: NetworkPolicies,
    private readonly redisCall: (namespace: string, name: string, port: number, argv: string[]) => { reply: string } | { refused: string },
  ) {
    this.services = informers.for<Svc>(svcKind);
    this.pods = informers.for<P>(podKind);
    this.nodes = informers.for<Node & KubeObject>(nodeKind);
  }

  /** forPod is the network as one pod sees it (its namespace's search path, its address, its node). */
  forPod(namespace: string, podIP: () => string | undefined, node: string): PodNetwork {
    return {
      nameserver: DNS_SERVER,
      resolve: (name) => this.resolve(name, namespace),
      http: (host, port, req) => this.http(host, port, req, { ip: podIP() ?? '', node }, namespace),
      redis: (host, port, argv) => this.redis(host, port, argv, { ip: podIP() ?? '', node }, namespace),
    };
  }

  private lookup(fqdn: string): Answer | undefined {
    const name = fqdn.replace(/\.$/, '');
    const svc = new RegExp(`^([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.${CLUSTER_DOMAIN.replace('.', '\\.')}$`).exec(name);
    if (svc) {
      const s = this.services.get(`${svc[2]}/${svc[1]}`);
      if (!s) return undefined;
      if (s.spec?.type === 'ExternalName') return { name, addresses: [], cname: s.spec.externalName };
      if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') return { name, addresses: [s.spec.clusterIP] };
      // Headless: the ready pods behind it.
      const ips = s.spec?.ports?.length ? this.proxy.backends(s, s.spec.ports[0]!).map((b) => b.ip) : [];
      return ips.length ? { name, addresses: [...new Set(ips)].sort() } : undefined;
    }
    const pod = new RegExp(`^(\\d+-\\d+-\\d+-\\d+)\\.([a-z0-9-]+)\\.pod\\.${CLUSTER_DOMAIN.replace('.', '\\.')}$`).exec(name);
    if (pod) return { name, addresses: [pod[1]!.replace(/-/g, '.')] };
    return undefined;
  }

  /** resolve tries the name as given when it has a dot, and with each search domain (ndots 5, as in a pod). */
  resolve(name: string, namespace: string): Answer | undefined {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { name, addresses: [name] };
    const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
    const tries = name.endsWith('.') ? [name] : [...search.map((d) => `${name}.${d}`), name];
    for (const t of tries) {
      const a = this.lookup(t);
      if (a) return a;
    }
    return undefined;
  }

  /**
   * route finds where a connection from a pod to host:port lands: a Service's cluster IP goes through kube-proxy, a
   * node's address at a node port too, a pod IP (or the pod's own localhost) to that pod; NetworkPolicies apply.
   */
  private route(host: string, port: number, client: { ip: string; node: string }, namespace: string): { namespace: string; pod: string; port: number; ip: string } | Failure {
    let answer = host === 'localhost' ? { name: host, addresses: ['127.0.0.1'] } : this.resolve(host, namespace);
    for (let hops = 0; answer?.cname && hops < 5; hops++) answer = this.resolve(answer.cname, namespace);
    const ip = answer?.addresses[0];
    if (!ip) return { error: 'resolve', port };
    const from = { ip: client.ip, pod: this.policies.podByIP(client.ip) };
    // A NetworkPolicy that does not allow it drops the connection: the caller times out.
    const reach = (b: { namespace: string; pod: string; ip: string; port: number } | undefined) => {
      if (!b) return { error: 'refused' as const, ip, port };
      if (b.ip !== client.ip && !this.policies.allows(from, { ip: b.ip, pod: this.policies.podByIP(b.ip) }, b.port)) return { error: 'unreachable' as const, ip, port };
      return { namespace: b.namespace, pod: b.pod, port: b.port, ip };
    };
    const svc = this.services.list().find((s) => s.spec?.clusterIP === ip);
    if (svc) {
      const sp = svc.spec?.ports?.find((p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
      return reach(sp && this.proxy.pick(svc, sp, client));
    }
    if (this.nodes.list().some((n) => n.status?.addresses?.some((a) => a.type === 'InternalIP' && a.address === ip))) {
      const np = this.proxy.nodePorts().find((e) => e.port.nodePort === port);
      return reach(np && this.proxy.pick(np.service, np.port, client));
    }
    const target = ip === '127.0.0.1' ? client.ip : ip;
    const pod = this.pods.list().find((p) => p.status?.podIP === target && !p.spec?.hostNetwork && p.status.phase === 'Running');
    if (pod) return reach({ namespace: pod.metadata.namespace!, pod: pod.metadata.name!, ip: target, port });
    return { error: 'unreachable', ip, port };
  }

  private http(host: string, port: number, req: Omit<HttpRequest, 'clientIP' | 'clientPort'>, client: { ip: string; node: string }, namespace: string): Exchange {
    const to = this.route(host, port, client, namespace);
    if ('error' in to) return to;
    const conn = this.connect(to.namespace, to.pod, to.port);
    if ('refused' in conn) return { error: 'refused', ip: to.ip, port };
    return { response: conn.http({ ...req, clientIP: client.ip, clientPort: 40000 + Math.floor(Math.random() * 20000) }), ip: to.ip, port };
  }

  private redis(host: string, port: number, argv: string[], client: { ip: string; node: string }, namespace: string): { reply: string } | Failure {
    const to = this.route(host, port, client, namespace);
    if ('error' in to) return to;
    const r = this.redisCall(to.namespace, to.pod, to.port, argv);
    return 'refused' in r ? { error: 'refused', ip: to.ip, port } : r;
  }
}
