import type { Command, Ctx } from './command.js';
import { errorLine } from './errors.js';

interface ServicePort {
  name?: string;
  port?: number;
}
interface Service {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { ports?: ServicePort[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** utilnet.JoinSchemeNamePort: `scheme:name:port` when a scheme is guessed, else `name:port`, else `name`. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  if (port) return `${name}:${port}`;
  return name;
}

/**
 * serviceLink is where cluster-info says a cluster service runs: its load balancer's address and every port,
 * or else the API server's proxy path for its first port (https guessed from the port's name or 443).
 */
function serviceLink(host: string, svc: Service): string {
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  const ports = svc.spec?.ports ?? [];
  if (ingress.length) {
    const ip = ingress[0]!.ip || ingress[0]!.hostname || '';
    return ports.map((p) => `http://${ip}:${p.port ?? 0} `).join('');
  }
  let name = svc.metadata.name;
  if (ports.length) {
    const p = ports[0]!;
    const scheme = p.name === 'https' || p.port === 443 ? 'https' : '';
    name = joinSchemeNamePort(scheme, svc.metadata.name, p.name ?? '');
  }
  return `${host}/api/v1/namespaces/${svc.metadata.namespace ?? ''}/services/${name}/proxy`;
}

const TRAILER = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";

/**
 * `kubectl cluster-info`: the control plane's address (the kubeconfig's server) and each service labelled
 * `kubernetes.io/cluster-service=true` in kube-system (or -n), named by its `kubernetes.io/name` label. kubectl
 * prints no colours when its output is not a terminal, and ignores extra arguments.
 */
export const clusterInfoCommand: Command = {
  flags: {},
  async run(ctx: Ctx) {
    // `cluster-info dump` is a sub-command the built-in does not have.
    if (ctx.args[0] === 'dump') return undefined;
    const conn = await ctx.connect();
    // cluster-info looks in kube-system unless -n says otherwise: the context's namespace does not count.
    const ns = ctx.flags.str('--namespace') || 'kube-system';
    const host = conn.context.server;
    let services: Service[];
    try {
      const list = await conn.client.request<{ items?: Service[] }>(
        'GET',
        `/api/v1/namespaces/${encodeURIComponent(ns)}/services?labelSelector=${encodeURIComponent('kubernetes.io/cluster-service=true')}&limit=500`,
      );
      services = list.items ?? [];
    } catch (err) {
      // kubectl writes its closing hint even when listing failed, then the error.
      ctx.io.out(TRAILER);
      ctx.io.err(`${errorLine(err)}\n`);
      return 1;
    }
    let out = `Kubernetes control plane is running at ${host}\n`;
    for (const svc of services) out += `${svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name} is running at ${serviceLink(host, svc)}\n`;
    ctx.io.out(out + TRAILER);
    return 0;
  },
};
