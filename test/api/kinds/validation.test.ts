import { describe, it, expect } from 'vitest';
import { mustKind, type KindInfo } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/types.js';
import { fieldErrorMessage } from '../../../src/api/field-errors.js';
import { parseCron, configMapKey } from '../../../src/api/validation.js';
import { base64Error } from '../../../src/apiserver/strategies.js';
import { newRegistry, apiStatus } from '../../apiserver/helpers.js';
import { body } from './bodies.js';

const split = (key: string) => {
  const i = key.lastIndexOf('/');
  return [key.slice(0, i), key.slice(i + 1)] as const;
};
const kindOf = (key: string): KindInfo => mustKind(...split(key));

/** create runs a body through the Registry (defaults, strategy, validation) and returns what was stored. */
function create(key: string, obj: KubeObject = body(key)): KubeObject {
  const { registry } = newRegistry();
  const k = kindOf(key);
  return registry.create(k, k.namespaced ? 'default' : undefined, obj);
}

/** errorsOf runs defaults then validation, and words the errors as kube-apiserver does. */
function errorsOf(key: string, obj: KubeObject, old?: KubeObject): string[] {
  const k = kindOf(key);
  const o = structuredClone(obj);
  k.defaults?.(o);
  return (k.validate?.(o, old) ?? []).map(fieldErrorMessage);
}

const tmpl = (labels: Record<string, string>, restartPolicy?: string) => ({
  metadata: { labels },
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'app', image: 'nginx' }] },
});

