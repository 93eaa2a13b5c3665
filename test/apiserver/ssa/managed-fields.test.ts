import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../../../src/api/types.js';
import { kindFor } from '../../../src/api/kinds.js';
import { fieldSetOf, formatPath, type ManagedFieldsEntry } from '../../../src/apiserver/managed-fields.js';
import { newRegistry, apiStatus, deployKind, svcKind, deploymentBody } from '../helpers.js';

const cmKind = kindFor('v1', 'ConfigMap')!;
const mf = (o: KubeObject) => (o.metadata.managedFields ?? []) as ManagedFieldsEntry[];
const entry = (o: KubeObject, manager: string, operation = 'Update') => mf(o).find((e) => e.manager === manager && e.operation === operation);

describe('FieldsV1 encoding of an applied object', () => {
  const cases: { name: string; kind: typeof deployKind; obj: KubeObject; want: Record<string, unknown> }[] = [
    {
      name: 'Deployment',
      kind: deployKind,
      obj: {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }], tolerations: [{ key: 'k', operator: 'Exists' }] },
          },
        },
      },
      want: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"nginx"}': {
                  '.': {},
                  'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                  'f:image': {},
                  'f:name': {},
                  'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                },
              },
              'f:tolerations': {},
            },
          },
        },
      },
    },
    {
      name: 'Service with ports',
      kind: svcKind,
      obj: {
        apiVersion: 'v1', kind: 'Service', metadata: { name: 's' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] },
      },
      want: {
        'f:spec': {
          'f:ports': {
            'k:{"port":53,"protocol":"UDP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} },
            'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} },
          },
          'f:selector': {},
        },
      },
    },
    {
      name: 'ConfigMap with finalizers',
      kind: cmKind,
      obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['a/b'], annotations: {} }, data: { k: 'v', x: '' } },
      want: { 'f:data': { 'f:k': {}, 'f:x': {} }, 'f:metadata': { 'f:annotations': {}, 'f:finalizers': { 'v:"a/b"': {} } } },
    },
  ];
  for (const c of cases) it(c.name, () => expect(fieldSetOf(c.kind, c.obj)).toEqual(c.want));

  it('prints paths as SMD does', () => {
    expect(formatPath(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'])).toBe('.spec.template.spec.containers[name="nginx"].image');
    expect(formatPath(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(formatPath(['f:metadata', 'f:finalizers', 'v:"x"'])).toBe('.metadata.finalizers[="x"]');
  });
});

function applyDeploy(registry: ReturnType<typeof newRegistry>['registry'], manager: string, body: KubeObject, force = false) {
  return registry.patch(deployKind, 'default', body.metadata.name!, 'apply', body, { fieldManager: manager, force });
}

describe('managedFields of writes', () => {
  it('create records an Update entry owning what it set, defaults included', () => {
    const { registry } = newRegistry();
    const d = registry.create(deployKind, 'default', deploymentBody('web'), { fieldManager: 'kubectl-create' });
    expect(mf(d)).toHaveLength(1);
    const e = mf(d)[0]!;
    expect(e).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(e.time).toBe(d.metadata.creationTimestamp);
    const spec = (e.fieldsV1 as any)['f:spec'];
    expect(spec['f:replicas']).toEqual({});
    expect(spec['f:selector']).toEqual({});
    expect(spec['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']['.']).toEqual({});
    expect(spec['f:template']['f:spec']['f:containers']['.']).toBeUndefined();
    expect(spec['.']).toBeUndefined();
    expect((e.fieldsV1 as any)['f:metadata']).toBeUndefined(); // name and namespace are never owned
    expect(Object.keys(e.fieldsV1!)).not.toContain('f:status');
  });

  it('a create without a fieldManager records nothing', () => {
    const { registry } = newRegistry();
    expect(registry.create(deployKind, 'default', deploymentBody('web')).metadata.managedFields).toBeUndefined();
  });

  it('a label patch by another manager records it and a change takes the field away', () => {
    const { registry, clock } = newRegistry();
    registry.create(cmKind, 'default', { metadata: { name: 'c', labels: { a: '1' } }, data: { k: 'v' } }, { fieldManager: 'kubectl-create' });
    clock.advance(5000);
    const c = registry.patch(cmKind, 'default', 'c', 'merge', { metadata: { labels: { a: '2', b: '1' } } }, { fieldManager: 'kubectl-label' });
    expect(entry(c, 'kubectl-label')!.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:a': {}, 'f:b': {} } } });
    expect(entry(c, 'kubectl-create')!.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:k': {} }, 'f:metadata': { 'f:labels': {} } });
    expect(mf(c).map((e) => e.manager)).toEqual(['kubectl-create', 'kubectl-label']);
  });

  it('a write that changes nothing keeps the resourceVersion and the times', () => {
    const { registry, clock } = newRegistry();
    const c = registry.create(cmKind, 'default', { metadata: { name: 'c' }, data: { k: 'v' } }, { fieldManager: 'm' });
    clock.advance(5000);
    const again = registry.patch(cmKind, 'default', 'c', 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } }, { fieldManager: 'ssa' });
    clock.advance(5000);
    const same = registry.patch(cmKind, 'default', 'c', 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } }, { fieldManager: 'ssa' });
    expect(same.metadata.resourceVersion).toBe(again.metadata.resourceVersion);
    expect(again.metadata.resourceVersion).not.toBe(c.metadata.resourceVersion); // the new manager is a change
  });
});

