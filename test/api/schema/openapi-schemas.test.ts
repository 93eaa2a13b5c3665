import { describe, it, expect } from 'vitest';
import {
  schemaForKind,
  schemaByName,
  reachableSchemas,
  modelClassFor,
  schemaNameFor,
  INT_OR_STRING,
  QUANTITY,
  TIME,
  type OpenApiSchema,
} from '../../../src/api/schema/openapi-schemas.js';
import { KINDS } from '../../../src/api/kinds.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const props = (name: string) => schemaByName(name)?.properties as Record<string, OpenApiSchema>;

describe('schemas derived from the client-node models', () => {
  const t0 = performance.now();
  const deploy = schemaForKind({ group: 'apps', version: 'v1', kind: 'Deployment' });
  const firstBuildMs = performance.now() - t0;

  it('names schemas as kube-apiserver does and tags kinds with their GVK', () => {
    expect(deploy).toEqual({ kind: 'io.k8s.api.apps.v1.Deployment', list: 'io.k8s.api.apps.v1.DeploymentList', derived: true });
    const d = schemaByName(deploy.kind)!;
    expect(d['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(schemaByName(deploy.list!)!['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'DeploymentList', version: 'v1' }]);
    expect(d.description).toBe('Deployment enables declarative updates for Pods and ReplicaSets.');
    expect(props(deploy.kind).metadata).toMatchObject({ allOf: [ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')] });
    expect(props(deploy.kind).spec).toMatchObject({ allOf: [ref('io.k8s.api.apps.v1.DeploymentSpec')], description: 'Specification of the desired behavior of the Deployment.' });
    console.log(`first Deployment schema build: ${firstBuildMs.toFixed(1)} ms`);
  });

  it('Deployment spec: fields, formats, required markers, refs with their field descriptions', () => {
    const spec = schemaByName('io.k8s.api.apps.v1.DeploymentSpec')!;
    expect(Object.keys(spec.properties as object)).toEqual([
      'minReadySeconds', 'paused', 'progressDeadlineSeconds', 'replicas', 'revisionHistoryLimit', 'selector', 'strategy', 'template',
    ]);
    expect(spec.required).toEqual(['selector', 'template']);
    expect(props('io.k8s.api.apps.v1.DeploymentSpec').replicas).toEqual({
      type: 'integer',
      format: 'int32',
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    });
    expect(props('io.k8s.api.apps.v1.DeploymentSpec').paused).toMatchObject({ type: 'boolean' });
    // client-node drops the description of a field whose type is another model; kubernetes-types has it
    expect(props('io.k8s.api.apps.v1.DeploymentSpec').selector).toEqual({
      allOf: [ref('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')],
      description: "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
    });
    expect(props('io.k8s.api.apps.v1.DeploymentSpec').template).toMatchObject({ allOf: [ref('io.k8s.api.core.v1.PodTemplateSpec')] });
  });

  it('int-or-string, quantities, times, maps and arrays', () => {
    const ru = props('io.k8s.api.apps.v1.RollingUpdateDeployment');
    expect(ru.maxSurge).toMatchObject({ allOf: [ref(INT_OR_STRING)] });
    expect(ru.maxSurge!.description).toMatch(/^The maximum number of pods that can be scheduled above/);
    expect(schemaByName(INT_OR_STRING)).toMatchObject({ format: 'int-or-string', 'x-kubernetes-int-or-string': true, oneOf: [{ type: 'integer' }, { type: 'string' }] });

    const res = props('io.k8s.api.core.v1.ResourceRequirements');
    expect(res.limits).toMatchObject({ type: 'object', additionalProperties: ref(QUANTITY) });
    expect(schemaByName(QUANTITY)).toMatchObject({ oneOf: [{ type: 'string' }, { type: 'number' }] });
    expect(schemaByName(QUANTITY)!.description).toMatch(/^Quantity is a fixed-point representation of a number/);

    const meta = props('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(meta.labels).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
    expect(meta.creationTimestamp).toMatchObject({ allOf: [ref(TIME)] });
    // paragraphs kept (client-node flattens them to double spaces)
    expect(meta.creationTimestamp!.description).toContain('in UTC.\n\nPopulated by the system.');
    expect(schemaByName(TIME)).toMatchObject({ type: 'string', format: 'date-time' });
    expect(meta.generation).toMatchObject({ type: 'integer', format: 'int64' });

    const pod = props('io.k8s.api.core.v1.PodSpec');
    expect(pod.containers).toMatchObject({ type: 'array', items: ref('io.k8s.api.core.v1.Container') });
    expect(schemaByName('io.k8s.api.core.v1.PodSpec')!.required).toEqual(['containers']);
    expect(props('io.k8s.api.core.v1.Container').args).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(props('io.k8s.api.core.v1.Container').args!.description).toContain("The container image's CMD"); // unescaped quotes
    schemaForKind({ group: '', version: 'v1', kind: 'Service' });
    expect(props('io.k8s.api.core.v1.ServicePort').targetPort).toMatchObject({ allOf: [ref(INT_OR_STRING)] });
  });

  it('maps kinds to their model classes, group-prefixed where client-node disambiguates', () => {
    expect(modelClassFor({ group: '', version: 'v1', kind: 'Pod' })).toBe('V1Pod');
    expect(modelClassFor({ group: '', version: 'v1', kind: 'Event' })).toBe('CoreV1Event');
    expect(modelClassFor({ group: 'events.k8s.io', version: 'v1', kind: 'Event' })).toBe('EventsV1Event');
    expect(modelClassFor({ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' })).toBe('V2HorizontalPodAutoscaler');
    expect(modelClassFor({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' })).toBe('V1EndpointSlice');
    expect(modelClassFor({ group: 'example.com', version: 'v1', kind: 'Widget' })).toBeUndefined();
    expect(schemaNameFor({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' })).toBe('io.k8s.api.rbac.v1.Role');
    expect(schemaNameFor({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' })).toBe(
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    );
  });

  it('a kind without a model gets a generic object schema that keeps unknown fields', () => {
    const r = schemaForKind({ group: 'example.com', version: 'v1', kind: 'Widget' });
    expect(r.derived).toBe(false);
    const s = schemaByName(r.kind)!;
    expect(s['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(s['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.com', kind: 'Widget', version: 'v1' }]);
  });

  it('every registered kind has a derived schema, and every reachable $ref resolves', () => {
    for (const k of KINDS) {
      const r = schemaForKind({ group: k.group, version: k.version, kind: k.kind }, k.listKind);
      expect(r.derived, `${k.group}/${k.version} ${k.kind}`).toBe(true);
      const all = reachableSchemas([r.kind]);
      const refs = JSON.stringify(all).match(/#\/components\/schemas\/[^"]+/g) ?? [];
      for (const x of refs) expect(all[x.slice('#/components/schemas/'.length)], x).toBeDefined();
    }
  });

  it('event kinds land in their own packages', () => {
    const core = schemaForKind({ group: '', version: 'v1', kind: 'Event' });
    expect(core.kind).toBe('io.k8s.api.core.v1.Event');
    expect(props(core.kind).involvedObject).toMatchObject({ allOf: [ref('io.k8s.api.core.v1.ObjectReference')] });
    expect(props(core.kind).series).toMatchObject({ allOf: [ref('io.k8s.api.core.v1.EventSeries')] });
    expect(props(core.kind).eventTime).toMatchObject({ allOf: [ref('io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime')] });
    const ev = schemaForKind({ group: 'events.k8s.io', version: 'v1', kind: 'Event' });
    expect(ev.kind).toBe('io.k8s.api.events.v1.Event');
    expect(props(ev.kind).series).toMatchObject({ allOf: [ref('io.k8s.api.events.v1.EventSeries')] });
  });
});
