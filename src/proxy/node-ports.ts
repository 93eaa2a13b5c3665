import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Node, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import type { Store } from '../store/store.js';
import type { PodConnection } from '../kubelet/serving.js';
import { relay } from './relay.js';
import type { Backend, ServiceProxy } from './service-proxy.js';
import type { NetworkPolicies } from './network-policy.js';
import { intToIp, ipToInt } from '../api/ip.js';

/** ProxyHost is what the listeners need of the cluster: the routing table, the nodes' kubelets, the nodes. */
export interface ProxyHost {
  readonly proxy: ServiceProxy;
  readonly policies: NetworkPolicies;
  readonly store: Store;
  connectPod(namespace: string, name: string, port: number): PodConnection;
}

/** ServiceURL is one node port as `minik9s service` prints it. */
export interface ServiceURL {
  namespace: string;
  name: string;
  portName?: string;
  port: number;
  targetPort: string;
  nodePort: number;
  url: string;
}

interface Listener {
  server: http.Server;
  url: string;
  namespace: string;
  name: string;
  /** The node port, or the Service port for a tunnel's listener. */
  number: number;
}

/** Which Service ports a set of listeners serves: node ports (always), or LoadBalancer ports (while a tunnel runs). */
export type ListenerKind = 'nodePort' | 'loadBalancer';


/** nodeGateway is the gateway of a node's pod network: the address pods see node-port traffic come from. */
export function nodeGateway(store: Store, node: string | undefined): string {
  const n = node ? (store.get(`/nodes/${node}`) as unknown as Node | undefined) : undefined;
  const cidr = n?.spec?.podCIDR ?? '10.244.0.0/24';
  return intToIp(ipToInt(cidr.split('/')[0]!) + 1);
}

/**
 * NodePortListeners give every node port of the cluster a real listener on 127.0.0.1 — the node's port, when it
 * is free on this machine, else any — which is how `minik9s service --url` reaches a simulated pod: each new
 * connection is routed by the ServiceProxy (round robin over ready endpoints) to a pod, and each request on it is
 * answered by that pod's container (serving.ts), which logs it. A service without ready endpoints refuses the
 * connection (it is reset). The pod sees the request come from its node's pod-network gateway (`10.244.0.1`), as
 * kube-proxy's masquerading makes it on minikube. Nothing is ever sent to a simulated address.
 */
export class NodePortListeners {
  private readonly listeners = new Map<string, Listener>();
  private readonly pinned = new WeakMap<Socket, Backend>();
  private stopped = false;
  private syncing: Promise<void> = Promise.resolve();

  /**
   * @param kind nodePort: a listener per node port (the node port's number when free); loadBalancer: one per port
   *   of each LoadBalancer Service, on the Service's own port (what `minik9s tunnel` serves as EXTERNAL-IP 127.0.0.1).
   */
  constructor(
    private readonly host: ProxyHost,
    private readonly log?: (line: string) => void,
    readonly kind: ListenerKind = 'nodePort',
  ) {}

  /** wanted lists the Service ports this kind serves, with the number each one's listener is keyed and bound by. */
  private wanted(): { service: Service & KubeObject; port: ServicePort; number: number }[] {
    if (this.kind === 'nodePort') return this.host.proxy.nodePorts().map((e) => ({ ...e, number: e.port.nodePort! }));
    return this.host.proxy.loadBalancerPorts().map((e) => ({ ...e, number: e.port.port }));
  }

  /** portOf finds the Service port a listener stands for. */
  private portOf(service: Service | undefined, number: number): ServicePort | undefined {
    return service?.spec?.ports?.find((p) => (this.kind === 'nodePort' ? p.nodePort === number : p.port === number && service.spec?.type === 'LoadBalancer'));
  }

