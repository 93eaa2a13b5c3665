import { KINDS, groupVersions, type KindInfo } from '../../api/kinds.js';
import { KUBERNETES_VERSION } from '../../cluster/version.js';
import { METRICS_GROUP, METRICS_VERSION, metricsDiscoveryResources } from './metrics.js';

/** The Content-Type of aggregated discovery documents (apidiscovery.k8s.io/v2). */
export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function resourceEntry(k: KindInfo) {
  const entry: Record<string, unknown> = {
    resource: k.resource,
    responseKind: { group: k.group, version: k.version, kind: k.kind },
    scope: k.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: k.singular,
    verbs: k.verbs,
  };
  if (k.shortNames.length) entry.shortNames = k.shortNames;
  if (k.categories.length) entry.categories = k.categories;
  if (k.subresources.length)
    entry.subresources = k.subresources.map((s) => ({ subresource: s.name, responseKind: s.responseKind, verbs: s.verbs }));
  return entry;
}

/**
 * aggregatedDiscovery answers `/api` (core) or `/apis` (groups) in the aggregated v2 form kubectl asks for;
 * metrics.k8s.io is in it while the metrics-server addon is on.
 */
export function aggregatedDiscovery(core: boolean, metrics = true) {
  const items = groupVersions()
    .filter((gv) => (gv.group === '') === core)
    .map((gv) => {
      const item: Record<string, unknown> = {
        metadata: core ? { creationTimestamp: null } : { name: gv.group, creationTimestamp: null },
        versions: [{ version: gv.version, resources: gv.kinds.map(resourceEntry), freshness: 'Current' }],
      };
      return item;
    });
  // metrics.k8s.io is served by the simulation itself (what metrics-server's aggregated API answers).
  if (!core && metrics)
    items.push({
      metadata: { name: METRICS_GROUP, creationTimestamp: null },
      versions: [{ version: METRICS_VERSION, resources: metricsDiscoveryResources(), freshness: 'Current' }],
    });
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

/** legacyCoreVersions answers `/api` for clients that do not ask for aggregated discovery. */
export function legacyCoreVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** legacyGroupList answers `/apis` in the APIGroupList form. */
export function legacyGroupList(metrics = true) {
  const groups = groupVersions()
    .filter((gv) => gv.group !== '')
    .map((gv) => {
      const v = { groupVersion: `${gv.group}/${gv.version}`, version: gv.version };
      return { name: gv.group, versions: [v], preferredVersion: v };
    });
  const m = { groupVersion: `${METRICS_GROUP}/${METRICS_VERSION}`, version: METRICS_VERSION };
  if (metrics) groups.push({ name: METRICS_GROUP, versions: [m], preferredVersion: m });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** legacyGroup answers `/apis/<group>`. */
export function legacyGroup(group: string, metrics = true) {
  if (group === METRICS_GROUP) {
    if (!metrics) return undefined;
    const v = { groupVersion: `${METRICS_GROUP}/${METRICS_VERSION}`, version: METRICS_VERSION };
    return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [v], preferredVersion: v };
  }
  const gv = groupVersions().find((g) => g.group === group);
  if (!gv) return undefined;
  const v = { groupVersion: `${gv.group}/${gv.version}`, version: gv.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [v], preferredVersion: v };
}

/** resourceList answers `/api/v1` or `/apis/<group>/<version>` with an APIResourceList. */
export function resourceList(group: string, version: string, metrics = true) {
  if (group === METRICS_GROUP && version === METRICS_VERSION && !metrics) return undefined;
  if (group === METRICS_GROUP && version === METRICS_VERSION)
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: `${METRICS_GROUP}/${METRICS_VERSION}`,
      resources: metricsDiscoveryResources().map((r) => ({ name: r.resource, singularName: '', namespaced: r.scope === 'Namespaced', kind: r.responseKind.kind, verbs: r.verbs })),
    };
  const kinds = KINDS.filter((k) => k.group === group && k.version === version);
  if (!kinds.length) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const k of kinds) {
    const r: Record<string, unknown> = {
      name: k.resource,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: k.verbs,
    };
    if (k.shortNames.length) r.shortNames = k.shortNames;
    if (k.categories.length) r.categories = k.categories;
    resources.push(r);
    for (const s of k.subresources)
      resources.push({ name: `${k.resource}/${s.name}`, singularName: '', namespaced: k.namespaced, kind: s.responseKind.kind, verbs: s.verbs, ...(s.responseKind.group !== group ? { group: s.responseKind.group, version: s.responseKind.version } : {}) });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

/** versionInfo answers `/version`. */
export function versionInfo(version = KUBERNETES_VERSION) {
  const [major, minor] = version.slice(1).split('.');
  return {
    major,
    minor,
    emulationMajor: major,
    emulationMinor: minor,
    minCompatibilityMajor: major,
    minCompatibilityMinor: String(Number(minor) - 1),
    gitVersion: version,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.25.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