describe('defaults', () => {
  it('Secret: type Opaque, stringData folded into base64 data and dropped', () => {
    const s = create('v1/Secret', { metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { a: 'over', b: 'héllo' } });
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({ a: Buffer.from('over').toString('base64'), b: Buffer.from('héllo').toString('base64') });
    expect(s.stringData).toBeUndefined();
  });

  it('StatefulSet: replicas, pod management, update strategy, history, PVC retention, pod template', () => {
    const sts = create('apps/v1/StatefulSet');
    const spec = sts.spec as Record<string, unknown> & { template: { spec: Record<string, unknown> } };
    expect(spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' });
    expect(sts.status).toEqual({});
  });

  it('DaemonSet: RollingUpdate maxUnavailable 1 maxSurge 0, history 10', () => {
    expect(create('apps/v1/DaemonSet').spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });

  it('Job: counts, backoff, mode, suspend, and a generated selector with the four pod labels', () => {
    const job = create('batch/v1/Job');
    const spec = job.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
    expect(spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    const uid = spec.selector.matchLabels['batch.kubernetes.io/controller-uid'];
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(spec.selector.matchLabels)).toEqual(['batch.kubernetes.io/controller-uid']);
    expect(spec.template.metadata.labels).toEqual({
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'batch.kubernetes.io/controller-uid': uid,
    });
    expect(job.metadata.labels).toEqual(spec.template.metadata.labels);
  });

  it('CronJob: concurrency Allow, suspend false, history 3 and 1', () => {
    expect(create('batch/v1/CronJob').spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
  });

  it('PVC and PV: Pending on create, Filesystem mode, PV reclaim Retain', () => {
    const pvc = create('v1/PersistentVolumeClaim');
    expect(pvc.status).toEqual({ phase: 'Pending' });
    expect((pvc.spec as { volumeMode: string }).volumeMode).toBe('Filesystem');
    const pv = create('v1/PersistentVolume');
    expect(pv.status).toMatchObject({ phase: 'Pending' });
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
  });

  it('StorageClass: reclaim Delete, binding Immediate', () => {
    expect(create('storage.k8s.io/v1/StorageClass')).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });

  it('HPA: minReplicas 1 and the 80% CPU metric', () => {
    expect(create('autoscaling/v2/HorizontalPodAutoscaler').spec).toMatchObject({
      minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  it('ReplicationController: selector and labels from the template', () => {
    const rc = create('v1/ReplicationController');
    expect((rc.spec as { selector: unknown }).selector).toEqual({ app: 'rc' });
    expect(rc.metadata.labels).toEqual({ app: 'rc' });
  });

  it('NetworkPolicy: policyTypes Ingress, plus Egress with egress rules', () => {
    expect((create('networking.k8s.io/v1/NetworkPolicy').spec as { policyTypes: string[] }).policyTypes).toEqual(['Ingress']);
    const np = create('networking.k8s.io/v1/NetworkPolicy', { metadata: { name: 'e' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } });
    expect(np.spec).toMatchObject({ policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }] });
  });

  it('LimitRange: default from max, defaultRequest from default', () => {
    expect(create('v1/LimitRange').spec).toEqual({ limits: [{ type: 'Container', max: { cpu: '1' }, default: { cpu: '1' }, defaultRequest: { cpu: '1' } }] });
  });

  it('RoleBinding: rbac apiGroup on User subjects', () => {
    expect(create('rbac.authorization.k8s.io/v1/RoleBinding').subjects).toEqual([{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }]);
  });

  it('clears status on create for workloads', () => {
    for (const key of ['v1/ReplicationController', 'apps/v1/DaemonSet', 'batch/v1/CronJob']) {
      const b = body(key);
      b.status = { bogus: true };
      expect(create(key, b).status).toEqual({});
    }
    // An Ingress's empty status still has its loadBalancer (not omitempty in the v1 type), as the apiserver serves it.
    const ing = body('networking.k8s.io/v1/Ingress');
    ing.status = { bogus: true };
    expect(create('networking.k8s.io/v1/Ingress', ing).status).toEqual({ loadBalancer: {} });
    // A PodDisruptionBudget's likewise has its counts (not omitempty).
    const pdb = body('policy/v1/PodDisruptionBudget');
    pdb.status = { bogus: true };
    expect(create('policy/v1/PodDisruptionBudget', pdb).status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });
});

describe('validation errors, worded like kube-apiserver', () => {
  const cases: [string, string, KubeObject, string[]][] = [
    ['configmap key', 'v1/ConfigMap', { metadata: { name: 'c' }, data: { 'bad key': 'x' } }, [
      "data[bad key]: Invalid value: \"bad key\": must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]],
    ['configmap key in both maps', 'v1/ConfigMap', { metadata: { name: 'c' }, data: { k: 'x' }, binaryData: { k: 'eA==' } }, ['data[k]: Invalid value: "k": duplicate of key present in binaryData']],
    ['tls secret keys', 'v1/Secret', { metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==' } }, ['data[tls.key]: Required value']],
    ['statefulset selector', 'apps/v1/StatefulSet', { metadata: { name: 's' }, spec: { selector: { matchLabels: { app: 'x' } }, template: tmpl({ app: 'y' }) } }, [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`',
    ]],
    ['statefulset without selector', 'apps/v1/StatefulSet', { metadata: { name: 's' }, spec: { template: tmpl({ app: 'y' }) } }, ['spec.selector: Required value']],
    ['daemonset restart policy', 'apps/v1/DaemonSet', { metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'x' } }, template: tmpl({ app: 'x' }, 'Never') } }, [
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]],
    ['job restart policy Always', 'batch/v1/Job', { metadata: { name: 'j' }, spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template: tmpl({ 'batch.kubernetes.io/controller-uid': 'u' }) } }, [
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]],
    ['cronjob without schedule', 'batch/v1/CronJob', { metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: tmpl({}, 'Never') } } } }, ['spec.schedule: Required value']],
    ['cronjob bad schedule', 'batch/v1/CronJob', { metadata: { name: 'c' }, spec: { schedule: '* * *', jobTemplate: { spec: { template: tmpl({}, 'Never') } } } }, [
      'spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]',
    ]],
    ['pvc without access modes and storage', 'v1/PersistentVolumeClaim', { metadata: { name: 'p' }, spec: {} }, [
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]],
    ['pv without capacity', 'v1/PersistentVolume', { metadata: { name: 'p' }, spec: { accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' } } }, ['spec.capacity: Required value']],
    ['storageclass without provisioner', 'storage.k8s.io/v1/StorageClass', { metadata: { name: 's' } }, ['provisioner: Required value']],
    ['ingress path type', 'networking.k8s.io/v1/Ingress', { metadata: { name: 'i' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } }, [
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]],
    ['ingress bad path type', 'networking.k8s.io/v1/Ingress', { metadata: { name: 'i' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Glob', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } }, [
      'spec.rules[0].http.paths[0].pathType: Unsupported value: "Glob": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]],
    ['hpa without target and max', 'autoscaling/v2/HorizontalPodAutoscaler', { metadata: { name: 'h' }, spec: {} }, [
      'spec.scaleTargetRef.kind: Required value',
      'spec.scaleTargetRef.name: Required value',
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
    ]],
    ['role rule without verbs', 'rbac.authorization.k8s.io/v1/Role', { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'] }] }, [
      'rules[0].verbs: Required value: verbs must contain at least one value',
    ]],
    ['pdb both set', 'policy/v1/PodDisruptionBudget', { metadata: { name: 'p' }, spec: { minAvailable: 1, maxUnavailable: 1 } }, [
      'spec: Invalid value: map[string]string{"minAvailable":1, "maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set',
    ]],
  ];
  it.each(cases)('%s', (_, key, obj, want) => {
    expect(errorsOf(key, obj)).toEqual(want);
  });

  it('roleRef is immutable on bindings', () => {
    const old = body('rbac.authorization.k8s.io/v1/RoleBinding');
    const next = structuredClone(old);
    (next.roleRef as { name: string }).name = 'writer';
    expect(errorsOf('rbac.authorization.k8s.io/v1/RoleBinding', next, old)).toContain(
      'roleRef: Invalid value: map[string]string{"apiGroup":"rbac.authorization.k8s.io", "kind":"Role", "name":"writer"}: cannot change roleRef',
    );
  });

  it('rejects a Secret whose data is not base64 with a BadRequest', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() => registry.create(kindOf('v1/Secret'), 'default', { metadata: { name: 's' }, data: { a: 'not base64!' } }));
    expect(st.code).toBe(400);
    expect(st.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
  });

  it('answers Invalid with the field causes through the Registry', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() => registry.create(kindOf('batch/v1/CronJob'), 'default', { metadata: { name: 'c' }, spec: { schedule: '61 * * * *', jobTemplate: { spec: { template: tmpl({}, 'Never') } } } }));
    expect(st.code).toBe(422);
    expect(st.details?.causes).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.schedule', message: 'Invalid value: "61 * * * *": end of range (61) above maximum (59): 61' }]);
  });

  it('checks names: statefulsets are labels, RBAC names path segments, cronjobs at most 52 characters', () => {
    const { registry } = newRegistry();
    expect(apiStatus(() => registry.create(kindOf('apps/v1/StatefulSet'), 'default', { ...body('apps/v1/StatefulSet'), metadata: { name: 'a.b' } })).code).toBe(422);
    expect(create('rbac.authorization.k8s.io/v1/ClusterRole').metadata.name).toBe('system:reader');
    expect(errorsOf('batch/v1/CronJob', { ...body('batch/v1/CronJob'), metadata: { name: 'x'.repeat(53) } })).toEqual([
      `metadata.name: Invalid value: "${'x'.repeat(53)}": must be no more than 52 characters`,
    ]);
  });
});

describe('helpers', () => {
  it.each([
    ['*/5 * * * *', undefined],
    ['@hourly', undefined],
    ['0 9 * * mon-fri', undefined],
    ['0 0 1 jan *', undefined],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['@often', 'unrecognized descriptor: @often'],
  ])('parseCron(%j)', (s, want) => {
    expect(parseCron(s)).toBe(want);
  });

  it.each([
    ['YQ==', undefined],
    ['YWJj', undefined],
    ['abc', 0],
    ['abcde', 4],
    ['ab!d', 2],
  ])('base64Error(%j)', (s, want) => {
    expect(base64Error(s)).toBe(want);
  });

  it('configMapKey rejects dot names', () => {
    expect(configMapKey('..')).toEqual(["must not be '..'"]);
    expect(configMapKey('..x')).toEqual(["must not start with '..'"]);
    expect(configMapKey('.env')).toEqual([]);
  });
});
