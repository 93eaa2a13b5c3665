import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  checkUnknownFields,
  findDuplicateFields,
  strictDecodingErrors,
  strictDecodingMessage,
  strictDecodingWarnings,
  warningHeader,
  patchStrictMessage,
  goMapString,
  applyUnknownFieldMessage,
} from '../../../src/api/schema/field-check.js';
import { kindFor, type KindInfo } from '../../../src/api/kinds.js';
import { podKind, svcKind, deployKind, nsKind, rsKind } from '../../helpers/fixtures.js';

const samples = parseAllDocuments(readFileSync(path.resolve(import.meta.dirname, '../../../assets/samples/hello.yaml'), 'utf8')).map(
  (d) => d.toJSON() as { apiVersion: string; kind: string },
);

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'default',
    labels: { app: 'web', 'app.kubernetes.io/name': 'web' },
    annotations: { note: 'x' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u', controller: true }],
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:anything': {} } } }],
  },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.1 } },
        readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    ],
    volumes: [{ name: 'data', emptyDir: { sizeLimit: '1Gi' } }],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
    restartPolicy: 'Always',
  },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], podIP: '10.244.0.5', startTime: '2026-01-01T00:00:00Z' },
};

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }] },
  status: { loadBalancer: {} },
};

const k = (o: { apiVersion: string; kind: string }): KindInfo => kindFor(o.apiVersion, o.kind)!;

describe('checkUnknownFields', () => {
  it.each([
    ['the sample Deployment', samples[0]!],
    ['the sample Service', samples[1]!],
    ['a pod with metadata, probes, resources, volumes and status', pod],
    ['a NodePort service', service],
    ['a namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' }, spec: { finalizers: ['kubernetes'] } }],
  ])('%s has no unknown fields', (_, obj) => {
    expect(checkUnknownFields(k(obj as { apiVersion: string; kind: string }), obj)).toEqual([]);
  });

  const deploy = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    ...structuredClone(samples[0] as Record<string, unknown>),
    spec: { ...structuredClone((samples[0] as { spec: object }).spec), ...spec },
    ...extra,
  });

  it.each<[string, KindInfo, unknown, string[]]>([
    ['a typo in spec', deployKind, deploy({ replicass: 3 }), ['spec.replicass']],
    ['two unknown fields, in object order', deployKind, deploy({ replicass: 3, foo: {} }), ['spec.replicass', 'spec.foo']],
    [
      'a typo in a container, with its index',
      deployKind,
      deploy({ template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', imagee: 'y' }] } } }),
      ['spec.template.spec.containers[1].imagee'],
    ],
    ['an unknown metadata field', deployKind, deploy({}, { metadata: { name: 'x', labelz: {} } }), ['metadata.labelz']],
    ['an unknown top-level field', podKind, { ...pod, extra: 1 }, ['extra']],
    ['an unknown status field', rsKind, { apiVersion: 'apps/v1', kind: 'ReplicaSet', status: { replicas: 1, ready: 1 } }, ['status.ready']],
    [
      'inside a map of structs and a nested list',
      svcKind,
      { ...service, spec: { ...service.spec, ports: [{ port: 80, targetport: 80 }] } },
      ['spec.ports[0].targetport'],
    ],
    ['case matters', nsKind, { apiVersion: 'v1', kind: 'Namespace', Metadata: {} }, ['Metadata']],
  ])('%s', (_, kind, obj, want) => {
    expect(checkUnknownFields(kind, obj)).toEqual(want);
  });

  it('does not look inside free-form fields (managedFields fieldsV1) nor map keys', () => {
    expect(checkUnknownFields(podKind, { metadata: { labels: { anything: 'x' }, managedFields: [{ fieldsV1: { 'f:x': {} } }] } })).toEqual([]);
  });
});

