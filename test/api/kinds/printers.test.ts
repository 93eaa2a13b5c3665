import { describe, it, expect } from 'vitest';
import { mustKind } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/types.js';
import { formatHPAMetrics } from '../../../src/api/printers/autoscaling.js';
import { formatIngressHosts, formatSliceEndpoints } from '../../../src/api/printers/networking.js';
import { jobCompletions, jobStatus } from '../../../src/api/printers/batch.js';
import { accessModesString } from '../../../src/api/printers/storage.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', creationTimestamp: ago(300), ...extra });
const tmpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'sidecar', image: 'busybox' }] } };

// apiVersion/Kind, columns as `Name` or `Name:type:priority` when not string/0, object, cells.
const TABLE: [string, string[], KubeObject, unknown[]][] = [
  ['v1/ConfigMap', ['Name', 'Data', 'Age'], { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, ['cfg', 3, '5m']],
  ['v1/Secret', ['Name', 'Type', 'Data', 'Age'], { metadata: meta('sec'), type: 'Opaque', data: { password: 'cw==' } }, ['sec', 'Opaque', 1, '5m']],
  ['v1/ServiceAccount', ['Name', 'Secrets', 'Age'], { metadata: meta('default') }, ['default', 0, '5m']],
  [
    'v1/ReplicationController',
    ['Name', 'Desired:integer', 'Current:integer', 'Ready:integer', 'Age', 'Containers::1', 'Images::1', 'Selector::1'],
    { metadata: meta('rc'), spec: { replicas: 3, selector: { tier: 'fe', app: 'web' }, template: tmpl }, status: { replicas: 3, readyReplicas: 2 } },
    ['rc', 3, 3, 2, '5m', 'nginx,sidecar', 'nginx:1.25,busybox', 'app=web,tier=fe'],
  ],
  [
    'v1/PersistentVolume',
    ['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode::1'],
    {
      metadata: meta('pv1', { namespace: undefined }),
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'standard', claimRef: { namespace: 'default', name: 'data' }, volumeMode: 'Filesystem' },
      status: { phase: 'Bound' },
    },
    ['pv1', '10Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'standard', '<unset>', '', '5m', 'Filesystem'],
  ],
  [
    'v1/PersistentVolumeClaim',
    ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode::1'],
    {
      metadata: meta('data'),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeName: 'pvc-123', volumeMode: 'Filesystem' },
      status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
    },
    ['data', 'Bound', 'pvc-123', '1Gi', 'RWO', 'standard', '<unset>', '5m', 'Filesystem'],
  ],
  [
    'v1/PersistentVolumeClaim',
    ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode::1'],
    { metadata: meta('pending'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } },
    ['pending', 'Pending', '', '', '', '', '<unset>', '5m', '<unset>'],
  ],
  ['v1/LimitRange', ['Name', 'Created At:date'], { metadata: meta('limits', { creationTimestamp: '2026-01-01T11:55:00Z' }) }, ['limits', '2026-01-01T11:55:00Z']],
  [
    'v1/ResourceQuota',
    ['Name', 'Request', 'Limit', 'Age'],
    { metadata: meta('quota'), status: { hard: { pods: '10', 'requests.cpu': '2', 'limits.memory': '2Gi' }, used: { pods: '3', 'requests.cpu': '500m' } } },
    ['quota', 'pods: 3/10, requests.cpu: 500m/2', 'limits.memory: 0/2Gi', '5m'],
  ],
  ['v1/PodTemplate', ['Name', 'Containers', 'Images', 'Pod Labels'], { metadata: meta('pt'), template: tmpl }, ['pt', 'nginx,sidecar', 'nginx:1.25,busybox', 'app=web']],
  [
    'discovery.k8s.io/v1/EndpointSlice',
    ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'],
    { metadata: meta('web-abc'), addressType: 'IPv4', ports: [{ port: 80 }, { name: 'metrics' }], endpoints: [{ addresses: ['10.244.0.5'] }, { addresses: ['10.244.0.6'] }] },
    ['web-abc', 'IPv4', '80,metrics', '10.244.0.5,10.244.0.6', '5m'],
  ],
  [
    'events.k8s.io/v1/Event',
    ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject::1', 'Source::1', 'Message', 'First Seen::1', 'Count::1', 'Name::1'],
    {
      metadata: meta('web.1'),
      eventTime: ago(60),
      reportingController: 'kubelet',
      reportingInstance: 'minikube',
      reason: 'Pulling',
      type: 'Normal',
      regarding: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{nginx}' },
      note: 'Pulling image "nginx" ',
    },
    ['60s', 'Normal', 'Pulling', 'pod/web', 'spec.containers{nginx}', 'kubelet, minikube', 'Pulling image "nginx"', '60s', 1, 'web.1'],
  ],
  ['coordination.k8s.io/v1/Lease', ['Name', 'Holder', 'Age'], { metadata: meta('lock'), spec: { holderIdentity: 'node-1' } }, ['lock', 'node-1', '5m']],
  [
    'apps/v1/StatefulSet',
    ['Name', 'Ready', 'Age', 'Containers::1', 'Images::1'],
    { metadata: meta('db'), spec: { replicas: 3, template: tmpl }, status: { readyReplicas: 1 } },
    ['db', '1/3', '5m', 'nginx,sidecar', 'nginx:1.25,busybox'],
  ],
  [
    'apps/v1/DaemonSet',
    ['Name', 'Desired:integer', 'Current:integer', 'Ready:integer', 'Up-to-date:integer', 'Available:integer', 'Node Selector', 'Age', 'Containers::1', 'Images::1', 'Selector::1'],
    {
      metadata: meta('agent'),
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { ...tmpl, spec: { ...tmpl.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
    },
    ['agent', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '5m', 'nginx,sidecar', 'nginx:1.25,busybox', 'app=agent'],
  ],
  [
    'apps/v1/ControllerRevision',
    ['Name', 'Controller', 'Revision', 'Age'],
    { metadata: meta('db-7d9f', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u', controller: true }] }), revision: 2 },
    ['db-7d9f', 'statefulset.apps/db', 2, '5m'],
  ],
  [
    'batch/v1/Job',
    ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers::1', 'Images::1', 'Selector::1'],
    {
      metadata: meta('pi'),
      spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: tmpl },
      status: { succeeded: 1, startTime: ago(200), completionTime: ago(150), conditions: [{ type: 'Complete', status: 'True' }] },
    },
    ['pi', 'Complete', '1/1', '50s', '5m', 'nginx,sidecar', 'nginx:1.25,busybox', 'batch.kubernetes.io/controller-uid=u1'],
  ],
  [
    'batch/v1/CronJob',
    ['Name', 'Schedule', 'Timezone', 'Suspend:boolean', 'Active:integer', 'Last Schedule', 'Age', 'Containers::1', 'Images::1', 'Selector::1'],
    { metadata: meta('hello'), spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template: tmpl } } }, status: { active: [{ name: 'hello-1' }], lastScheduleTime: ago(90) } },
    ['hello', '*/5 * * * *', '<none>', 'False', 1, '90s', '5m', 'nginx,sidecar', 'nginx:1.25,busybox', '<none>'],
  ],
  [
    'autoscaling/v2/HorizontalPodAutoscaler',
    ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'],
    {
      metadata: meta('web'),
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
      status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 35 } } }] },
    },
    ['web', 'Deployment/web', 'cpu: 35%/80%', '1', 5, 2, '5m'],
  ],
  [
    'networking.k8s.io/v1/Ingress',
    ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'],
    {
      metadata: meta('web'),
      spec: { ingressClassName: 'nginx', rules: [{ host: 'a.local' }, { host: 'b.local' }], tls: [{ hosts: ['a.local'] }] },
      status: { loadBalancer: { ingress: [{ ip: '192.168.49.2' }] } },
    },
    ['web', 'nginx', 'a.local,b.local', '192.168.49.2', '80, 443', '5m'],
  ],
  [
    'networking.k8s.io/v1/IngressClass',
    ['Name', 'Controller', 'Parameters', 'Age'],
    { metadata: meta('nginx'), spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' } } },
    ['nginx', 'k8s.io/ingress-nginx', 'IngressParameters.k8s.example.com/p', '5m'],
  ],
  ['networking.k8s.io/v1/NetworkPolicy', ['Name', 'Pod-Selector', 'Age'], { metadata: meta('deny'), spec: { podSelector: {} } }, ['deny', '<none>', '5m']],
  [
    'storage.k8s.io/v1/StorageClass',
    ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age'],
    { metadata: meta('standard', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }), provisioner: 'k8s.io/minikube-hostpath' },
    ['standard (default)', 'k8s.io/minikube-hostpath', 'Delete', 'Immediate', false, '5m'],
  ],
  [
    'policy/v1/PodDisruptionBudget',
    ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions:integer', 'Age'],
    { metadata: meta('web'), spec: { maxUnavailable: '25%' }, status: { disruptionsAllowed: 1 } },
    ['web', 'N/A', '25%', 1, '5m'],
  ],
  ['rbac.authorization.k8s.io/v1/Role', ['Name', 'Created At:date'], { metadata: meta('reader', { creationTimestamp: '2026-01-01T11:00:00Z' }) }, ['reader', '2026-01-01T11:00:00Z']],
  ['rbac.authorization.k8s.io/v1/ClusterRole', ['Name', 'Created At:date'], { metadata: meta('admin', { creationTimestamp: '2026-01-01T11:00:00Z' }) }, ['admin', '2026-01-01T11:00:00Z']],
  [
    'rbac.authorization.k8s.io/v1/RoleBinding',
    ['Name', 'Role', 'Age', 'Users::1', 'Groups::1', 'ServiceAccounts::1'],
    {
      metadata: meta('rb'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'jane' }, { kind: 'User', name: 'joe' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'build' }],
    },
    ['rb', 'ClusterRole/view', '5m', 'jane, joe', 'devs', 'build/ci'],
  ],
  [
    'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
    ['Name', 'Role', 'Age', 'Users::1', 'Groups::1', 'ServiceAccounts::1'],
    { metadata: meta('crb'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'system:masters' }] },
    ['crb', 'ClusterRole/cluster-admin', '5m', '', 'system:masters', ''],
  ],
];

