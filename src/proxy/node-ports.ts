import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Node, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import type { Store } from '../store/store.js';
import type { HttpRequest, HttpResponse } from '../kubelet/serving.js';
import type { Backend, ServiceProxy } from './service-proxy.js';

/** ProxyHost is what the listeners need of the cluster: the routing table, the nodes' kubelets, the nodes. */
export interface ProxyHost {
  readonly proxy: ServiceProxy;
  readonly store: Store;
  connectPod(namespace: string, name: string, port: number): { http(req: HttpRequest): HttpResponse } | { refused: string };
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
  nodePort: number;
}

/** ipToInt and back, for the node's pod network gateway. */
const ipToInt = (ip: string) => ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

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

  constructor(
    private readonly host: ProxyHost,
    private readonly log?: (line: string) => void,
  ) {}

  /** sync opens a listener for every node port that has none and closes those whose port is gone. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow()).catch((err) => this.log?.(`proxy: ${(err as Error).message}`));
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    if (this.stopped) return;
    const want = new Map(this.host.proxy.nodePorts().map((e) => [`${e.service.metadata.namespace}/${e.service.metadata.name}:${e.port.nodePort}`, e]));
    for (const [key, l] of this.listeners) {
      if (want.has(key)) continue;
      this.listeners.delete(key);
      await new Promise<void>((r) => l.server.close(() => r()));
      l.server.closeAllConnections();
    }
    for (const [key, e] of want) {
      if (this.listeners.has(key)) continue;
      const l = await this.open(e.service, e.port);
      if (this.stopped) {
        l.server.close();
        return;
      }
      this.listeners.set(key, l);
    }
  }

  private async open(service: Service & KubeObject, port: ServicePort): Promise<Listener> {
    const namespace = service.metadata.namespace!;
    const name = service.metadata.name!;
    const nodePort = port.nodePort!;
    const server = http.createServer((req, res) => void this.handle(namespace, name, nodePort, req, res));
    server.keepAliveTimeout = 5_000;
    const listen = (p: number) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, '127.0.0.1', () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    // The node port itself when this machine has it free (the URL then shows it), else any free port.
    const bound = await listen(nodePort).catch(() => listen(0));
    return { server, url: `http://127.0.0.1:${bound}`, namespace, name, nodePort };
  }

  /** The gateway of a node's pod network: the address pods see node-port traffic come from. */
  private gateway(node: string | undefined): string {
    const n = node ? (this.host.store.get(`/nodes/${node}`) as unknown as Node | undefined) : undefined;
    const cidr = n?.spec?.podCIDR ?? '10.244.0.0/24';
    return intToIp(ipToInt(cidr.split('/')[0]!) + 1);
  }

  private async handle(namespace: string, name: string, nodePort: number, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const socket = req.socket;
    const service = this.host.proxy.service(namespace, name);
    const port = service?.spec?.ports?.find((p) => p.nodePort === nodePort);
    if (!service || !port) return void socket.destroy();
    // kube-proxy balances connections, not requests: a keep-alive connection stays on its pod. One whose pod left
    // the endpoints is moved to another rather than broken, so that no request is lost once the update is seen.
    let backend = this.pinned.get(socket);
    if (!backend || !this.host.proxy.backends(service, port).some((b) => b.pod === backend!.pod && b.namespace === backend!.namespace)) {
      backend = this.host.proxy.pick(service, port, { ip: socket.remoteAddress ?? '127.0.0.1' });
      if (!backend) return void socket.destroy();
      this.pinned.set(socket, backend);
    }
    const conn = this.host.connectPod(backend.namespace, backend.pod, backend.port);
    if ('refused' in conn) return void socket.destroy();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const answer = conn.http({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      httpVersion: req.httpVersion,
      headers,
      body: Buffer.concat(chunks),
      clientIP: this.gateway(backend.node),
      clientPort: socket.remotePort ?? 0,
    });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  /** list is every node port with its URL, for `minik9s service`. */
  list(): ServiceURL[] {
    const out: ServiceURL[] = [];
    for (const l of this.listeners.values()) {
      const svc = this.host.proxy.service(l.namespace, l.name);
      const p = svc?.spec?.ports?.find((x) => x.nodePort === l.nodePort);
      if (!p) continue;
      out.push({ namespace: l.namespace, name: l.name, portName: p.name, port: p.port, targetPort: String(p.targetPort ?? p.port), nodePort: l.nodePort, url: l.url });
    }
    return out.sort((a, b) => `${a.namespace}/${a.name}/${a.port}`.localeCompare(`${b.namespace}/${b.name}/${b.port}`));
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
