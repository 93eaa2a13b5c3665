import type { KubeObject } from '../../api/types.js';
import { resourcePath } from '../../client/http-client.js';
import type { Command } from './command.js';
import { dryRunOf, report, writeQuery } from './print-result.js';
import { kindOf } from './targets.js';
import { fetchInfos, reportErrors, type Info } from './workloads.js';
import { toYAML } from './yaml.js';
import { DRY_RUN_FLAG } from './flags.js';
import { parseLabels } from './generate.js';
import { goJSON, sortKeys } from './go-json.js';

type Obj = Record<string, unknown>;
interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface PodSpec {
  containers?: { ports?: { containerPort: number; protocol?: string }[] }[];
}

/** The kinds kubectl can expose (CanBeExposed), by group/Kind. */
const EXPOSABLE = new Set(['/ReplicationController', '/Service', '/Pod', 'apps/Deployment', 'apps/ReplicaSet']);

/** makeLabels is polymorphichelpers.MakeLabels: `k=v,k=v` (Go's map order does not matter: it is read back into a map). */
const makeLabels = (m: Record<string, string> | undefined) =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** goExpressions prints match expressions as Go's %+v does. */
const goExpressions = (e: NonNullable<Selector['matchExpressions']>) => `[${e.map((r) => `{Key:${r.key} Operator:${r.operator} Values:[${(r.values ?? []).join(' ')}]}`).join(' ')}]`;

/** selectorOf is MapBasedSelectorForObject: the pod selector a Service for this object would use. */
function selectorOf(info: Info): string {
  const o = info.object as KubeObject & { spec?: Obj };
  const spec = (o.spec ?? {}) as Obj;
  switch (info.kind.kind) {
    case 'ReplicationController':
      return makeLabels(spec.selector as Record<string, string> | undefined);
    case 'Pod':
      if (!Object.keys(o.metadata.labels ?? {}).length) throw new Error('the pod has no labels and cannot be exposed');
      return makeLabels(o.metadata.labels);
    case 'Service':
      if (!spec.selector) throw new Error('the service has no pod selector set');
      return makeLabels(spec.selector as Record<string, string>);
    default: {
      const sel = spec.selector as Selector | undefined;
      const what = info.kind.kind === 'Deployment' ? 'deployment' : 'replicaset';
      if (!sel || !Object.keys(sel.matchLabels ?? {}).length) throw new Error(`invalid ${what}: no selectors, therefore cannot be exposed`);
      if (sel.matchExpressions?.length) throw new Error(`couldn't convert expressions - "${goExpressions(sel.matchExpressions)}" to map-based selector format`);
      return makeLabels(sel.matchLabels);
    }
  }
}

/** podSpecOf is where an exposable object keeps its pod spec (undefined for a Service). */
function podSpecOf(info: Info): PodSpec | undefined {
  const spec = ((info.object as { spec?: Obj }).spec ?? {}) as Obj;
  if (info.kind.kind === 'Service') return undefined;
  if (info.kind.kind === 'Pod') return spec as PodSpec;
  return ((spec.template as Obj | undefined)?.spec ?? {}) as PodSpec;
}

/** portsOf is PortsForObject: the distinct container (or service) ports, in order. */
function portsOf(info: Info): string[] {
  const out: string[] = [];
  const add = (p: number) => {
    if (!out.includes(String(p))) out.push(String(p));
  };
  const pod = podSpecOf(info);
  if (pod) for (const c of pod.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort);
  else for (const p of (((info.object as { spec?: Obj }).spec ?? {}).ports ?? []) as { port: number }[]) add(p.port);
  return out;
}

/** protocolsOf is MultiProtocolsForObject: each port's protocols (TCP when unset). */
function protocolsOf(info: Info): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (port: number, protocol: string | undefined) => out.set(String(port), [...(out.get(String(port)) ?? []), protocol || 'TCP']);
  const pod = podSpecOf(info);
  if (pod) for (const c of pod.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  else for (const p of (((info.object as { spec?: Obj }).spec ?? {}).ports ?? []) as { port: number; protocol?: string }[]) add(p.port, p.protocol);
  return out;
}

/** goAtoi is strconv.Atoi's answer for a port word, or its error. */
function goAtoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

/**
 * exposeCommand is `kubectl expose (deploy|rs|rc|svc|pod) NAME`: it reads the object and builds a Service from
 * its selector, ports and labels as kubectl's expose does (the flags override each), then creates it under the
 * field manager kubectl-expose (or prints it for --dry-run=client).
 */
