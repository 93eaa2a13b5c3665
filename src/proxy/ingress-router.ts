import { randomBytes } from 'node:crypto';
import type { Ingress, IngressBackend, IngressClass } from 'kubernetes-types/networking/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import type { SharedInformers } from '../controllers/controller.js';
import { ownsIngress } from '../controllers/ingress-nginx.js';
import { commonLogTime, nginxError, type HttpRequest, type HttpResponse, type PodConnection, type ServerContext } from '../kubelet/serving.js';
import type { ServiceProxy } from './service-proxy.js';
import type { NetworkPolicies } from './network-policy.js';

type Ing = Ingress & KubeObject;

const ingKind = mustKind('networking.k8s.io/v1', 'Ingress');
const classKind = mustKind('networking.k8s.io/v1', 'IngressClass');

/** Match is the rule a request went to: the Ingress, the backend, and how long the matched path was. */
interface Match {
  ingress: Ing;
  backend: IngressBackend;
}

/** hostMatches: exact, or a wildcard `*.example.com` standing for exactly one label; no host matches all. */
function hostMatches(ruleHost: string | undefined, host: string): boolean {
  if (!ruleHost) return true;
  if (ruleHost.startsWith('*.')) {
    const rest = ruleHost.slice(1);
    return host.endsWith(rest) && !host.slice(0, -rest.length).includes('.') && host.length > rest.length;
  }
  return ruleHost === host;
}

/** prefixMatches is the Prefix path type: element by element (`/foo` matches `/foo` and `/foo/bar`, not `/foobar`). */
function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || path === p || path.startsWith(`${p}/`);
}

/**
 * IngressRouter is what the ingress addon's controller pod does with a request: it finds the rule of an Ingress of
 * its class for the request's Host and path (exact hosts before wildcards before none; the longest path; Exact
 * before Prefix), sends it to the backend Service through kube-proxy's table, and answers for the backend pod,
 * writing its access-log line. Nothing matches: the default backend of the Ingress for that host if it has one,
 * else 404. A backend without ready pods: 503, as ingress-nginx answers.
 */
export class IngressRouter {
  private readonly ingresses;
  private readonly classes;

  constructor(
    informers: SharedInformers,
    private readonly proxy: ServiceProxy,
    private readonly connect: (namespace: string, name: string, port: number) => PodConnection,
    private readonly policies: NetworkPolicies,
  ) {
    this.ingresses = informers.for<Ing>(ingKind);
    this.classes = informers.for<IngressClass & KubeObject>(classKind);
  }

  /** match finds where a request for host and path goes. */
  match(host: string, path: string): Match | undefined {
    const ours = this.ingresses.list().filter((i) => !i.metadata.deletionTimestamp && ownsIngress(i, this.classes.list()));
    let best: { m: Match; hostRank: number; len: number; exact: boolean } | undefined;
    for (const ing of ours) {
      for (const rule of ing.spec?.rules ?? []) {
        if (!hostMatches(rule.host, host)) continue;
        const hostRank = !rule.host ? 0 : rule.host.startsWith('*.') ? 1 : 2;
        for (const p of rule.http?.paths ?? []) {
          const rp = p.path ?? '/';
          const exact = p.pathType === 'Exact';
          if (exact ? rp !== path : !prefixMatches(rp, path)) continue;
          const better = !best || hostRank > best.hostRank || (hostRank === best.hostRank && (rp.length > best.len || (rp.length === best.len && exact && !best.exact)));
          if (better) best = { m: { ingress: ing, backend: p.backend }, hostRank, len: rp.length, exact };
        }
      }
    }
    if (best) return best.m;
    // The default backend of an Ingress that has a rule for this host, else of one that has none at all.
    const withHost = ours.find((i) => i.spec?.defaultBackend && i.spec.rules?.some((r) => r.host && hostMatches(r.host, host)));
    const fallback = withHost ?? ours.find((i) => i.spec?.defaultBackend);
    return fallback ? { ingress: fallback, backend: fallback.spec!.defaultBackend! } : undefined;
  }

  /** serve answers a request that reached the controller pod, as ingress-nginx's nginx does, with its log line. */
  serve(ctx: ServerContext, req: HttpRequest): { response: HttpResponse; log: string } {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = req.url.split('?')[0]!;
    const reqId = randomBytes(16).toString('hex');
    const answer = (status: number, reason: string): HttpResponse => {
      const body = Buffer.from(nginxError(status, reason, 'nginx'));
      return { status, headers: { Date: new Date(ctx.time).toUTCString(), 'Content-Type': 'text/html', 'Content-Length': String(body.length) }, body: req.method === 'HEAD' ? Buffer.alloc(0) : body };
    };
    const line = (status: number, bytes: number, upstream: string, addr: string) =>
      `${req.clientIP} - - [${commonLogTime(ctx.time)}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${bytes} "${req.headers.referer ?? '-'}" "${req.headers['user-agent'] ?? '-'}" ${req.url.length + 40} 0.001 [${upstream}] [] ${addr} ${bytes} 0.001 ${status} ${reqId}`;
    const m = this.match(host, path);
    if (!m?.backend.service) {
      const res = answer(404, 'Not Found');
      return { response: res, log: line(404, res.body.length, 'upstream-default-backend', '-') };
    }
    const ns = m.ingress.metadata.namespace!;
    const { name, port: want } = m.backend.service;
    const svc = this.proxy.service(ns, name);
    const port = svc?.spec?.ports?.find((p) => (want?.number !== undefined ? p.port === want.number : p.name === want?.name));
    const upstream = `${ns}-${name}-${want?.number ?? want?.name ?? ''}`;
    const backend = svc && port ? this.proxy.pick(svc, port, { ip: ctx.podIP, node: ctx.node }) : undefined;
    if (!backend) {
      const res = answer(503, 'Service Temporarily Unavailable');
      return { response: res, log: line(503, res.body.length, upstream, '-') };
    }
    // A NetworkPolicy that drops the controller's connection: nginx gives up after its connect timeout.
    if (!this.policies.allows({ ip: ctx.podIP, pod: this.policies.podByIP(ctx.podIP) }, { ip: backend.ip, pod: this.policies.podByIP(backend.ip) }, backend.port)) {
      const res = answer(504, 'Gateway Time-out');
      return { response: res, log: line(504, res.body.length, upstream, `${backend.ip}:${backend.port}`) };
    }
    const conn = this.connect(backend.namespace, backend.pod, backend.port);
    if ('refused' in conn) {
      const res = answer(502, 'Bad Gateway');
      return { response: res, log: line(502, res.body.length, upstream, `${backend.ip}:${backend.port}`) };
    }
    // The backend sees the request come from the controller pod, with the client in X-Forwarded-For.
    const res = conn.http({
      ...req,
      clientIP: ctx.podIP,
      headers: {
        ...req.headers,
        'x-request-id': reqId,
        'x-real-ip': req.clientIP,
        'x-forwarded-for': req.clientIP,
        'x-forwarded-host': host,
        'x-forwarded-port': String(ctx.port),
        'x-forwarded-proto': 'http',
        'x-forwarded-scheme': 'http',
        'x-scheme': 'http',
      },
    });
    return { response: res, log: line(res.status, res.body.length, upstream, `${backend.ip}:${backend.port}`) };
  }
}
