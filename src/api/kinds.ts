import type { KubeObject } from './types.js';
import type { FieldError } from './field-errors.js';
import { type Printer, defaultPrinter, createdAtPrinter } from './printers/table.js';
import { podPrinter, servicePrinter, namespacePrinter, nodePrinter, endpointsPrinter, eventPrinter } from './printers/core.js';
import {
  deploymentPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
  daemonSetPrinter,
  controllerRevisionPrinter,
  replicationControllerPrinter,
} from './printers/apps.js';
import { configMapPrinter, secretPrinter, serviceAccountPrinter, resourceQuotaPrinter, podTemplatePrinter } from './printers/config.js';
import { persistentVolumePrinter, persistentVolumeClaimPrinter, storageClassPrinter } from './printers/storage.js';
import { jobPrinter, cronJobPrinter } from './printers/batch.js';
import { horizontalPodAutoscalerPrinter } from './printers/autoscaling.js';
import { ingressPrinter, ingressClassPrinter, networkPolicyPrinter, endpointSlicePrinter } from './printers/networking.js';
import { roleBindingPrinter, clusterRoleBindingPrinter } from './printers/rbac.js';
import { podDisruptionBudgetPrinter, leasePrinter } from './printers/policy.js';
import { eventsV1Printer } from './printers/events.js';
import * as d from './defaults.js';
import * as v from './validation.js';
import type { NameRule } from './validation.js';

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
  /** True when the kind's strategy keeps metadata.generation (1 on create, +1 on a spec change or deletion). */
  generation: boolean;
  /** Field selectors this kind supports besides metadata.name and metadata.namespace. */
  fields: Record<string, (obj: KubeObject) => string>;
  defaults?: (obj: KubeObject) => void;
  validate?: (obj: KubeObject, old?: KubeObject) => FieldError[];
}

/**
 * The resources whose registry strategy sets metadata.generation (PrepareForCreate's `Generation = 1`, in
 * the strategy.go files under pkg/registry of Kubernetes 1.35); every other kind (services, configmaps, events, nodes, ...)
 * has none.
 */
const WITH_GENERATION = new Set([
  '/pods', '/replicationcontrollers', 'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets',
  'batch/jobs', 'batch/cronjobs', 'networking.k8s.io/ingresses', 'networking.k8s.io/ingressclasses',
  'networking.k8s.io/networkpolicies', 'discovery.k8s.io/endpointslices', 'policy/poddisruptionbudgets',
  'scheduling.k8s.io/priorityclasses', 'apiextensions.k8s.io/customresourcedefinitions',
  'admissionregistration.k8s.io/validatingwebhookconfigurations', 'admissionregistration.k8s.io/mutatingwebhookconfigurations',
]);

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
    // kubectl drain evicts through pods/eviction only when discovery lists it (policy/v1 Eviction), else it deletes.
    if (name === 'eviction') return { name, responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] };
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
    generation: WITH_GENERATION.has(`${info.group}/${info.resource}`),
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

/** p casts a typed printer to the registry's object type. */
const p = (printer: unknown) => printer as Printer;

/**
 * KINDS is the one registry of kinds the cluster serves, in the order discovery lists them: the core group first,
 * then the groups in kube-apiserver's priority order (apps, events.k8s.io, autoscaling, batch, networking.k8s.io,
 * policy, rbac.authorization.k8s.io, storage.k8s.io, coordination.k8s.io, discovery.k8s.io), resources in each
 * group version sorted by name as kube-apiserver sorts them. `kubectl get all` follows this order.
 */