export const exposeCommand: Command = {
  flags: {
    '--port': ['value'],
    '--target-port': ['value'],
    '--type': ['value'],
    '--name': ['value'],
    '--protocol': ['value'],
    '--selector': ['value'],
    '--labels': ['value', '-l'],
    '--external-ip': ['value'],
    '--session-affinity': ['value'],
    '--cluster-ip': ['value'],
    '--load-balancer-ip': ['value'],
    '--dry-run': DRY_RUN_FLAG,
    '--output': ['value', '-o'],
    '--field-manager': ['value'],
  },
  async run(ctx) {
    const f = ctx.flags;
    const output = f.str('--output');
    const dryRun = dryRunOf(ctx);
    if (output !== undefined && output !== 'name' && !(dryRun === 'client' && (output === 'yaml' || output === 'json'))) return undefined;
    if (dryRun instanceof Error) throw dryRun;
    const conn = await ctx.connect();
    const fetched = await fetchInfos(conn.client, conn.namespace, ctx.args, { allowEmpty: false });
    // What kubectl derives from the first object stays for the next ones (its options are filled in once).
    let selector = f.str('--selector') ?? '';
    let port = f.str('--port') ?? '';
    let ports = '';
    let labelSpec = f.str('--labels') ?? '';
    const errors: unknown[] = [];
    const serviceKind = kindOf('services');
    for (const item of fetched) {
      if (!item.info) {
        errors.push(item.error);
        continue;
      }
      const info = item.info;
      try {
        if (!EXPOSABLE.has(`${info.kind.group}/${info.kind.kind}`)) throw new Error(`cannot expose a ${info.kind.group ? `${info.kind.kind}.${info.kind.group}` : info.kind.kind}`);
        const defaultName = info.name.slice(0, 63);
        if (!selector) {
          try {
            selector = selectorOf(info);
          } catch (err) {
            throw new Error(`couldn't retrieve selectors via --selector flag or introspection: ${(err as Error).message}`);
          }
        }
        const headless = f.str('--cluster-ip') === 'None';
        if (!port) {
          const found = portsOf(info);
          if (found.length === 0 && !headless) throw new Error("couldn't find port via --port flag or introspection");
          if (found.length === 1) port = found[0]!;
          else if (found.length > 1) ports = found.join(',');
        }
        const protocols = protocolsOf(info);
        if (!labelSpec) labelSpec = makeLabels(info.object.metadata.labels);

        // createService
        if (!selector) throw new Error('selector must be specified');
        const sel = parseLabels(selector);
        const labels = labelSpec ? parseLabels(labelSpec) : undefined;
        const name = f.str('--name') || defaultName;
        const portWords = (ports || port) ? (ports || port).split(',') : [];
        const protocol = f.str('--protocol') ?? '';
        const servicePorts: Obj[] = [];
        portWords.forEach((w, i) => {
          const n = goAtoi(w);
          const portName = portWords.length > 1 ? `port-${i + 1}` : '';
          let proto = protocol;
          if (!protocol && !protocols.size) proto = 'TCP';
          else if (!protocol && protocols.size) {
            proto = 'TCP';
            const found = protocols.get(w);
            if (found && found.length > 1) {
              for (const p of found) servicePorts.push({ name: `port-${i + 1}-${p.toLowerCase()}`, protocol: p, port: n });
              return;
            }
            if (found) proto = found[0]!;
          }
          servicePorts.push({ ...(portName ? { name: portName } : {}), protocol: proto, port: n });
        });
        const target = f.str('--target-port') ?? '';
        for (const p of servicePorts) p.targetPort = target ? (/^\d+$/.test(target) ? Number(target) : target) : p.port;
        const affinity = f.str('--session-affinity') ?? '';
        if (affinity && affinity !== 'None' && affinity !== 'ClientIP') throw new Error(`unknown session affinity: ${affinity}`);
        const type = f.str('--type') ?? '';
        const spec: Obj = { ports: servicePorts, selector: sortKeys(sel) };
        const clusterIP = f.str('--cluster-ip') ?? '';
        if (clusterIP) spec.clusterIP = clusterIP;
        if (type) spec.type = type;
        const externalIP = f.str('--external-ip') ?? '';
        if (externalIP) spec.externalIPs = [externalIP];
        if (affinity) spec.sessionAffinity = affinity;
        const lbIP = f.str('--load-balancer-ip') ?? '';
        if (type === 'LoadBalancer' && lbIP) spec.loadBalancerIP = lbIP;
        if (!servicePorts.length) delete spec.ports;
        // A typed v1.Service: its JSON keeps the Go struct's field order.
        let service = {
          kind: 'Service',
          apiVersion: 'v1',
          metadata: { name, ...(dryRun === 'client' && conn.explicitNamespace ? { namespace: conn.namespace } : {}), ...(labels ? { labels: sortKeys(labels) } : {}) },
          spec,
          status: { loadBalancer: {} },
        } as KubeObject;
        if (dryRun === 'client' && output === 'json') {
          ctx.io.out(`${goJSON(service, { sort: false })}\n`);
          continue;
        }
        if (dryRun === 'client' && output === 'yaml') {
          ctx.io.out(toYAML(service));
          continue;
        }
        if (dryRun !== 'client')
          service = await conn.client.request<KubeObject>('POST', resourcePath(serviceKind, conn.namespace) + writeQuery(f.str('--field-manager') ?? 'kubectl-expose', dryRun, undefined), service);
        report(ctx, serviceKind, service, 'exposed', dryRun);
      } catch (err) {
        errors.push(err);
      }
    }
    return reportErrors(ctx.io, errors);
  },
};
