import type { KubeObject } from './types.js';
import type { FieldError } from './field-errors.js';
import { type Printer, defaultPrinter } from './printers/table.js';
import { podPrinter, servicePrinter, namespacePrinter, nodePrinter, endpointsPrinter, eventPrinter } from './printers/core.js';
import { deploymentPrinter, replicaSetPrinter } from './printers/apps.js';
import { defaultPod, defaultDeployment, defaultReplicaSet, defaultService, defaultNamespace } from './defaults.js';
import { type NameRule, validatePod, validateWorkload, validateService } from './validation.js';

/** GroupVersionKind names a kind in an API group version. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** SubresourceInfo describes a subresource as discovery advertises it. */
export interface SubresourceInfo {
  name: string;
  responseKind: GroupVersionKind;
  verbs: string[];
}

/**
 * KindInfo is everything the cluster knows about one kind: its resource name, short names, categories, scope,
 * table printer, defaults and validation. The API server, discovery, the tables and the clients all read it here.
 */
export interface KindInfo {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Plural resource name, as in URLs. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
  printer: Printer;
  nameRule: NameRule;
  /** True when status is a subresource: writes to the main resource keep the old status, and vice versa. */
  hasStatus: boolean;
  /** Field selectors this kind supports besides metadata.name and metadata.namespace. */
  fields: Record<string, (obj: KubeObject) => string>;
  defaults?: (obj: KubeObject) => void;
  validate?: (obj: KubeObject, old?: KubeObject) => FieldError[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** apiVersionOf is the apiVersion string of a kind: `v1` for the core group, else `group/version`. */
export function apiVersionOf(k: { group: string; version: string }): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

function kind(
  info: Pick<KindInfo, 'group' | 'version' | 'kind' | 'resource' | 'namespaced'> & Partial<KindInfo> & { sub?: string[] },
): KindInfo {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const subs: SubresourceInfo[] = (info.sub ?? []).map((name) => {
    if (name === 'scale')
      return { name, responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] };
    if (name === 'binding') return { name, responseKind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] };
    if (name === 'log') return { name, responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] };
    return { name, responseKind: gvk, verbs: ['get', 'patch', 'update'] };
  });
  return {
    listKind: `${info.kind}List`,
    singular: info.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    printer: defaultPrinter,
    nameRule: 'subdomain',
    hasStatus: subs.some((s) => s.name === 'status'),
    fields: {},
    ...info,
    subresources: subs,
  };
}

const get = (path: string) => (obj: KubeObject) => {
  let cur: unknown = obj;
  for (const p of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[p];
  return cur === undefined || cur === null ? '' : String(cur);
};

/** KINDS is the one registry of kinds the cluster serves, in the order discovery lists them. */
export const KINDS: readonly KindInfo[] = [
  kind({
    group: '', version: 'v1', kind: 'Pod', resource: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'],
    sub: ['status', 'binding', 'log'], printer: podPrinter as unknown as Printer, defaults: defaultPod, validate: validatePod,
    fields: { 'spec.nodeName': get('spec.nodeName'), 'status.phase': get('status.phase'), 'spec.schedulerName': get('spec.schedulerName'), 'spec.serviceAccountName': get('spec.serviceAccountName'), 'status.podIP': get('status.podIP'), 'spec.restartPolicy': get('spec.restartPolicy') },
  }),
  kind({
    group: '', version: 'v1', kind: 'Service', resource: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'],
    sub: ['status'], printer: servicePrinter as unknown as Printer, defaults: defaultService, validate: validateService, nameRule: 'dns1035',
    fields: { 'spec.clusterIP': get('spec.clusterIP'), 'spec.type': get('spec.type') },
  }),
  kind({
    group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false, shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], sub: ['status', 'finalize'],
    printer: namespacePrinter as unknown as Printer, defaults: defaultNamespace, nameRule: 'label', fields: { 'status.phase': get('status.phase') },
  }),
  kind({
    group: '', version: 'v1', kind: 'Node', resource: 'nodes', namespaced: false, shortNames: ['no'], sub: ['status'],
    printer: nodePrinter as unknown as Printer, fields: { 'spec.unschedulable': get('spec.unschedulable') },
  }),
  kind({
    group: '', version: 'v1', kind: 'Endpoints', resource: 'endpoints', namespaced: true, shortNames: ['ep'], singular: 'endpoints',
    printer: endpointsPrinter as unknown as Printer,
  }),
  kind({
    group: '', version: 'v1', kind: 'Event', resource: 'events', namespaced: true, shortNames: ['ev'], printer: eventPrinter as unknown as Printer,
    fields: {
      'involvedObject.kind': get('involvedObject.kind'), 'involvedObject.namespace': get('involvedObject.namespace'),
      'involvedObject.name': get('involvedObject.name'), 'involvedObject.uid': get('involvedObject.uid'),
      'involvedObject.apiVersion': get('involvedObject.apiVersion'), 'involvedObject.resourceVersion': get('involvedObject.resourceVersion'),
      'involvedObject.fieldPath': get('involvedObject.fieldPath'), reason: get('reason'), reportingComponent: get('reportingComponent'),
      source: get('source.component'), type: get('type'),
    },
  }),
  kind({
    group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'],
    sub: ['status', 'scale'], printer: deploymentPrinter as unknown as Printer, defaults: defaultDeployment, validate: validateWorkload,
  }),
  kind({
    group: 'apps', version: 'v1', kind: 'ReplicaSet', resource: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ['all'],
    sub: ['status', 'scale'], printer: replicaSetPrinter as unknown as Printer, defaults: defaultReplicaSet, validate: validateWorkload,
    fields: { 'status.replicas': get('status.replicas') },
  }),
];

const byResource = new Map(KINDS.map((k) => [`${k.group}/${k.resource}`, k]));
const byKind = new Map(KINDS.map((k) => [`${apiVersionOf(k)}/${k.kind}`, k]));

/** kindForResource finds a kind by API group and plural resource name. */
export function kindForResource(group: string, resource: string): KindInfo | undefined {
  return byResource.get(`${group}/${resource}`);
}

/** kindFor finds a kind by apiVersion and kind, as written in manifests. */
export function kindFor(apiVersion: string, kindName: string): KindInfo | undefined {
  return byKind.get(`${apiVersion}/${kindName}`);
}

/** mustKind is kindFor for the kinds the cluster's own code uses; it throws on a typo. */
export function mustKind(apiVersion: string, kindName: string): KindInfo {
  const k = kindFor(apiVersion, kindName);
  if (!k) throw new Error(`unknown kind ${apiVersion}/${kindName}`);
  return k;
}

/** groupVersions lists the served group versions, core first, in discovery order. */
export function groupVersions(): { group: string; version: string; kinds: KindInfo[] }[] {
  const out: { group: string; version: string; kinds: KindInfo[] }[] = [];
  for (const k of KINDS) {
    let gv = out.find((g) => g.group === k.group && g.version === k.version);
    if (!gv) out.push((gv = { group: k.group, version: k.version, kinds: [] }));
    gv.kinds.push(k);
  }
  return out;
}