const split = (key: string) => {
  const i = key.lastIndexOf('/');
  return [key.slice(0, i), key.slice(i + 1)] as const;
};

describe('tables of the new kinds, as pkg/printers/internalversion/printers.go prints them', () => {
  it.each(TABLE)('%s', (key, columns, obj, cells) => {
    const printer = mustKind(...split(key)).printer;
    const got = printer.columns.map((c) => {
      let s = c.name;
      if (c.type !== 'string' || c.priority) s += `:${c.type === 'string' ? '' : c.type}`;
      if (c.priority) s += `:${c.priority}`;
      return s;
    });
    expect(got).toEqual(columns);
    expect(printer.columns.every((c) => c.description.length > 0)).toBe(true);
    expect(printer.cells(obj, NOW)).toEqual(cells);
  });
});

describe('cell helpers', () => {
  it('job completions and status', () => {
    expect(jobCompletions({ spec: { parallelism: 3, template: {} } })).toBe('0/1 of 3');
    expect(jobCompletions({ spec: { template: {} }, status: { succeeded: 1 } })).toBe('1/1');
    expect(jobStatus({ metadata: { deletionTimestamp: ago(1) }, spec: { template: {} } })).toBe('Terminating');
    expect(jobStatus({ spec: { template: {} }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } })).toBe('Suspended');
    expect(jobStatus({ spec: { template: {} } })).toBe('Running');
  });

  it('ingress hosts: * without hosts, three then "+ N more..."', () => {
    expect(formatIngressHosts([{}])).toBe('*');
    expect(formatIngressHosts(['a', 'b', 'c', 'd', 'e'].map((host) => ({ host })))).toBe('a,b,c + 2 more...');
  });

  it('endpoint slice endpoints: <unset> when empty, three then more', () => {
    expect(formatSliceEndpoints([])).toBe('<unset>');
    expect(formatSliceEndpoints([{ addresses: ['1', '2', '3', '4'] }])).toBe('1,2,3 + 1 more...');
  });

  it('access modes in RWO, ROX, RWX, RWOP order', () => {
    expect(accessModesString(['ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteOnce'])).toBe('RWO,ROX,RWOP');
  });

  it('HPA targets: unknown current, average values, more than two', () => {
    const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } };
    const mem = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } };
    const pods = { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } };
    expect(formatHPAMetrics([cpu], [])).toBe('cpu: <unknown>/50%');
    expect(formatHPAMetrics([mem], [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '200Mi' } } }])).toBe('memory: 200Mi/500Mi');
    expect(formatHPAMetrics([cpu, mem, pods] as never, [])).toBe('cpu: <unknown>/50%, memory: <unknown>/500Mi + 1 more...');
    expect(formatHPAMetrics([], [])).toBe('<none>');
  });
});
