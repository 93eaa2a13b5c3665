import { alignTabs } from '../../api/describe/tabwriter.js';
import type { HttpClient } from '../../client/http-client.js';
import type { Command, Ctx } from './command.js';
import { UsageError } from './flags.js';
import { goJSON } from './go-json.js';

/** The Accept header kubectl 1.35 sends for discovery: aggregated v2, then v2beta1, then the legacy documents. */
export const DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** APIResource is metav1.APIResource as api-resources prints it, fields in Go's struct order (for -o json). */
export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

interface DiscoveryResource {
  resource: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}
interface DiscoveryGroup {
  metadata?: { name?: string };
  versions?: { version: string; resources?: DiscoveryResource[] }[];
}

/**
 * preferredResources is client-go's ServerPreferredResources over aggregated discovery: for every group (core
 * first, then /apis in the server's order) the resources of its preferred (first) version, plus those only an
 * older version serves, never subresources. Groups keep the server's order; within a group the order is Go's
 * map order (random), which every caller sorts away. Answers undefined when the server does not speak
 * aggregated discovery (then the caller defers to a real kubectl).
 */
export async function preferredResources(client: HttpClient): Promise<APIResource[] | undefined> {
  const groups: DiscoveryGroup[] = [];
  for (const path of ['/api', '/apis']) {
    const doc = await client.request<{ kind?: string; items?: DiscoveryGroup[] }>('GET', path, undefined, undefined, DISCOVERY_ACCEPT);
    if (doc?.kind !== 'APIGroupDiscoveryList') return undefined;
    groups.push(...(doc.items ?? []));
  }
  const out: APIResource[] = [];
  for (const g of groups) {
    const group = g.metadata?.name ?? '';
    const seen = new Set<string>();
    for (const v of g.versions ?? []) {
      for (const r of v.resources ?? []) {
        // A resource without a responseKind cannot be used, so client-go's conversion leaves it out.
        if (!r.responseKind || r.resource.includes('/') || seen.has(r.resource)) continue;
        seen.add(r.resource);
        const res: APIResource = {
          name: r.resource,
          singularName: r.singularResource ?? '',
          namespaced: r.scope === 'Namespaced',
          group,
          version: v.version,
          kind: r.responseKind.kind ?? '',
          verbs: r.verbs ?? [],
        };
        if (r.shortNames?.length) res.shortNames = r.shortNames;
        if (r.categories?.length) res.categories = r.categories;
        out.push(res);
      }
    }
  }
  return out;
}

/** Go's strings.Compare: byte order, which for these ASCII names is UTF-16 order. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The formats `-o` takes, in the order kubectl lists them in its error. */
const FORMATS = ['json', 'kyaml', 'name', 'wide', 'yaml'];

/** `kubectl api-resources`: the server's resources from discovery, filtered, sorted and printed as kubectl does. */
export const apiResourcesCommand: Command = {
  flags: {
    '--output': ['value', '-o'],
    '--no-headers': ['bool'],
    '--api-group': ['value'],
    '--namespaced': ['bool'],
    '--verbs': ['list'],
    '--sort-by': ['value'],
    '--cached': ['bool'],
    '--categories': ['list'],
  },
  async run(ctx: Ctx) {
    if (ctx.args.length) {
      ctx.io.err(`error: unexpected arguments: [${ctx.args.join(' ')}]\nSee 'kubectl api-resources -h' for help and examples\n`);
      return 1;
    }
    const output = ctx.flags.str('--output') ?? '';
    // kyaml is a YAML dialect this built-in does not write.
    if (output === 'kyaml') return undefined;
    if (output !== '' && !FORMATS.includes(output))
      throw new UsageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${FORMATS.join(',')}`);
    const sortBy = ctx.flags.str('--sort-by') ?? '';
    if (!['', 'name', 'kind'].includes(sortBy)) throw new UsageError('--sort-by accepts only name or kind');
    // StringSlice flags: each use may hold several comma-separated values.
    const split = (name: string) => ctx.flags.list(name).flatMap((v) => (v === '' ? [] : v.split(',')));
    const verbs = split('--verbs');
    const categories = split('--categories');
    const { client } = await ctx.connect();
    const all = await preferredResources(client);
    if (!all) return undefined;
    const groupFilter = ctx.flags.str('--api-group');
    const nsChanged = ctx.flags.has('--namespaced');
    const namespaced = ctx.flags.bool('--namespaced');
    const kept = all.filter(
      (r) =>
        r.verbs.length > 0 &&
        (groupFilter === undefined || r.group === groupFilter) &&
        (!nsChanged || r.namespaced === namespaced) &&
        verbs.every((v) => r.verbs.includes(v)) &&
        categories.every((c) => (r.categories ?? []).includes(c)),
    );
    // Nothing left after filtering still prints the headers (or an empty list).
    const key = (r: APIResource) => (sortBy === 'name' ? r.name : sortBy === 'kind' ? r.kind : (r.group ?? ''));
    // sort.Stable on (key, then name): Array.prototype.sort is stable.
    kept.sort((a, b) => compare(key(a), key(b)) || compare(a.name, b.name));

    const apiVersion = (r: APIResource) => (r.group ? `${r.group}/${r.version}` : (r.version ?? ''));
    if (output === 'name') {
      ctx.io.out(kept.map((r) => `${r.name}${r.group ? `.${r.group}` : ''}\n`).join(''));
      return 0;
    }
    if (output === 'json' || output === 'yaml') {
      // The flat list: groupVersion empty, each resource carrying its group (omitted when empty) and version.
      const list = {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: '',
        resources: !kept.length ? null : kept.map(({ group, ...r }) => ({
          name: r.name,
          singularName: r.singularName,
          namespaced: r.namespaced,
          ...(group ? { group } : {}),
          ...(r.version ? { version: r.version } : {}),
          kind: r.kind,
          verbs: r.verbs,
          ...(r.shortNames ? { shortNames: r.shortNames } : {}),
          ...(r.categories ? { categories: r.categories } : {}),
        })),
      };
      if (output === 'json') ctx.io.out(`${goJSON(list, { sort: false })}\n`);
      else ctx.io.out((await import('./yaml.js')).toYAML(list));
      return 0;
    }
    const wide = output === 'wide';
    let text = '';
    if (!ctx.flags.bool('--no-headers')) text += `${['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])].join('\t')}\n`;
    for (const r of kept) {
      const cells = [r.name, (r.shortNames ?? []).join(','), apiVersion(r), String(r.namespaced), r.kind];
      if (wide) cells.push(r.verbs.join(','), (r.categories ?? []).join(','));
      text += `${cells.join('\t')}\n`;
    }
    ctx.io.out(alignTabs(text, 3, 6));
    return 0;
  },
};