  /** sync opens a listener for every node port that has none and closes those whose port is gone. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow()).catch((err) => this.log?.(`proxy: ${(err as Error).message}`));
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    if (this.stopped) return;
    const want = new Map(this.wanted().map((e) => [`${e.service.metadata.namespace}/${e.service.metadata.name}:${e.number}`, e]));
    for (const [key, l] of this.listeners) {
      if (want.has(key)) continue;
      this.listeners.delete(key);
      await new Promise<void>((r) => l.server.close(() => r()));
      l.server.closeAllConnections();
    }
    for (const [key, e] of want) {
      if (this.listeners.has(key)) continue;
      const l = await this.open(e.service, e.number);
      if (this.stopped) {
        l.server.close();
        return;
      }
      this.listeners.set(key, l);
    }
  }

  private async open(service: Service & KubeObject, number: number): Promise<Listener> {
    const namespace = service.metadata.namespace!;
    const name = service.metadata.name!;
    const server = http.createServer((req, res) => void this.handle(namespace, name, number, req, res));
    server.keepAliveTimeout = 5_000;
    const listen = (p: number) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, '127.0.0.1', () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    // The port itself when this machine has it free (the URL then shows it), else any free port (a port under
    // 1024 needs privileges a user may not have).
    const bound = await listen(number).catch((err: NodeJS.ErrnoException) => {
      this.log?.(`proxy: 127.0.0.1:${number} for ${namespace}/${name}: ${err.code}; serving it on another port`);
      return listen(0);
    });
    return { server, url: `http://127.0.0.1:${bound}`, namespace, name, number };
  }

  private gateway(node: string | undefined): string {
    return nodeGateway(this.host.store, node);
  }

  private async handle(namespace: string, name: string, number: number, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const socket = req.socket;
    const service = this.host.proxy.service(namespace, name);
    const port = this.portOf(service, number);
    if (!service || !port) return void socket.destroy();
    // kube-proxy balances connections, not requests: a keep-alive connection stays on its pod. One whose pod left
    // the endpoints is moved to another rather than broken, so that no request is lost once the update is seen.
    let backend = this.pinned.get(socket);
    if (!backend || !this.host.proxy.backends(service, port).some((b) => b.pod === backend!.pod && b.namespace === backend!.namespace)) {
      backend = this.host.proxy.pick(service, port, { ip: socket.remoteAddress ?? '127.0.0.1' });
      if (!backend) return void socket.destroy();
      this.pinned.set(socket, backend);
    }
    // A NetworkPolicy that does not let the node's traffic in drops it: no answer; the client times out (the
    // socket is let go after a minute).
    const from = this.gateway(backend.node);
    if (!this.host.policies.allows({ ip: from }, { ip: backend.ip, pod: this.host.policies.podByIP(backend.ip) }, backend.port)) {
      req.resume();
      setTimeout(() => socket.destroy(), 60_000).unref();
      return;
    }
    const conn = this.host.connectPod(backend.namespace, backend.pod, backend.port);
    if ('refused' in conn) return void socket.destroy();
    await relay(conn, req, res, { ip: from, port: socket.remotePort ?? 0 });
  }

  /** list is every node port with its URL, for `minik9s service`. */
  list(): ServiceURL[] {
    const out: (ServiceURL & { index: number })[] = [];
    for (const l of this.listeners.values()) {
      const svc = this.host.proxy.service(l.namespace, l.name);
      const p = this.portOf(svc, l.number);
      if (!p) continue;
      const index = svc!.spec!.ports!.indexOf(p);
      out.push({ namespace: l.namespace, name: l.name, portName: p.name, port: p.port, targetPort: String(p.targetPort ?? p.port), nodePort: p.nodePort ?? 0, url: l.url, index });
    }
    // By Service, then in the order the Service lists its ports (http before https, as minikube prints them).
    out.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`) || a.index - b.index);
    return out.map(({ index: _index, ...u }) => u);
  }

  /** stop closes every listener and its connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.syncing;
    await Promise.all(
      [...this.listeners.values()].map(
        (l) =>
          new Promise<void>((r) => {
            l.server.close(() => r());
            l.server.closeAllConnections();
          }),
      ),
    );
    this.listeners.clear();
  }
}
