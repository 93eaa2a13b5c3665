import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject, ObjectList } from '../../api/types.js';
import { mustKind } from '../../api/kinds.js';
import { alignTabs } from '../../api/describe/tabwriter.js';
import { parseQuantity } from '../../scheduler/quantity.js';
import type { HttpClient } from '../../client/http-client.js';
import { usage, type Command, type Ctx } from './command.js';
import { goDurationText } from './go-duration.js';
import { queryOf } from './workloads.js';

const METRICS = '/apis/metrics.k8s.io/v1beta1';
type Usage = Record<string, string>;
interface PodMetrics {
  metadata: { name: string; namespace: string };
  containers: { name: string; usage: Usage }[];
}
interface NodeMetrics {
  metadata: { name: string };
  usage: Usage;
}

/** cpu in nanocores and memory in bytes: whole numbers, so sums never round. */
const nanos = (q: string | undefined) => (q === undefined ? 0 : Math.round(parseQuantity(q) * 1e9));
const bytes = (q: string | undefined) => {
  if (q === undefined) return 0;
  const v = parseQuantity(q);
  return Number.isInteger(v) ? v : Math.ceil(v);
};
/** Quantity.MilliValue rounds up. */
const milli = (n: number) => Math.ceil(n / 1e6);
/** kubectl's cells: cpu in millicores, memory in whole MiB (rounded down). */
const cpuCell = (n: number) => `${milli(n)}m`;
const memCell = (b: number) => `${Math.trunc(b / (1024 * 1024))}Mi`;

/** metricsAvailable is kubectl's discovery check: the metrics.k8s.io group served in v1beta1. */
async function metricsAvailable(client: HttpClient): Promise<boolean> {
  const groups = await client.request<{ groups?: { name: string; versions?: { version: string }[] }[] }>('GET', '/apis');
  return (groups.groups ?? []).some((g) => g.name === 'metrics.k8s.io' && (g.versions ?? []).some((v) => v.version === 'v1beta1'));
}

/** The tabwriter kubectl top writes through (printers.GetNewTabWriter: minwidth 6, padding 3); every cell ends in a tab. */
const table = (rows: string[][]) => alignTabs(rows.map((r) => r.map((c) => `${c}\t`).join('')).join('\n') + '\n', 3, 6);

/** sortFlag checks --sort-by as kubectl does. */
function sortFlag(ctx: Ctx): string {
  const s = ctx.flags.str('--sort-by') ?? '';
  if (s && s !== 'cpu' && s !== 'memory') throw new Error('--sort-by accepts only cpu or memory');
  return s;
}

/** Go's sort.Sort is not stable; with distinct keys (or names) the order is the same as a stable sort's. */
function sortBy<T>(items: T[], by: string, name: (t: T) => string, cpu: (t: T) => number, mem: (t: T) => number): T[] {
  return [...items].sort((a, b) => {
    if (by === 'cpu') return milli(cpu(b)) - milli(cpu(a));
    if (by === 'memory') return mem(b) - mem(a);
    return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
  });
}