export const KINDS: readonly KindInfo[] = [
  // core/v1
  kind({
    group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true, shortNames: ['cm'],
    printer: p(configMapPrinter), validate: v.validateConfigMap,
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
    group: '', version: 'v1', kind: 'LimitRange', resource: 'limitranges', namespaced: true, shortNames: ['limits'],
    printer: createdAtPrinter, defaults: d.defaultLimitRange,
  }),
  kind({
    group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false, shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], sub: ['status', 'finalize'],
    printer: namespacePrinter as unknown as Printer, defaults: d.defaultNamespace, nameRule: 'label', fields: { 'status.phase': get('status.phase') },
  }),
  kind({
    group: '', version: 'v1', kind: 'Node', resource: 'nodes', namespaced: false, shortNames: ['no'], sub: ['status'],
    printer: nodePrinter as unknown as Printer, fields: { 'spec.unschedulable': get('spec.unschedulable') },
  }),
  kind({
    group: '', version: 'v1', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'],
    sub: ['status'], printer: p(persistentVolumeClaimPrinter), defaults: d.defaultPersistentVolumeClaim, validate: v.validatePersistentVolumeClaim,
  }),
  kind({
    group: '', version: 'v1', kind: 'PersistentVolume', resource: 'persistentvolumes', namespaced: false, shortNames: ['pv'],
    sub: ['status'], printer: p(persistentVolumePrinter), defaults: d.defaultPersistentVolume, validate: v.validatePersistentVolume,
  }),
  kind({
    group: '', version: 'v1', kind: 'Pod', resource: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'],
    sub: ['status', 'binding', 'eviction', 'log'], printer: podPrinter as unknown as Printer, defaults: d.defaultPod, validate: v.validatePod,
    fields: { 'spec.nodeName': get('spec.nodeName'), 'status.phase': get('status.phase'), 'spec.schedulerName': get('spec.schedulerName'), 'spec.serviceAccountName': get('spec.serviceAccountName'), 'status.podIP': get('status.podIP'), 'spec.restartPolicy': get('spec.restartPolicy') },
  }),
  kind({
    group: '', version: 'v1', kind: 'PodTemplate', resource: 'podtemplates', namespaced: true,
    printer: p(podTemplatePrinter), defaults: d.defaultPodTemplate, validate: v.validatePodTemplate,
  }),
  kind({
    group: '', version: 'v1', kind: 'ReplicationController', resource: 'replicationcontrollers', namespaced: true, shortNames: ['rc'],
    categories: ['all'], sub: ['status', 'scale'], printer: p(replicationControllerPrinter),
    defaults: d.defaultReplicationController, validate: v.validateReplicationController, fields: { 'status.replicas': get('status.replicas') },
  }),
  kind({
    group: '', version: 'v1', kind: 'ResourceQuota', resource: 'resourcequotas', namespaced: true, shortNames: ['quota'],
    sub: ['status'], printer: p(resourceQuotaPrinter),
  }),
  kind({
    group: '', version: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true,
    printer: p(secretPrinter), defaults: d.defaultSecret, validate: v.validateSecret, fields: { type: get('type') },
  }),
  kind({
    group: '', version: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', namespaced: true, shortNames: ['sa'],
    printer: p(serviceAccountPrinter),
  }),
  kind({
    group: '', version: 'v1', kind: 'Service', resource: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'],
    sub: ['status'], printer: servicePrinter as unknown as Printer, defaults: d.defaultService, validate: v.validateService, nameRule: 'dns1035',
    fields: { 'spec.clusterIP': get('spec.clusterIP'), 'spec.type': get('spec.type') },
  }),
  // apps/v1
  kind({
    group: 'apps', version: 'v1', kind: 'ControllerRevision', resource: 'controllerrevisions', namespaced: true,
    printer: p(controllerRevisionPrinter), validate: v.validateControllerRevision,
  }),
  kind({
    group: 'apps', version: 'v1', kind: 'DaemonSet', resource: 'daemonsets', namespaced: true, shortNames: ['ds'], categories: ['all'],
    sub: ['status'], printer: p(daemonSetPrinter), defaults: d.defaultDaemonSet, validate: v.validateDaemonSet,
  }),
  kind({
    group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'],
    sub: ['status', 'scale'], printer: deploymentPrinter as unknown as Printer, defaults: d.defaultDeployment, validate: v.validateWorkload,
  }),
  kind({
    group: 'apps', version: 'v1', kind: 'ReplicaSet', resource: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ['all'],
    sub: ['status', 'scale'], printer: replicaSetPrinter as unknown as Printer, defaults: d.defaultReplicaSet, validate: v.validateWorkload,
    fields: { 'status.replicas': get('status.replicas') },
  }),
  kind({
    group: 'apps', version: 'v1', kind: 'StatefulSet', resource: 'statefulsets', namespaced: true, shortNames: ['sts'], categories: ['all'],
    sub: ['status', 'scale'], printer: p(statefulSetPrinter), defaults: d.defaultStatefulSet, validate: v.validateStatefulSet, nameRule: 'label',
  }),
  // events.k8s.io/v1: its own resource here (kube-apiserver shares storage with core events).
  kind({
    group: 'events.k8s.io', version: 'v1', kind: 'Event', resource: 'events', namespaced: true, shortNames: ['ev'],
    printer: p(eventsV1Printer), validate: v.validateEventsV1,
    fields: {
      'regarding.kind': get('regarding.kind'), 'regarding.namespace': get('regarding.namespace'), 'regarding.name': get('regarding.name'),
      'regarding.uid': get('regarding.uid'), reason: get('reason'), reportingController: get('reportingController'), type: get('type'),
    },
  }),
  // autoscaling/v2
  kind({
    group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', namespaced: true,
    shortNames: ['hpa'], categories: ['all'], sub: ['status'], printer: p(horizontalPodAutoscalerPrinter),
    defaults: d.defaultHorizontalPodAutoscaler, validate: v.validateHorizontalPodAutoscaler,
  }),
  // batch/v1
  kind({
    group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs', namespaced: true, shortNames: ['cj'], categories: ['all'],
    sub: ['status'], printer: p(cronJobPrinter), defaults: d.defaultCronJob, validate: v.validateCronJob,
  }),
  kind({
    group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', namespaced: true, categories: ['all'],
    sub: ['status'], printer: p(jobPrinter), defaults: d.defaultJob, validate: v.validateJob,
    fields: { 'status.successful': get('status.succeeded') },
  }),
  // networking.k8s.io/v1
  kind({
    group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', resource: 'ingressclasses', namespaced: false,
    printer: p(ingressClassPrinter), validate: v.validateIngressClass,
  }),
  kind({
    group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', resource: 'ingresses', namespaced: true, shortNames: ['ing'],
    sub: ['status'], printer: p(ingressPrinter), validate: v.validateIngress,
  }),
  kind({
    group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', resource: 'networkpolicies', namespaced: true, shortNames: ['netpol'],
    printer: p(networkPolicyPrinter), defaults: d.defaultNetworkPolicy, validate: v.validateNetworkPolicy,
  }),
  // policy/v1
  kind({
    group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', namespaced: true, shortNames: ['pdb'],
    sub: ['status'], printer: p(podDisruptionBudgetPrinter), validate: v.validatePodDisruptionBudget,
  }),
  // rbac.authorization.k8s.io/v1
  kind({
    group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false,
    printer: p(clusterRoleBindingPrinter), defaults: d.defaultRoleBinding, validate: v.validateClusterRoleBinding, nameRule: 'path',
  }),
  kind({
    group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', resource: 'clusterroles', namespaced: false,
    printer: createdAtPrinter, validate: v.validateClusterRole, nameRule: 'path',
  }),
  kind({
    group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', resource: 'rolebindings', namespaced: true,
    printer: p(roleBindingPrinter), defaults: d.defaultRoleBinding, validate: v.validateRoleBinding, nameRule: 'path',
  }),
  kind({
    group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', resource: 'roles', namespaced: true,
    printer: createdAtPrinter, validate: v.validateRole, nameRule: 'path',
  }),
  // storage.k8s.io/v1
  kind({
    group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', resource: 'storageclasses', namespaced: false, shortNames: ['sc'],
    printer: p(storageClassPrinter), defaults: d.defaultStorageClass, validate: v.validateStorageClass,
  }),
  // coordination.k8s.io/v1
  kind({
    group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', resource: 'leases', namespaced: true,
    printer: p(leasePrinter), validate: v.validateLease,
  }),
  // discovery.k8s.io/v1
  kind({
    group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', resource: 'endpointslices', namespaced: true,
    printer: p(endpointSlicePrinter), defaults: d.defaultEndpointSlice, validate: v.validateEndpointSlice,
    fields: { addressType: get('addressType') },
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

/**
 * resolveResource finds a kind by a name as kubectl's RESTMapper takes it: the resource (`pods`), the singular
 * (`pod`), a short name (`po`), the kind (`Pod`, any case), or `resource.group` (`deployments.apps`); core and
 * preferred groups first (KINDS is in discovery order), so `ev` is the core Event.
 */
export function resolveResource(name: string): KindInfo | undefined {
  const n = name.toLowerCase();
  return (
    KINDS.find((k) => k.resource === n) ??
    KINDS.find((k) => k.singular === n) ??
    KINDS.find((k) => k.shortNames.includes(n)) ??
    KINDS.find((k) => k.kind.toLowerCase() === n) ??
    KINDS.find((k) => `${k.resource}.${k.group}` === n) ??
    // kubectl also takes the singular or the kind with the group (`deployment.apps/web`, as its own output names
    // objects) and the fully qualified `deployments.v1.apps`.
    KINDS.find((k) => k.group && (`${k.singular}.${k.group}` === n || `${k.kind.toLowerCase()}.${k.group}` === n || `${k.resource}.${k.version}.${k.group}` === n))
  );
}
