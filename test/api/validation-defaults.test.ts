import { describe, it, expect } from 'vitest';
import type { Pod, PodSpec, Service } from 'kubernetes-types/core/v1.js';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../src/api/types.js';
import { validatePod, validateWorkload, validateService, validateName } from '../../src/api/validation.js';
import { defaultPod, defaultDeployment, defaultService, defaultNamespace, imagePullPolicyFor } from '../../src/api/defaults.js';
import { fieldErrorMessage, fieldErrorCause, required, invalid, notSupported } from '../../src/api/field-errors.js';

const messages = (errs: ReturnType<typeof validatePod>) => errs.map(fieldErrorMessage);

const podObj = (spec: Partial<PodSpec> | undefined): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });

const deployment = (selector: unknown, labels: Record<string, string> | undefined, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: {
    selector,
    template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    ...extra,
  },
});

describe('field errors', () => {
  it.each([
    [required('spec.containers'), 'spec.containers: Required value'],
    [required('metadata.name', 'name or generateName is required'), 'metadata.name: Required value: name or generateName is required'],
    [invalid('spec.replicas', -1, 'must be greater than or equal to 0'), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [invalid('metadata.name', 'Bad', 'oops'), 'metadata.name: Invalid value: "Bad": oops'],
    [invalid('spec.template.metadata.labels', { app: 'x' }, 'no'), 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: no'],
    [notSupported('spec.type', 'Foo', ['A', 'B']), 'spec.type: Unsupported value: "Foo": supported values: "A", "B"'],
    [{ type: 'Duplicate' as const, field: 'spec.containers[1].name', value: 'a' }, 'spec.containers[1].name: Duplicate value: "a"'],
    [{ type: 'Forbidden' as const, field: 'spec', detail: 'nope' }, 'spec: Forbidden: nope'],
  ])('%j', (err, want) => {
    expect(fieldErrorMessage(err)).toBe(want);
  });

  it('builds a Status cause without the field prefix', () => {
    expect(fieldErrorCause(required('spec.containers'))).toEqual({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' });
    expect(fieldErrorCause(notSupported('spec.type', 'Foo', ['A']))).toEqual({
      reason: 'FieldValueNotSupported',
      message: 'Unsupported value: "Foo": supported values: "A"',
      field: 'spec.type',
    });
  });

  // Go's field.Error prints a []string bad value with %#v: []string{"10.96.0.1"}.
  it('prints a list value the way Go does: []string{...}', () => {
    expect(fieldErrorMessage(invalid('spec.clusterIPs', ['10.96.0.1'], 'x'))).toBe('spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: x');
  });
});

describe('validatePod', () => {
  it.each<[string, Partial<PodSpec> | undefined, string[]]>([
    ['no spec', undefined, ['spec: Required value']],
    ['no containers', {}, ['spec.containers: Required value']],
    ['empty containers', { containers: [] }, ['spec.containers: Required value']],
    ['valid', { containers: [{ name: 'nginx', image: 'nginx' }] }, []],
    ['missing name and image', { containers: [{ name: '' }] }, ['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value']],
    [
      'duplicate names',
      { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] },
      ['spec.containers[1].name: Duplicate value: "a"'],
    ],
    [
      'bad port',
      { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] },
      ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ],
    [
      'bad pull policy',
      { containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Sometimes' }] },
      ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
    ],
    [
      'bad restart policy',
      { restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x' }] },
      ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ],
    [
      'negative grace period',
      { terminationGracePeriodSeconds: -1, containers: [{ name: 'a', image: 'x' }] },
      ['spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0'],
    ],
  ])('%s', (_name, spec, want) => {
    expect(messages(validatePod(podObj(spec)))).toEqual(want);
  });

  it('allows an image change on update but forbids other spec changes', () => {
    const old = podObj({ containers: [{ name: 'a', image: 'nginx:1' }], nodeName: 'n' });
    expect(validatePod(podObj({ containers: [{ name: 'a', image: 'nginx:2' }], nodeName: 'n' }), old)).toEqual([]);
    const errs = validatePod(podObj({ containers: [{ name: 'a', image: 'nginx:1', command: ['sh'] }], nodeName: 'n' }), old);
    expect(errs).toHaveLength(1);
    expect(fieldErrorMessage(errs[0]!)).toMatch(/^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
  });
});

describe('validateWorkload', () => {
  it('accepts a selector that matches the template labels', () => {
    expect(validateWorkload(deployment({ matchLabels: { app: 'web' } }, { app: 'web', extra: 'x' }))).toEqual([]);
  });

  it('reports a selector that does not match the template labels in kube-apiserver words', () => {
    expect(messages(validateWorkload(deployment({ matchLabels: { app: 'web' } }, { app: 'api' })))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    ]);
  });

  it.each<[string, KubeObject, string[]]>([
    ['missing selector', deployment(undefined, { app: 'web' }), ['spec.selector: Required value']],
    ['negative replicas', deployment({ matchLabels: { app: 'web' } }, { app: 'web' }, { replicas: -1 }), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    [
      'restartPolicy Never',
      { ...deployment({ matchLabels: { app: 'w' } }, { app: 'w' }), spec: { selector: { matchLabels: { app: 'w' } }, template: { metadata: { labels: { app: 'w' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } } },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'no containers in the template',
      { ...deployment({ matchLabels: { app: 'w' } }, { app: 'w' }), spec: { selector: { matchLabels: { app: 'w' } }, template: { metadata: { labels: { app: 'w' } }, spec: { containers: [] } } } },
      ['spec.template.spec.containers: Required value'],
    ],
  ])('%s', (_name, obj, want) => {
    expect(messages(validateWorkload(obj))).toEqual(want);
  });

  it('keeps the selector immutable on update', () => {
    const old = deployment({ matchLabels: { app: 'web' } }, { app: 'web', v: '2' });
    const next = deployment({ matchLabels: { app: 'web', v: '2' } }, { app: 'web', v: '2' });
    const msgs = messages(validateWorkload(next, old));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatch(/^spec\.selector: Invalid value: .*: field is immutable$/);
    expect(validateWorkload(old, old)).toEqual([]);
  });
});

describe('validateService', () => {
  const svc = (spec: Service['spec']): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec });

  it.each<[string, Service['spec'], string[]]>([
    ['valid ClusterIP', { type: 'ClusterIP', ports: [{ port: 80 }] }, []],
    ['no ports', { type: 'ClusterIP', ports: [] }, ['spec.ports: Required value']],
    ['headless without ports', { clusterIP: 'None', ports: [] }, []],
    ['ExternalName without ports', { type: 'ExternalName', externalName: 'example.com' }, []],
    ['two unnamed ports', { ports: [{ port: 80 }, { port: 443 }] }, ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']],
    ['duplicate port names', { ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }, ['spec.ports[1].name: Duplicate value: "a"']],
    ['port out of range', { ports: [{ port: 0 }] }, ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['bad protocol', { ports: [{ port: 80, protocol: 'ICMP' }] }, ['spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"']],
    [
      'node port out of range',
      { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] },
      ['spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767'],
    ],
  ])('%s', (_name, spec, want) => {
    expect(messages(validateService(svc(spec)))).toEqual(want);
  });

  it('refuses an unknown type', () => {
    const errs = validateService(svc({ type: 'Foo', ports: [{ port: 80 }] }));
    expect(errs.map((e) => [e.type, e.field, e.value])).toEqual([['NotSupported', 'spec.type', 'Foo']]);
  });

  // ValidateService uses supportedServiceType.List(), a sorted list.
  it('lists the supported types sorted, as kube-apiserver does', () => {
    expect(messages(validateService(svc({ type: 'Foo', ports: [{ port: 80 }] })))).toEqual([
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  it('keeps the cluster IP immutable', () => {
    const old = svc({ clusterIP: '10.96.0.20', ports: [{ port: 80 }] });
    expect(messages(validateService(svc({ clusterIP: '10.96.0.21', ports: [{ port: 80 }] }), old))).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.96.0.21": field is immutable',
    ]);
  });
});

describe('validateName', () => {
  it('checks by the kind\'s rule', () => {
    expect(validateName('web.v1', 'subdomain')).toEqual([]);
    expect(validateName('web.v1', 'label')).toHaveLength(1);
    expect(validateName('1web', 'dns1035')).toHaveLength(1);
    expect(fieldErrorMessage(validateName('Web', 'subdomain')[0]!)).toMatch(/^metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain/);
  });
});

describe('defaults', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v1', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ])('imagePullPolicyFor(%j) = %s', (image, want) => {
    expect(imagePullPolicyFor(image)).toBe(want);
  });

  it('defaults a pod like the API server and admission do', () => {
    const p = podObj({ containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }] });
    defaultPod(p);
    const spec = (p as unknown as Pod).spec!;
    expect(spec.restartPolicy).toBe('Always');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(spec.dnsPolicy).toBe('ClusterFirst');
    expect(spec.schedulerName).toBe('default-scheduler');
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.enableServiceLinks).toBe(true);
    expect(spec.containers[0]!.imagePullPolicy).toBe('Always');
    expect(spec.containers[0]!.terminationMessagePath).toBe('/dev/termination-log');
    expect(spec.containers[0]!.ports![0]!.protocol).toBe('TCP');
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    // Idempotent: a second pass adds nothing.
    defaultPod(p);
    expect((p as unknown as Pod).spec!.tolerations).toHaveLength(2);
  });

  it('keeps what the user set', () => {
    const p = podObj({ restartPolicy: 'Never', terminationGracePeriodSeconds: 5, containers: [{ name: 'a', image: 'nginx:1', imagePullPolicy: 'Never' }] });
    defaultPod(p);
    const spec = (p as unknown as Pod).spec!;
    expect([spec.restartPolicy, spec.terminationGracePeriodSeconds, spec.containers[0]!.imagePullPolicy]).toEqual(['Never', 5, 'Never']);
  });

  it('defaults a deployment: 1 replica, RollingUpdate 25%/25%, history 10, deadline 600', () => {
    const d = deployment({ matchLabels: { app: 'w' } }, { app: 'w' });
    defaultDeployment(d);
    const spec = (d as unknown as Deployment).spec!;
    expect(spec.replicas).toBe(1);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.progressDeadlineSeconds).toBe(600);
    expect(spec.template.spec!.restartPolicy).toBe('Always');
  });

  it('does not add rollingUpdate to a Recreate deployment', () => {
    const d = deployment({ matchLabels: { app: 'w' } }, { app: 'w' }, { strategy: { type: 'Recreate' } });
    defaultDeployment(d);
    expect((d as unknown as Deployment).spec!.strategy).toEqual({ type: 'Recreate' });
  });

  it('defaults a service: ClusterIP, protocol and targetPort, single-stack IPv4', () => {
    const s: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } };
    defaultService(s);
    const spec = (s as unknown as Service).spec!;
    expect(spec.type).toBe('ClusterIP');
    expect(spec.sessionAffinity).toBe('None');
    expect(spec.ipFamilies).toEqual(['IPv4']);
    expect(spec.ipFamilyPolicy).toBe('SingleStack');
    expect(spec.ports![0]).toEqual({ port: 80, protocol: 'TCP', targetPort: 80 });
    expect(spec.externalTrafficPolicy).toBeUndefined();
    const np: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] } };
    defaultService(np);
    expect((np as unknown as Service).spec!.externalTrafficPolicy).toBe('Cluster');
    expect((np as unknown as Service).spec!.ports![0]!.targetPort).toBe(8080);
  });

  it('defaults a namespace: kubernetes finalizer, Active, metadata.name label', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { a: 'b' } } };
    defaultNamespace(ns);
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.metadata.labels).toEqual({ a: 'b', 'kubernetes.io/metadata.name': 'team' });
  });
});