const topPod: Command = {
  flags: {
    '--selector': ['value', '-l'],
    '--field-selector': ['value'],
    '--sort-by': ['value'],
    '--containers': ['bool'],
    '--all-namespaces': ['bool', '-A'],
    '--no-headers': ['bool'],
    '--use-protocol-buffers': ['bool'],
    '--sum': ['bool'],
  },
  async run(ctx) {
    const f = ctx.flags;
    if (ctx.args.length > 1) return usage(ctx.io, 'pod [NAME | -l label]', 'top pod');
    const name = ctx.args[0];
    const labelSelector = f.str('--selector');
    const fieldSelector = f.str('--field-selector');
    const { client, namespace } = await ctx.connect();
    const by = sortFlag(ctx);
    if (name && (labelSelector || fieldSelector)) throw new Error('only one of NAME or selector can be provided');
    if (!(await metricsAvailable(client))) throw new Error('Metrics API not available');
    const all = f.bool('--all-namespaces');
    const base = all ? `${METRICS}/pods` : `${METRICS}/namespaces/${encodeURIComponent(namespace)}/pods`;
    let items: PodMetrics[];
    if (name) items = [await client.request<PodMetrics>('GET', `${base}/${encodeURIComponent(name)}`)];
    else items = (await client.request<{ items?: PodMetrics[] }>('GET', base + queryOf({ labelSelector: labelSelector || undefined, fieldSelector: fieldSelector || undefined }))).items ?? [];

    if (!items.length) {
      // verifyEmptyMetrics: metrics for pods older than two minutes should be there by now.
      const podKind = mustKind('v1', 'Pod');
      const pods: (Pod & KubeObject)[] = name
        ? [await client.get<Pod & KubeObject>(podKind, namespace, name)]
        : (await client.list<Pod & KubeObject>(podKind, namespace, { labelSelector, fieldSelector })).items;
      if (pods.length) {
        for (const p of pods) {
          const age = ctx.now() - Date.parse(p.metadata.creationTimestamp ?? '');
          if (age > 120_000) throw new Error(`Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDurationText(age)}`);
        }
        throw new Error('metrics not available yet');
      }
      ctx.io.err(all ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
      return 0;
    }

    const podCpu = (m: PodMetrics) => m.containers.reduce((s, c) => s + nanos(c.usage.cpu), 0);
    const podMem = (m: PodMetrics) => m.containers.reduce((s, c) => s + bytes(c.usage.memory), 0);
    const containers = f.bool('--containers');
    const noHeaders = f.bool('--no-headers');
    const rows: string[][] = [];
    if (!noHeaders) rows.push([...(all ? ['NAMESPACE'] : []), ...(containers ? ['POD'] : []), 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const sorted = [...items].sort((a, b) => {
      if (by === 'cpu') return milli(podCpu(b)) - milli(podCpu(a));
      if (by === 'memory') return podMem(b) - podMem(a);
      if (all && a.metadata.namespace !== b.metadata.namespace) return a.metadata.namespace < b.metadata.namespace ? -1 : 1;
      return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
    });
    for (const m of sorted) {
      const ns = all ? [m.metadata.namespace] : [];
      if (containers) {
        const cs = sortBy(m.containers, by, (c) => c.name, (c) => nanos(c.usage.cpu), (c) => bytes(c.usage.memory));
        for (const c of cs) rows.push([...ns, m.metadata.name, c.name, cpuCell(nanos(c.usage.cpu)), memCell(bytes(c.usage.memory))]);
      } else rows.push([...ns, m.metadata.name, cpuCell(podCpu(m)), memCell(podMem(m))]);
    }
    if (f.bool('--sum')) {
      // kubectl counts the NAMESPACE and POD columns only when it prints headers.
      const width = 3 + (noHeaders ? 0 : (all ? 1 : 0) + (containers ? 1 : 0));
      const cpu = items.reduce((s, m) => s + podCpu(m), 0);
      const mem = items.reduce((s, m) => s + podMem(m), 0);
      rows.push([...Array<string>(Math.max(0, width - 2)).fill(''), '________', '________']);
      rows.push([...Array<string>(Math.max(0, width - 3)).fill(''), '', cpuCell(cpu), memCell(mem)]);
    }
    ctx.io.out(table(rows));
    return 0;
  },
};

const topNode: Command = {
  flags: {
    '--selector': ['value', '-l'],
    '--sort-by': ['value'],
    '--no-headers': ['bool'],
    '--use-protocol-buffers': ['bool'],
    '--show-capacity': ['bool'],
  },
  async run(ctx) {
    const f = ctx.flags;
    if (ctx.args.length > 1) return usage(ctx.io, 'node [NAME | -l label]', 'top node');
    const name = ctx.args[0];
    const labelSelector = f.str('--selector');
    const { client } = await ctx.connect();
    const by = sortFlag(ctx);
    if (name && labelSelector) throw new Error('only one of NAME or --selector can be provided');
    if (!(await metricsAvailable(client))) throw new Error('Metrics API not available');
    const items: NodeMetrics[] = name
      ? [await client.request<NodeMetrics>('GET', `${METRICS}/nodes/${encodeURIComponent(name)}`)]
      : ((await client.request<{ items?: NodeMetrics[] }>('GET', `${METRICS}/nodes` + queryOf({ labelSelector: labelSelector || undefined }))).items ?? []);
    if (!items.length) throw new Error('metrics not available yet');
    const nodeKind = mustKind('v1', 'Node');
    const nodes: Node[] = name
      ? [await client.get<Node & KubeObject>(nodeKind, undefined, name)]
      : (await client.list<Node & KubeObject>(nodeKind, undefined, { labelSelector }) as ObjectList<Node & KubeObject>).items;
    const available = new Map<string, Record<string, string>>();
    for (const n of nodes) available.set(n.metadata!.name!, (f.bool('--show-capacity') ? n.status?.capacity : n.status?.allocatable) ?? {});

    const rows: string[][] = [];
    if (!f.bool('--no-headers')) rows.push(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    const sorted = sortBy(items, by, (m) => m.metadata.name, (m) => nanos(m.usage.cpu), (m) => bytes(m.usage.memory));
    // float64(used.MilliValue()) / float64(available.MilliValue()) * 100, truncated.
    const pct = (usedMilli: number, availMilli: number) => `${availMilli ? Math.trunc((usedMilli / availMilli) * 100) : 0}%`;
    for (const m of sorted) {
      const avail = available.get(m.metadata.name);
      const cpu = nanos(m.usage.cpu);
      const mem = bytes(m.usage.memory);
      // A node whose object is missing has no percentages (kubectl prints the cells it has).
      if (avail) rows.push([m.metadata.name, cpuCell(cpu), pct(milli(cpu), milli(nanos(avail.cpu))), memCell(mem), pct(mem * 1000, bytes(avail.memory) * 1000)]);
      else rows.push([m.metadata.name, cpuCell(cpu), memCell(mem)]);
      available.delete(m.metadata.name);
    }
    for (const n of available.keys()) rows.push([n, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
    ctx.io.out(table(rows));
    return 0;
  },
};

/** topCommand is `kubectl top pod|node`: usage from the metrics.k8s.io API, as metrics-server serves it. */
export const topCommand: Command = {
  flags: {},
  sub: { pod: topPod, pods: topPod, po: topPod, node: topNode, nodes: topNode, no: topNode },
};