describe('server-side apply', () => {
  const applied = (replicas = 2, image = 'nginx', extra: Record<string, string> = {}): KubeObject => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web', ...extra } },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }] } } },
  });

  it('creates with an Apply entry holding exactly the applied fields', () => {
    const { registry } = newRegistry();
    const d = applyDeploy(registry, 'helm', applied());
    expect(mf(d)).toHaveLength(1);
    expect(mf(d)[0]).toMatchObject({ manager: 'helm', operation: 'Apply', apiVersion: 'apps/v1' });
    expect(mf(d)[0]!.fieldsV1).toEqual(fieldSetOf(deployKind, applied()));
    expect((d.spec as any).strategy.type).toBe('RollingUpdate'); // defaults still apply
  });

  it('re-applying without a field removes it; fields nobody applied stay', () => {
    const { registry } = newRegistry();
    applyDeploy(registry, 'helm', applied(2, 'nginx', { tier: 'web' }));
    registry.patch(deployKind, 'default', 'web', 'merge', { metadata: { annotations: { note: 'x' } } }, { fieldManager: 'kubectl-annotate' });
    const d = applyDeploy(registry, 'helm', applied());
    expect(d.metadata.labels).toEqual({ app: 'web' });
    expect(d.metadata.annotations).toEqual({ note: 'x' });
    expect((d.spec as any).strategy.type).toBe('RollingUpdate');
  });

  it('a removed field another manager still owns stays', () => {
    const { registry } = newRegistry();
    applyDeploy(registry, 'helm', applied(2, 'nginx', { tier: 'web' }));
    applyDeploy(registry, 'other', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { tier: 'web' } } });
    const d = applyDeploy(registry, 'helm', applied());
    expect(d.metadata.labels).toEqual({ app: 'web', tier: 'web' });
  });

  it('a conflicting value → 409 with the message and causes of kube-apiserver; same value shares', () => {
    const { registry } = newRegistry();
    applyDeploy(registry, 'helm', applied());
    registry.patch(deployKind, 'default', 'web', 'strategic', { spec: { replicas: 5 } }, { fieldManager: 'kubectl-edit' });
    const s = apiStatus(() => applyDeploy(registry, 'helm', applied()));
    expect(s).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.spec.replicas' }] },
    });
    // Applying the value the other manager set is no conflict: both own it.
    const d = applyDeploy(registry, 'helm', applied(5));
    expect(entry(d, 'helm', 'Apply')!.fieldsV1!['f:spec']).toHaveProperty('f:replicas');
    expect(entry(d, 'kubectl-edit')!.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('several conflicts are grouped by manager', () => {
    const { registry } = newRegistry();
    applyDeploy(registry, 'helm', applied());
    registry.patch(deployKind, 'default', 'web', 'strategic', { spec: { replicas: 5, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } } }, { fieldManager: 'kubectl-edit' });
    const s = apiStatus(() => applyDeploy(registry, 'helm', applied()));
    expect(s.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
    expect(s.details?.causes?.map((c) => c.field)).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="nginx"].image']);
  });

  it('force=true takes the fields', () => {
    const { registry } = newRegistry();
    applyDeploy(registry, 'helm', applied());
    registry.patch(deployKind, 'default', 'web', 'merge', { spec: { replicas: 5 } }, { fieldManager: 'kubectl-edit' });
    const d = applyDeploy(registry, 'helm', applied(3), true);
    expect((d.spec as any).replicas).toBe(3);
    expect(entry(d, 'kubectl-edit')).toBeUndefined();
    expect(entry(d, 'helm', 'Apply')!.fieldsV1!['f:spec']).toHaveProperty('f:replicas');
  });

  it('helm, then kubectl scale through the scale subresource, then helm again → conflict on .spec.replicas', () => {
    const { registry } = newRegistry();
    applyDeploy(registry, 'helm', applied(2));
    registry.updateScale(deployKind, 'default', 'web', { spec: { replicas: 4 } } as unknown as KubeObject, 'merge', { fieldManager: 'kubectl' });
    const d = registry.get(deployKind, 'default', 'web');
    expect(mf(d).find((e) => e.subresource === 'scale')).toMatchObject({ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    const s = apiStatus(() => applyDeploy(registry, 'helm', applied(2)));
    expect(s.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
    // Leaving replicas out of the chart hands them over: no conflict, the replicas stay.
    const { replicas: _r, ...spec } = applied(2).spec as Record<string, unknown>;
    const after = applyDeploy(registry, 'helm', { ...applied(2), spec });
    expect((after.spec as any).replicas).toBe(4);
  });

  it('status writes are recorded under the status subresource and never conflict with spec appliers', () => {
    const { registry } = newRegistry();
    applyDeploy(registry, 'helm', applied());
    const d = registry.patch(deployKind, 'default', 'web', 'merge', { status: { replicas: 2 } }, { fieldManager: 'kube-controller-manager', subresource: 'status' });
    expect(entry(d, 'kube-controller-manager')).toMatchObject({ subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } });
    expect(applyDeploy(registry, 'helm', applied()).metadata.resourceVersion).toBe(d.metadata.resourceVersion);
  });

  it('apply to an object nobody manages records before-first-apply', () => {
    const { registry } = newRegistry();
    registry.create(deployKind, 'default', deploymentBody('web', 2));
    const s = apiStatus(() => applyDeploy(registry, 'helm', applied(3)));
    expect(s.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  });
});
