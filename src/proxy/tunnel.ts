import type { Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import type { KubeClient } from '../client/types.js';
import { NodePortListeners, type ProxyHost, type ServiceURL } from './node-ports.js';

const svcKind = mustKind('v1', 'Service');

/** The address a tunnel gives LoadBalancer Services (minikube's tunnel on the docker driver shows the same). */
export const TUNNEL_IP = '127.0.0.1';

/**
 * Tunnel is `minikube tunnel`: while at least one `minik9s tunnel` runs, every LoadBalancer Service gets
 * EXTERNAL-IP 127.0.0.1 (status.loadBalancer) and a listener on 127.0.0.1 at its own port, routed like a node
 * port; when the last one stops, the listeners close and the Services go back to `<pending>`.
 */
export class Tunnel {
  private users = 0;
  private listeners: NodePortListeners | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly watchers = new Set<(urls: ServiceURL[]) => void>();

  constructor(
    private readonly host: ProxyHost & { readonly client: KubeClient },
    private readonly log?: (line: string) => void,
  ) {}

  /** open starts (or joins) the tunnel; onChange hears the served URLs at once and after each change. */
  async open(onChange: (urls: ServiceURL[]) => void): Promise<() => Promise<void>> {
    this.watchers.add(onChange);
    if (this.users++ === 0) {
      this.listeners = new NodePortListeners(this.host, this.log, 'loadBalancer');
      this.unsubscribe = this.host.proxy.onServices(() => void this.sync());
    }
    await this.sync();
    let closed = false;
    return async () => {
      if (closed) return;
      closed = true;
      this.watchers.delete(onChange);
      if (--this.users > 0) return;
      this.unsubscribe?.();
      await this.listeners?.stop();
      this.listeners = undefined;
      await this.setAddresses(false);
    };
  }

  get running(): boolean {
    return this.users > 0;
  }

  /** clear takes the tunnel's address back from every LoadBalancer Service (at start: no tunnel runs yet). */
  async clear(): Promise<void> {
    if (!this.users) await this.setAddresses(false);
  }

  private async sync(): Promise<void> {
    if (!this.listeners) return;
    await this.setAddresses(true);
    await this.listeners.sync();
    const urls = this.listeners.list();
    for (const w of this.watchers) w(urls);
  }

  /** setAddresses gives every LoadBalancer Service the tunnel's address, or takes it back. */
  private async setAddresses(on: boolean): Promise<void> {
    for (const { service } of new Map(this.host.proxy.loadBalancerPorts().map((e) => [e.service.metadata.uid, e])).values()) {
      const want = on ? [{ ip: TUNNEL_IP, ipMode: 'VIP' }] : [];
      const have = (service as Service).status?.loadBalancer?.ingress ?? [];
      if (JSON.stringify(have) === JSON.stringify(want)) continue;
      await this.host.client
        .update(svcKind, service.metadata.namespace, { ...service, status: { ...service.status, loadBalancer: { ingress: want } } } as KubeObject, { subresource: 'status' })
        .catch((err: Error) => this.log?.(`tunnel: ${service.metadata.namespace}/${service.metadata.name}: ${err.message}`));
    }
  }
}
