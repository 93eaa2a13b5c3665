import type { Clock, TimerHandle } from '../cluster/clock.js';
import { nodeGateway, type ProxyHost } from './node-ports.js';

/** Burst is one `b` from the dashboard: requests sent to a Service, and where they went. */
export interface Burst {
  namespace: string;
  service: string;
  count: number;
  sent: number;
  answered: number;
  failed: number;
  /** Answers per pod. */
  byPod: Record<string, number>;
  done: boolean;
}

/**
 * TrafficGenerator sends a burst of GETs to a Service, one every `intervalMs` of cluster time, each on a new
 * connection through kube-proxy (as from outside, through a node port), so that the dashboard can show them spread
 * over the pods and a pod deleted mid-burst stop getting them. A request fails when no ready pod is left, the pod
 * refuses, or it answers 5xx.
 */
export class TrafficGenerator {
  private last: Burst | undefined;
  private timers: TimerHandle[] = [];

  constructor(
    private readonly host: ProxyHost,
    private readonly clock: Clock,
  ) {}

  /** state is the latest burst. */
  state(): Burst | undefined {
    return this.last;
  }

  /** burst starts one (ending any that runs); the answer is an error message, or the new burst. */
  burst(namespace: string, service: string, count = 60, intervalMs = 100): Burst | string {
    const svc = this.host.proxy.service(namespace, service);
    if (!svc) return `services "${service}" not found`;
    const port = svc.spec?.ports?.find((p) => (p.protocol ?? 'TCP') === 'TCP');
    if (!port) return `service ${namespace}/${service} has no TCP port`;
    this.stop();
    const b: Burst = { namespace, service, count, sent: 0, answered: 0, failed: 0, byPod: {}, done: false };
    this.last = b;
    for (let i = 0; i < count; i++) {
      this.timers.push(
        this.clock.setTimeout(() => {
          b.sent++;
          const current = this.host.proxy.service(namespace, service);
          const p = current?.spec?.ports?.find((x) => x.port === port.port) ?? port;
          const backend = current && this.host.proxy.pick(current, p, { ip: '127.0.0.1' });
          const conn = backend && this.host.connectPod(backend.namespace, backend.pod, backend.port);
          if (!backend || !conn || 'refused' in conn) b.failed++;
          else {
            const res = conn.http({ method: 'GET', url: '/', httpVersion: '1.1', headers: { host: `${service}.${namespace}`, 'user-agent': 'minik9s-dashboard/burst' }, body: Buffer.alloc(0), clientIP: nodeGateway(this.host.store, backend.node), clientPort: 40000 + i });
            if (res.status >= 500) b.failed++;
            else {
              b.answered++;
              b.byPod[backend.pod] = (b.byPod[backend.pod] ?? 0) + 1;
            }
          }
          if (b.sent === b.count) b.done = true;
        }, (i + 1) * intervalMs, `burst to ${namespace}/${service}: request ${i + 1} of ${count}`),
      );
    }
    return b;
  }

  stop(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers = [];
    if (this.last) this.last.done = true;
  }
}
