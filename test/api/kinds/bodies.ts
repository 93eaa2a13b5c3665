import type { KubeObject } from '../../../src/api/types.js';

const tmpl = (labels: Record<string, string>, restartPolicy?: string) => ({
  metadata: { labels },
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'app', image: 'nginx:1.25' }] },
});

/** BODIES holds a minimal valid object of each kind added for the issue, keyed by `apiVersion/Kind`. */
export const BODIES: Record<string, KubeObject> = {
  'v1/ConfigMap': { metadata: { name: 'cfg' }, data: { 'app.properties': 'a=b', KEY_1: 'x' } },
  'v1/Secret': { metadata: { name: 'sec' }, stringData: { password: 's3cret' } },
  'v1/ServiceAccount': { metadata: { name: 'builder' } },
  'v1/ReplicationController': { metadata: { name: 'rc' }, spec: { replicas: 2, template: tmpl({ app: 'rc' }) } },
  'v1/PersistentVolume': {
    metadata: { name: 'pv1' },
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data/pv1' } },
  },
  'v1/PersistentVolumeClaim': {
    metadata: { name: 'data' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  },
  'v1/LimitRange': { metadata: { name: 'limits' }, spec: { limits: [{ type: 'Container', max: { cpu: '1' } }] } },
  'v1/ResourceQuota': { metadata: { name: 'quota' }, spec: { hard: { pods: '10' } } },
  'v1/PodTemplate': { metadata: { name: 'pt' }, template: tmpl({ app: 'pt' }) },
  'discovery.k8s.io/v1/EndpointSlice': {
    metadata: { name: 'web-abcde' },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.0.5'] }],
    ports: [{ name: 'http', port: 80 }],
  },
  'events.k8s.io/v1/Event': {
    metadata: { name: 'web.1' },
    eventTime: '2026-01-01T11:59:00.000000Z',
    reportingController: 'kubelet',
    reportingInstance: 'minikube',
    action: 'Pulling',
    reason: 'Pulling',
    type: 'Normal',
    regarding: { kind: 'Pod', name: 'web', namespace: 'default' },
    note: 'Pulling image "nginx"',
  },
  'coordination.k8s.io/v1/Lease': { metadata: { name: 'lock' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } },
  'apps/v1/StatefulSet': {
    metadata: { name: 'db' },
    spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: tmpl({ app: 'db' }) },
  },
  'apps/v1/DaemonSet': { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: tmpl({ app: 'agent' }) } },
  'apps/v1/ControllerRevision': { metadata: { name: 'db-7d9f' }, revision: 1, data: {} },
  'batch/v1/Job': { metadata: { name: 'pi' }, spec: { template: tmpl({}, 'Never') } },
  'batch/v1/CronJob': {
    metadata: { name: 'hello' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: tmpl({}, 'OnFailure') } } },
  },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 },
  },
  'networking.k8s.io/v1/Ingress': {
    metadata: { name: 'web' },
    spec: {
      rules: [{ host: 'web.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    },
  },
  'networking.k8s.io/v1/IngressClass': { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } },
  'networking.k8s.io/v1/NetworkPolicy': { metadata: { name: 'deny' }, spec: { podSelector: {} } },
  'storage.k8s.io/v1/StorageClass': { metadata: { name: 'standard' }, provisioner: 'k8s.io/minikube-hostpath' },
  'policy/v1/PodDisruptionBudget': { metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
  'rbac.authorization.k8s.io/v1/Role': {
    metadata: { name: 'reader' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
  },
  'rbac.authorization.k8s.io/v1/RoleBinding': {
    metadata: { name: 'read-pods' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ kind: 'User', name: 'jane' }],
  },
  'rbac.authorization.k8s.io/v1/ClusterRole': {
    metadata: { name: 'system:reader' },
    rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }],
  },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': {
    metadata: { name: 'read-all' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: 'default' }],
  },
};

/** body returns a private copy of a kind's minimal body. */
export function body(key: string): KubeObject {
  const b = BODIES[key];
  if (!b) throw new Error(`no body for ${key}`);
  return structuredClone(b);
}