describe('findDuplicateFields and strictDecodingErrors (raw JSON)', () => {
  it('finds duplicate keys with their full paths, as sigs.k8s.io/json reports them', () => {
    expect(findDuplicateFields('{"spec":{"replicas":1,"replicas":2}}')).toEqual(['spec.replicas']);
    expect(findDuplicateFields('{"kind":"Pod","kind":"Pod"}')).toEqual(['kind']);
    expect(findDuplicateFields('{"spec":{"containers":[{"name":"a"},{"name":"b","name":"c"}]}}')).toEqual(['spec.containers[1].name']);
    expect(findDuplicateFields('{"metadata":{"labels":{"app":"a","app":"b"}}}')).toEqual(['metadata.labels.app']);
    expect(findDuplicateFields('{"a":"x\\"y","b":[1,2,{"c":true,"c":null}],"a\\u0041":1,"aA":2}')).toEqual(['b[2].c', 'aA']);
    expect(findDuplicateFields(JSON.stringify(pod))).toEqual([]);
    expect(findDuplicateFields('{"a":1,"a":')).toEqual(['a']); // malformed: what was found so far
  });

  it('reports unknown and duplicate fields in body order, deduplicated', () => {
    const body = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},"spec":{"replicas":1,"foo":1,"replicas":2,' +
      '"template":{"spec":{"containers":[{"name":"a","imagee":"x"},{"name":"b","imagee":"y"}]}},"foo":2}}';
    const p = strictDecodingErrors(deployKind, body);
    expect(p.messages).toEqual([
      'unknown field "spec.foo"',
      'duplicate field "spec.replicas"',
      'unknown field "spec.template.spec.containers[0].imagee"',
      'unknown field "spec.template.spec.containers[1].imagee"',
      'duplicate field "spec.foo"',
    ]);
    expect(p.unknown).toEqual(['spec.foo', 'spec.template.spec.containers[0].imagee', 'spec.template.spec.containers[1].imagee']);
    expect(p.duplicate).toEqual(['spec.replicas', 'spec.foo']);
    expect(strictDecodingErrors(deployKind, JSON.stringify(samples[0])).messages).toEqual([]);
    expect(strictDecodingErrors(podKind, JSON.stringify(pod)).messages).toEqual([]);
  });

  it('does not report inside the value of an unknown field', () => {
    expect(strictDecodingErrors(podKind, '{"spec":{"bogus":{"a":1,"a":2,"b":{}}}}').messages).toEqual(['unknown field "spec.bogus"']);
  });
});

describe('the wording of kube-apiserver', () => {
  it('strict decoding error of a create or update (400 BadRequest)', () => {
    expect(strictDecodingMessage(deployKind, ['unknown field "spec.replicass"', 'unknown field "spec.foo"'])).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass", unknown field "spec.foo"',
    );
    expect(strictDecodingMessage(podKind, ['spec.containers[0].imagee', 'duplicate field "kind"'])).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee", duplicate field "kind"',
    );
  });

  it('warnings (fieldValidation=Warn, the default) and their header', () => {
    expect(strictDecodingWarnings(['spec.foo', 'duplicate field "spec.replicas"'])).toEqual(['unknown field "spec.foo"', 'duplicate field "spec.replicas"']);
    expect(warningHeader('unknown field "spec.foo"')).toBe('299 - "unknown field \\"spec.foo\\""');
  });

  it('patches: 422 Invalid on the field "patch"', () => {
    expect(patchStrictMessage('{"spec":{"foo":1}}', ['spec.foo'])).toBe(
      ' "" is invalid: patch: Invalid value: "{\\"spec\\":{\\"foo\\":1}}": strict decoding error: unknown field "spec.foo"',
    );
    expect(goMapString({ spec: { replicas: 3, foo: 'x', b: [1, 1.5, true, null], big: 1500000.5 } })).toBe(
      'map[spec:map[b:[1 1.5 true <nil>] big:1.5000005e+06 foo:x replicas:3]]',
    );
  });
});

describe('server-side apply wording', () => {
  it('structured-merge-diff rejects undeclared fields', () => {
    expect(applyUnknownFieldMessage(deployKind, 'default', 'web', ['spec.replicass'])).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicass: field not declared in schema',
    );
    expect(applyUnknownFieldMessage(podKind, 'default', 'p', ['spec.a', 'spec.b'])).toBe(
      'failed to create typed patch object (default/p; /v1, Kind=Pod): errors:\n  .spec.a: field not declared in schema\n  .spec.b: field not declared in schema',
    );
  });
});

describe('speed', () => {
  it('checks an object in well under a millisecond once the schema is loaded', () => {
    const body = JSON.stringify(pod);
    checkUnknownFields(podKind, pod);
    const n = 2000;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) checkUnknownFields(podKind, pod);
    const walkUs = ((performance.now() - t0) / n) * 1000;
    t0 = performance.now();
    for (let i = 0; i < n; i++) strictDecodingErrors(podKind, body);
    const scanUs = ((performance.now() - t0) / n) * 1000;
    t0 = performance.now();
    for (let i = 0; i < n; i++) checkUnknownFields(deployKind, samples[0]);
    const deployUs = ((performance.now() - t0) / n) * 1000;
    console.log(`field check per object: pod walk ${walkUs.toFixed(1)} µs, pod JSON scan ${scanUs.toFixed(1)} µs (${body.length} B), sample deployment walk ${deployUs.toFixed(1)} µs`);
    expect(walkUs).toBeLessThan(1000);
    expect(scanUs).toBeLessThan(1000);
  });
});
