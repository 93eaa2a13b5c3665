import type { KubeObject } from '../../api/types.js';
import type { Command } from './command.js';
import { COMMON, generated, nameArg, outputBuiltIn } from './create-kit.js';
import { dryRunOf } from './print-result.js';
import { kindOf } from './targets.js';

// `kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]]`, read and built as kubectl's
// create_ingress.go does, quirks included (it splits the rule on `,`, `/`, `=` and `:` after one loose regex
// check), in the field order of the Go types so that `--dry-run=client -o json` matches.

/** RULE is kubectl's check of a --rule: anchored at the start only, so anything may follow a good prefix. */
const RULE = /^[\w*\-.]*\/.*=[\w-]+:[\w-]+/;

/** splitOnce is Go's strings.SplitN(s, sep, 2). */
const splitOnce = (s: string, sep: string): string[] => {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + sep.length)];
};

/**
 * backendPort is intstr.Parse of the port: a number when Go's strconv.Atoi takes it (kept if not 0, the field
 * being omitempty), else a port name; undefined for a number beyond int32 (kubectl's overflow handling is not
 * reproduced).
 */
function backendPort(port: string): { name?: string; number?: number } | undefined {
  if (!/^[+-]?\d+$/.test(port)) return port ? { name: port } : {};
  const n = Number(port);
  if (Math.abs(n) > 2 ** 31 - 1) return undefined;
  return n ? { number: n } : {};
}

/** backend is an IngressBackend of `svc:port` (the part after the first `:` up to the next). */
function backend(service: string) {
  const parts = service.split(':');
  const port = backendPort(parts[1] ?? '');
  if (!port) return undefined;
  return { service: { name: parts[0]!, port } };
}

/** tlsOf is kubectl's buildTLSRules: one entry per secret, each host once, from the rules that carry `,tls`. */
function tlsOf(rules: string[]): { hosts?: string[]; secretName?: string }[] {
  const seen = new Set<string>();
  const tls: { hosts?: string[]; secretName?: string }[] = [];
  for (const rule of rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = splitOnce(rule, '/')[0]!;
    const secretParts = parts[1]!.split('=');
    const secret = secretParts.length > 1 ? secretParts[1]! : '';
    if (seen.has(host)) continue;
    seen.add(host);
    const same = tls.find((t) => (t.secretName ?? '') === secret);
    if (same) {
      // kubectl adds the host to the entry of the same secret even when it is empty.
      same.hosts = [...(same.hosts ?? []), host];
      continue;
    }
    const entry = { ...(host ? { hosts: [host] } : {}), ...(secret ? { secretName: secret } : {}) };
    if (host || secret) tls.push(entry);
  }
  return tls;
}

/** rulesOf is kubectl's buildIngressRules: one rule per host (the first rule's place), its paths in order. */
function rulesOf(rules: string[]): { host?: string; http: { paths: unknown[] } }[] | undefined {
  const out: { host?: string; http: { paths: unknown[] } }[] = [];
  for (const rule of rules) {
    const [host, pathSvc = ''] = splitOnce(rule.split(',')[0]!, '/') as [string, string?];
    const pieces = pathSvc.split('=');
    let path = `/${pieces[0]}`;
    let pathType = 'Exact';
    if (path.endsWith('*')) {
      pathType = 'Prefix';
      path = path.slice(0, -1);
    }
    const b = backend(pieces[1] ?? '');
    if (!b) return undefined;
    const httpPath = { path, pathType, backend: b };
    const existing = out.find((r) => (r.host ?? '') === host);
    if (existing) existing.http.paths.push(httpPath);
    else out.push({ ...(host ? { host } : {}), http: { paths: [httpPath] } });
  }
  return out;
}

export const ingressCmd: Command = {
  flags: { ...COMMON, '--rule': ['list'], '--class': ['value'], '--default-backend': ['value'], '--annotation': ['list'] },
  async run(ctx) {
    if (!outputBuiltIn(ctx)) return undefined;
    const name = nameArg(ctx, 'ingress');
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    const rules = ctx.flags.list('--rule');
    const annotationArgs = ctx.flags.list('--annotation');
    const defaultBackend = ctx.flags.str('--default-backend') ?? '';
    const ingressClass = ctx.flags.str('--class') ?? '';
    if (!defaultBackend && !rules.length)
      throw new Error(
        'not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)',
      );
    for (const rule of rules) if (!RULE.test(rule)) throw new Error(`rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    for (const a of annotationArgs) if (!a.includes('=')) throw new Error(`annotation ${a} is invalid and should be in format key=[value]`);
    if (defaultBackend && defaultBackend.split(':').length !== 2) throw new Error('default-backend should be in format servicename:serviceport');
    const annotations: Record<string, string> = {};
    for (const a of annotationArgs) {
      const [k, v] = splitOnce(a, '=') as [string, string];
      annotations[k] = v;
    }
    const defaultSvc = defaultBackend ? backend(defaultBackend) : undefined;
    const tls = tlsOf(rules);
    const ingressRules = rulesOf(rules);
    if ((defaultBackend && !defaultSvc) || !ingressRules) return undefined;
    return generated(ctx, 'failed to create ingress: ', kindOf('ingresses.networking.k8s.io'), (ns) => ({
      kind: 'Ingress',
      apiVersion: 'networking.k8s.io/v1',
      metadata: {
        name,
        ...(ns ? { namespace: ns } : {}),
        // A Go map: its keys come out sorted.
        ...(annotationArgs.length ? { annotations: Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : 1))) } : {}),
      },
      spec: {
        ...(ingressClass ? { ingressClassName: ingressClass } : {}),
        ...(defaultSvc ? { defaultBackend: defaultSvc } : {}),
        ...(tls.length ? { tls } : {}),
        ...(ingressRules.length ? { rules: ingressRules } : {}),
      },
      status: { loadBalancer: {} },
    }) as KubeObject);
  },
};
