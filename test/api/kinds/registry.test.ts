import { describe, it, expect } from 'vitest';
import { KINDS, mustKind, groupVersions } from '../../../src/api/kinds.js';
import { BODIES, body } from './bodies.js';
import { newRegistry } from '../../apiserver/helpers.js';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

// apiVersion/Kind, resource, singular, namespaced, short names, categories, subresources, name rule.
const TABLE: [string, string, string, boolean, string[], string[], string[], string][] = [
  ['v1/ConfigMap', 'configmaps', 'configmap', true, ['cm'], [], [], 'subdomain'],
  ['v1/Secret', 'secrets', 'secret', true, [], [], [], 'subdomain'],
  ['v1/ServiceAccount', 'serviceaccounts', 'serviceaccount', true, ['sa'], [], [], 'subdomain'],
  ['v1/ReplicationController', 'replicationcontrollers', 'replicationcontroller', true, ['rc'], ['all'], ['status', 'scale'], 'subdomain'],
  ['v1/PersistentVolume', 'persistentvolumes', 'persistentvolume', false, ['pv'], [], ['status'], 'subdomain'],
  ['v1/PersistentVolumeClaim', 'persistentvolumeclaims', 'persistentvolumeclaim', true, ['pvc'], [], ['status'], 'subdomain'],
  ['v1/LimitRange', 'limitranges', 'limitrange', true, ['limits'], [], [], 'subdomain'],
  ['v1/ResourceQuota', 'resourcequotas', 'resourcequota', true, ['quota'], [], ['status'], 'subdomain'],
  ['v1/PodTemplate', 'podtemplates', 'podtemplate', true, [], [], [], 'subdomain'],
  ['discovery.k8s.io/v1/EndpointSlice', 'endpointslices', 'endpointslice', true, [], [], [], 'subdomain'],
  ['events.k8s.io/v1/Event', 'events', 'event', true, ['ev'], [], [], 'subdomain'],
  ['coordination.k8s.io/v1/Lease', 'leases', 'lease', true, [], [], [], 'subdomain'],
  ['apps/v1/StatefulSet', 'statefulsets', 'statefulset', true, ['sts'], ['all'], ['status', 'scale'], 'label'],
  ['apps/v1/DaemonSet', 'daemonsets', 'daemonset', true, ['ds'], ['all'], ['status'], 'subdomain'],
  ['apps/v1/ControllerRevision', 'controllerrevisions', 'controllerrevision', true, [], [], [], 'subdomain'],
  ['batch/v1/Job', 'jobs', 'job', true, [], ['all'], ['status'], 'subdomain'],
  ['batch/v1/CronJob', 'cronjobs', 'cronjob', true, ['cj'], ['all'], ['status'], 'subdomain'],
  ['autoscaling/v2/HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'horizontalpodautoscaler', true, ['hpa'], ['all'], ['status'], 'subdomain'],
  ['networking.k8s.io/v1/Ingress', 'ingresses', 'ingress', true, ['ing'], [], ['status'], 'subdomain'],
  ['networking.k8s.io/v1/IngressClass', 'ingressclasses', 'ingressclass', false, [], [], [], 'subdomain'],
  ['networking.k8s.io/v1/NetworkPolicy', 'networkpolicies', 'networkpolicy', true, ['netpol'], [], [], 'subdomain'],
  ['storage.k8s.io/v1/StorageClass', 'storageclasses', 'storageclass', false, ['sc'], [], [], 'subdomain'],
  ['policy/v1/PodDisruptionBudget', 'poddisruptionbudgets', 'poddisruptionbudget', true, ['pdb'], [], ['status'], 'subdomain'],
  ['rbac.authorization.k8s.io/v1/Role', 'roles', 'role', true, [], [], [], 'path'],
  ['rbac.authorization.k8s.io/v1/RoleBinding', 'rolebindings', 'rolebinding', true, [], [], [], 'path'],
  ['rbac.authorization.k8s.io/v1/ClusterRole', 'clusterroles', 'clusterrole', false, [], [], [], 'path'],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'clusterrolebindings', 'clusterrolebinding', false, [], [], [], 'path'],
];

const split = (key: string) => {
  const i = key.lastIndexOf('/');
  return [key.slice(0, i), key.slice(i + 1)] as const;
};

describe('registry entries of the kinds the issue adds', () => {
  it.each(TABLE)('%s', (key, resource, singular, namespaced, shortNames, categories, subs, nameRule) => {
    const k = mustKind(...split(key));
    expect(k.resource).toBe(resource);
    expect(k.singular).toBe(singular);
    expect(k.namespaced).toBe(namespaced);
    expect(k.shortNames).toEqual(shortNames);
    expect(k.categories).toEqual(categories);
    expect(k.subresources.map((s) => s.name)).toEqual(subs);
    expect(k.hasStatus).toBe(subs.includes('status'));
    expect(k.verbs).toEqual(ALL_VERBS);
    expect(k.nameRule).toBe(nameRule);
    expect(k.listKind).toBe(`${split(key)[1]}List`);
  });

  it('answers the scale subresource as autoscaling/v1 Scale', () => {
    for (const key of ['v1/ReplicationController', 'apps/v1/StatefulSet']) {
      const scale = mustKind(...split(key)).subresources.find((s) => s.name === 'scale');
      expect(scale?.responseKind).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    }
  });

  it('lists `kubectl get all` kinds in the order kubectl prints them', () => {
    expect(KINDS.filter((k) => k.categories.includes('all')).map((k) => k.resource)).toEqual([
      'pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets',
      'horizontalpodautoscalers', 'cronjobs', 'jobs',
    ]);
  });

  it('groups group versions in kube-apiserver discovery order, resources sorted by name', () => {
    const gvs = groupVersions();
    expect(gvs.map((g) => `${g.group}/${g.version}`)).toEqual([
      '/v1', 'apps/v1', 'events.k8s.io/v1', 'autoscaling/v2', 'batch/v1', 'networking.k8s.io/v1', 'policy/v1',
      'rbac.authorization.k8s.io/v1', 'storage.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1',
    ]);
    for (const gv of gvs) {
      const names = gv.kinds.map((k) => k.resource);
      expect(names).toEqual([...names].sort());
    }
  });

  it('has one entry per group and resource', () => {
    const keys = KINDS.map((k) => `${k.group}/${k.resource}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('every new kind through the Registry', () => {
  it.each(Object.keys(BODIES))('%s: create, get, list, delete', (key) => {
    const { registry } = newRegistry();
    const k = mustKind(...split(key));
    const ns = k.namespaced ? 'default' : undefined;
    const created = registry.create(k, ns, body(key));
    const name = created.metadata.name!;
    expect(created.kind).toBe(k.kind);
    expect(created.metadata.uid).toBeTruthy();
    expect(created.metadata.namespace).toBe(ns);
    expect(registry.get(k, ns, name).metadata.uid).toBe(created.metadata.uid);
    const list = registry.list(k, ns);
    expect(list.kind).toBe(`${k.kind}List`);
    expect(list.items.map((o) => o.metadata.name)).toEqual([name]);
    // The printer turns the stored object into a row as wide as its columns.
    expect(k.printer.cells(created, Date.now())).toHaveLength(k.printer.columns.length);
    registry.delete(k, ns, name);
    expect(registry.list(k, ns).items).toEqual([]);
  });

  it('stores events.k8s.io events apart from core events', () => {
    const { registry } = newRegistry();
    const ev = mustKind('events.k8s.io/v1', 'Event');
    registry.create(ev, 'default', body('events.k8s.io/v1/Event'));
    expect(registry.list(mustKind('v1', 'Event'), 'default').items).toEqual([]);
  });

  it('filters secrets by type', () => {
    const { registry } = newRegistry();
    const k = mustKind('v1', 'Secret');
    registry.create(k, 'default', body('v1/Secret'));
    registry.create(k, 'default', { metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==', 'tls.key': 'Yg==' } });
    expect(registry.list(k, 'default', { fieldSelector: 'type=kubernetes.io/tls' }).items.map((s) => s.metadata.name)).toEqual(['tls']);
  });
});
