import { describe, it, expect } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../src/api/types.js';
import { SAFE_ALPHABET } from '../../src/api/names.js';
import { mustKind } from '../../src/api/kinds.js';
import { newRegistry, apiStatus, podBody, deploymentBody, podKind, nsKind, deployKind, svcKind, nodeKind } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Registry create', () => {
  it('sets uid, creationTimestamp (RFC 3339, whole seconds, cluster clock), generation 1 and resourceVersion', () => {
    const { registry, clock, store } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('web'));
    expect(p.metadata.uid).toMatch(UUID);
    expect(p.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(new Date(p.metadata.creationTimestamp!).getTime()).toBe(clock.now());
    expect(p.metadata.generation).toBe(1);
    expect(p.metadata.resourceVersion).toBe(String(store.revision));
    expect(p.metadata.namespace).toBe('default');
    expect(p.apiVersion).toBe('v1');
    expect(p.kind).toBe('Pod');
  });

  it('gives distinct uids to distinct objects', () => {
    const { registry } = newRegistry();
    const a = registry.create(podKind, 'default', podBody('a'));
    const b = registry.create(podKind, 'default', podBody('b'));
    expect(a.metadata.uid).not.toBe(b.metadata.uid);
  });

  it('ignores client-supplied uid and creationTimestamp', () => {
    const { registry } = newRegistry();
    const body = podBody('web');
    body.metadata.uid = 'mine';
    body.metadata.creationTimestamp = '2000-01-01T00:00:00Z';
    const p = registry.create(podKind, 'default', body);
    expect(p.metadata.uid).not.toBe('mine');
    expect(p.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('completes generateName with 5 characters of the safe alphabet', () => {
    const { registry } = newRegistry();
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const p = registry.create(podKind, 'default', { ...podBody(''), metadata: { generateName: 'web-' } });
      expect(p.metadata.name).toMatch(new RegExp(`^web-[${SAFE_ALPHABET}]{5}$`));
      expect(p.metadata.generateName).toBe('web-');
      names.add(p.metadata.name!);
    }
    expect(names.size).toBe(20);
  });

  it('does not change the caller\'s body', () => {
    const { registry } = newRegistry();
    const body = podBody('web');
    registry.create(podKind, 'default', body);
    expect(body.metadata.uid).toBeUndefined();
    expect(body.status).toBeUndefined();
  });

  it('applies defaults and sets pod status Pending with a QoS class', () => {
    const { registry } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('web')) as unknown as Pod;
    expect(p.spec!.restartPolicy).toBe('Always');
    expect(p.spec!.containers[0]!.imagePullPolicy).toBe('Always');
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('create twice → 409 AlreadyExists', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web'));
    const st = apiStatus(() => registry.create(podKind, 'default', podBody('web')));
    expect(st).toMatchObject({ code: 409, reason: 'AlreadyExists', status: 'Failure', message: 'pods "web" already exists' });
    expect(st.details).toEqual({ name: 'web', kind: 'pods' });
  });

  it('the same name in another namespace is a different object', () => {
    const { registry } = newRegistry({ namespaces: ['default', 'other'] });
    registry.create(podKind, 'default', podBody('web'));
    expect(() => registry.create(podKind, 'other', podBody('web'))).not.toThrow();
  });

  it('create in a missing namespace → 404 namespaces "x" not found', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() => registry.create(podKind, 'nope', podBody('web')));
    expect(st).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nope" not found' });
  });

  it('refuses a resourceVersion on create', () => {
    const { registry } = newRegistry();
    const body = podBody('web');
    body.metadata.resourceVersion = '5';
    expect(apiStatus(() => registry.create(podKind, 'default', body))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'resourceVersion should not be set on objects to be created',
    });
  });

  it.each<[string, KubeObject, string]>([
    ['wrong apiVersion', { ...podBody('web'), apiVersion: 'apps/v1' }, 'the API version in the data (apps/v1) does not match the expected API version (v1)'],
    ['wrong kind', { ...podBody('web'), kind: 'Service' }, 'the kind in the data (Service) does not match the expected kind (Pod)'],
    [
      'namespace mismatch',
      { ...podBody('web'), metadata: { name: 'web', namespace: 'other' } },
      'the namespace of the provided object does not match the namespace sent on the request',
    ],
  ])('refuses a body with a %s → 400', (_name, body, message) => {
    const { registry } = newRegistry();
    expect(apiStatus(() => registry.create(podKind, 'default', body))).toMatchObject({ code: 400, reason: 'BadRequest', message });
  });

  it('requires a name or generateName', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() => registry.create(podKind, 'default', { ...podBody(''), metadata: {} }));
    expect(st.code).toBe(422);
    expect(st.reason).toBe('Invalid');
    expect(st.message).toBe('Pod "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it('refuses a name that is not a DNS-1123 subdomain', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() => registry.create(podKind, 'default', podBody('Web_1')));
    expect(st.code).toBe(422);
    expect(st.message).toMatch(/^Pod "Web_1" is invalid: metadata\.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of/);
    expect(st.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
  });

  it('creates cluster-scoped objects without a namespace check', () => {
    const { registry } = newRegistry({ namespaces: [] });
    const n = registry.create(nodeKind, undefined, { metadata: { name: 'minik9s', namespace: 'ignored' } });
    expect(n.metadata.namespace).toBeUndefined();
    expect(registry.get(nodeKind, undefined, 'minik9s').metadata.uid).toBe(n.metadata.uid);
  });

  it('dryRun validates and returns the object without storing it', () => {
    const { registry, store } = newRegistry();
    const before = store.revision;
    const p = registry.create(podKind, 'default', podBody('web'), { dryRun: true });
    expect(p.metadata.name).toBe('web');
    expect(store.revision).toBe(before);
    expect(apiStatus(() => registry.get(podKind, 'default', 'web')).code).toBe(404);
  });
});

describe('Registry validation messages', () => {
  it('a pod without containers: Pod "x" is invalid: spec.containers: Required value', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() => registry.create(podKind, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [] } }));
    expect(st).toMatchObject({ code: 422, reason: 'Invalid', status: 'Failure', message: 'Pod "x" is invalid: spec.containers: Required value' });
    expect(st.details).toEqual({
      name: 'x',
      kind: 'Pod',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }],
    });
  });

  it('several errors are listed in brackets', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() =>
      registry.create(podKind, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: '' }] } }),
    );
    expect(st.message).toBe('Pod "x" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]');
    expect(st.details?.causes).toHaveLength(2);
  });

  it('a deployment whose selector does not match its template labels', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() => registry.create(deployKind, 'default', deploymentBody('web', 1, { app: 'api' })));
    expect(st).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    });
    expect(st.details).toMatchObject({ name: 'web', group: 'apps', kind: 'Deployment' });
  });

  it('a service with a bad type', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() =>
      registry.create(svcKind, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'Foo', ports: [{ port: 80 }] } }),
    );
    expect(st.code).toBe(422);
    expect(st.reason).toBe('Invalid');
    expect(st.message).toMatch(/^Service "web" is invalid: spec\.type: Unsupported value: "Foo": supported values: /);
    for (const t of ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']) expect(st.message).toContain(`"${t}"`);
    expect(st.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueNotSupported', field: 'spec.type' });
  });

  it('a service name must be a DNS-1035 label', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() => registry.create(svcKind, 'default', { metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } }));
    expect(st.code).toBe(422);
    expect(st.message).toMatch(/^Service "1web" is invalid: metadata\.name: Invalid value: "1web": a DNS-1035 label/);
  });
});

describe('Registry get and update', () => {
  it('get of a missing object → 404 with the resource and name', () => {
    const { registry } = newRegistry();
    expect(apiStatus(() => registry.get(podKind, 'default', 'x'))).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'pods "x" not found',
      details: { name: 'x', kind: 'pods' },
    });
    expect(apiStatus(() => registry.get(deployKind, 'default', 'x'))).toMatchObject({
      code: 404,
      message: 'deployments.apps "x" not found',
      details: { name: 'x', group: 'apps', kind: 'deployments' },
    });
  });

  it('a stale resourceVersion → 409 Conflict with the exact message', () => {
    const { registry } = newRegistry();
    const v1 = registry.create(podKind, 'default', podBody('x'));
    registry.update(podKind, 'default', 'x', { ...structuredClone(v1), metadata: { ...v1.metadata, labels: { a: '1' } } });
    const st = apiStatus(() =>
      registry.update(podKind, 'default', 'x', { ...structuredClone(v1), metadata: { ...v1.metadata, labels: { a: '2' } } }),
    );
    expect(st).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'x', kind: 'pods' },
    });
    expect(registry.get(podKind, 'default', 'x').metadata.labels).toEqual({ a: '1' });
  });

  it('an update without resourceVersion is unconditional', () => {
    const { registry } = newRegistry();
    const v1 = registry.create(podKind, 'default', podBody('x'));
    registry.update(podKind, 'default', 'x', { ...structuredClone(v1), metadata: { name: 'x', labels: { a: '1' } } });
    const v3 = registry.update(podKind, 'default', 'x', { ...structuredClone(v1), metadata: { name: 'x', labels: { a: '2' } } });
    expect(v3.metadata.labels).toEqual({ a: '2' });
  });

  it('update of a missing object → 404; a name that differs from the URL → 400', () => {
    const { registry } = newRegistry();
    expect(apiStatus(() => registry.update(podKind, 'default', 'x', podBody('x'))).code).toBe(404);
    registry.create(podKind, 'default', podBody('x'));
    expect(apiStatus(() => registry.update(podKind, 'default', 'x', podBody('y')))).toMatchObject({
      code: 400,
      message: 'the name of the object (y) does not match the name on the URL (x)',
    });
  });

  it('a no-op update keeps the resourceVersion and writes nothing', () => {
    const { registry, store } = newRegistry();
    const v1 = registry.create(podKind, 'default', podBody('x'));
    const rev = store.revision;
    const same = registry.update(podKind, 'default', 'x', structuredClone(v1));
    expect(same.metadata.resourceVersion).toBe(v1.metadata.resourceVersion);
    expect(store.revision).toBe(rev);
  });

  it('keeps uid, creationTimestamp and name whatever the body says', () => {
    const { registry } = newRegistry();
    const v1 = registry.create(podKind, 'default', podBody('x'));
    const body = structuredClone(v1);
    body.metadata.uid = 'other';
    body.metadata.creationTimestamp = '2001-01-01T00:00:00Z';
    body.metadata.labels = { a: 'b' };
    const v2 = registry.update(podKind, 'default', 'x', body);
    expect(v2.metadata.uid).toBe(v1.metadata.uid);
    expect(v2.metadata.creationTimestamp).toBe(v1.metadata.creationTimestamp);
  });

  describe('generation', () => {
    it('bumps on a spec change, not on metadata or status changes', () => {
      const { registry } = newRegistry();
      const d1 = registry.create(deployKind, 'default', deploymentBody('web'));
      expect(d1.metadata.generation).toBe(1);

      const d2 = registry.update(deployKind, 'default', 'web', { ...structuredClone(d1), metadata: { ...d1.metadata, labels: { team: 'a' } } });
      expect(d2.metadata.generation).toBe(1);
      expect(d2.metadata.resourceVersion).not.toBe(d1.metadata.resourceVersion);

      const d3 = registry.update(deployKind, 'default', 'web', { ...structuredClone(d2), status: { replicas: 5 } }, { subresource: 'status' });
      expect(d3.metadata.generation).toBe(1);

      const spec = structuredClone(d3.spec) as Deployment['spec'];
      spec!.replicas = 3;
      const d4 = registry.update(deployKind, 'default', 'web', { ...structuredClone(d3), spec });
      expect(d4.metadata.generation).toBe(2);

      const d5 = registry.patch(deployKind, 'default', 'web', 'merge', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } });
      expect(d5.metadata.generation).toBe(3);
    });

    it('a client cannot set generation', () => {
      const { registry } = newRegistry();
      const d1 = registry.create(deployKind, 'default', { ...deploymentBody('web'), metadata: { name: 'web', generation: 7 } });
      expect(d1.metadata.generation).toBe(1);
      const d2 = registry.update(deployKind, 'default', 'web', { ...structuredClone(d1), metadata: { ...d1.metadata, generation: 9 } });
      expect(d2.metadata.generation).toBe(1);
    });

    it('only the kinds whose strategy keeps one have it: services, configmaps, events and nodes have none', () => {
      const { registry } = newRegistry();
      const cm = registry.create(mustKind('v1', 'ConfigMap'), 'default', { metadata: { name: 'c', generation: 4 }, data: { a: '1' } } as KubeObject);
      expect(cm.metadata.generation).toBeUndefined();
      const cm2 = registry.update(mustKind('v1', 'ConfigMap'), 'default', 'c', { ...cm, data: { a: '2' } } as KubeObject);
      expect(cm2.metadata.generation).toBeUndefined();
      const svc = registry.create(svcKind, 'default', { metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } } as KubeObject);
      expect(svc.metadata.generation).toBeUndefined();
      const ev = registry.create(mustKind('v1', 'Event'), 'default', {
        metadata: { name: 'e' },
        involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
        reason: 'R',
        message: 'm',
        type: 'Normal',
      } as KubeObject);
      expect(ev.metadata.generation).toBeUndefined();
      expect(registry.get(nsKind, undefined, 'default').metadata.generation).toBeUndefined();
      for (const [group, kind] of [['', 'Pod'], ['apps', 'StatefulSet'], ['batch', 'Job'], ['networking.k8s.io', 'Ingress'], ['discovery.k8s.io', 'EndpointSlice']] as const)
        expect(mustKind(group ? `${group}/v1` : 'v1', kind).generation, kind).toBe(true);
      for (const [group, kind] of [['', 'Service'], ['', 'Secret'], ['', 'Node'], ['apps', 'ControllerRevision'], ['coordination.k8s.io', 'Lease'], ['storage.k8s.io', 'StorageClass']] as const)
        expect(mustKind(group ? `${group}/v1` : 'v1', kind).generation, kind).toBe(false);
    });

    it('a graceful deletion bumps the generation of a pod, never gives one to a kind without it', () => {
      const { registry } = newRegistry();
      registry.create(podKind, 'default', podBody('p', { nodeName: 'n1' }));
      const gone = registry.delete(podKind, 'default', 'p');
      expect(gone.metadata.deletionTimestamp).toBeDefined();
      expect(gone.metadata.generation).toBe(2);
      registry.create(nsKind, undefined, { metadata: { name: 'x' } } as KubeObject);
      const terminating = registry.delete(nsKind, undefined, 'x');
      expect(terminating.metadata.deletionTimestamp).toBeDefined();
      expect(terminating.metadata.generation).toBeUndefined();
    });
  });

  describe('status subresource', () => {
    it('a status update changes only status', () => {
      const { registry } = newRegistry();
      const d1 = registry.create(deployKind, 'default', deploymentBody('web', 2));
      const body = structuredClone(d1) as unknown as Deployment & KubeObject;
      body.spec!.replicas = 9;
      body.metadata.labels = { sneaky: 'yes' };
      body.status = { replicas: 2, readyReplicas: 1 };
      const d2 = registry.update(deployKind, 'default', 'web', body as KubeObject, { subresource: 'status' }) as unknown as Deployment;
      expect(d2.status).toEqual({ replicas: 2, readyReplicas: 1 });
      expect(d2.spec!.replicas).toBe(2);
      expect(d2.metadata!.labels).toBeUndefined();
    });

    it('a main update keeps the stored status', () => {
      const { registry } = newRegistry();
      const d1 = registry.create(deployKind, 'default', deploymentBody('web', 2));
      registry.update(deployKind, 'default', 'web', { ...structuredClone(d1), status: { replicas: 2 } }, { subresource: 'status' });
      const cur = registry.get(deployKind, 'default', 'web');
      const body = structuredClone(cur) as unknown as Deployment & KubeObject;
      body.spec!.replicas = 4;
      body.status = { replicas: 100 };
      const d3 = registry.update(deployKind, 'default', 'web', body as KubeObject) as unknown as Deployment;
      expect(d3.spec!.replicas).toBe(4);
      expect(d3.status).toEqual({ replicas: 2 });
    });

    it('pod status is a subresource too', () => {
      const { registry } = newRegistry();
      const p = registry.create(podKind, 'default', podBody('x'));
      const next = registry.update(podKind, 'default', 'x', { ...structuredClone(p), status: { phase: 'Running' } }) as unknown as Pod;
      expect(next.status!.phase).toBe('Pending');
      const st = registry.update(podKind, 'default', 'x', { ...structuredClone(p), status: { phase: 'Running' } }, { subresource: 'status' }) as unknown as Pod;
      expect(st.status!.phase).toBe('Running');
    });

    it('an unknown subresource → 404', () => {
      const { registry } = newRegistry();
      const p = registry.create(podKind, 'default', podBody('x'));
      expect(apiStatus(() => registry.update(podKind, 'default', 'x', structuredClone(p), { subresource: 'bogus' })).code).toBe(404);
    });
  });

  it('pod updates may change the image but not other spec fields', () => {
    const { registry } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('x'));
    const patched = registry.patch(podKind, 'default', 'x', 'strategic', { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } }) as unknown as Pod;
    expect(patched.spec!.containers[0]!.image).toBe('nginx:1.27');
    const st = apiStatus(() => registry.patch(podKind, 'default', 'x', 'strategic', { spec: { restartPolicy: 'Never' } }));
    expect(st.code).toBe(422);
    expect(st.message).toMatch(/^Pod "x" is invalid: spec: Forbidden: pod updates may not change fields other than/);
    expect(p.metadata.name).toBe('x');
  });

  it('keeps a workload selector immutable', () => {
    const { registry } = newRegistry();
    registry.create(deployKind, 'default', deploymentBody('web'));
    const st = apiStatus(() =>
      registry.patch(deployKind, 'default', 'web', 'merge', {
        spec: { selector: { matchLabels: { app: 'web', v: '2' } }, template: { metadata: { labels: { app: 'web', v: '2' } } } },
      }),
    );
    expect(st.code).toBe(422);
    expect(st.message).toMatch(/spec\.selector: Invalid value: .*: field is immutable/);
  });
});

describe('Registry namespaces', () => {
  it('a new namespace is Active with the kubernetes finalizer', () => {
    const { registry } = newRegistry({ namespaces: [] });
    const ns = registry.create(nsKind, undefined, { metadata: { name: 'team' } });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team' });
  });

  it('namespace names must be DNS-1123 labels', () => {
    const { registry } = newRegistry({ namespaces: [] });
    expect(apiStatus(() => registry.create(nsKind, undefined, { metadata: { name: 'a.b' } })).code).toBe(422);
  });

  it('delete → Terminating with a deletionTimestamp; creating inside → 403 Forbidden; finalize removes it', () => {
    const { registry } = newRegistry({ namespaces: ['default', 'team'] });
    registry.create(podKind, 'team', podBody('web'));
    const ns = registry.delete(nsKind, undefined, 'team');
    expect(ns.status).toMatchObject({ phase: 'Terminating' });
    expect(ns.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(registry.get(nsKind, undefined, 'team').status).toMatchObject({ phase: 'Terminating' });

    const st = apiStatus(() => registry.create(podKind, 'team', podBody('late')));
    expect(st).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    });
    expect(st.details?.causes?.[0]).toMatchObject({ reason: 'NamespaceTerminating', field: 'metadata.namespace' });
    const st2 = apiStatus(() => registry.create(deployKind, 'team', deploymentBody('d')));
    expect(st2.message).toBe('deployments.apps "d" is forbidden: unable to create new content in namespace team because it is being terminated');

    // Other namespaces are unaffected.
    expect(() => registry.create(podKind, 'default', podBody('ok'))).not.toThrow();

    // The namespace controller's last step: clear spec.finalizers through the finalize subresource.
    const cur = registry.get(nsKind, undefined, 'team');
    registry.update(nsKind, undefined, 'team', { ...structuredClone(cur), spec: { finalizers: [] } }, { subresource: 'finalize' });
    expect(apiStatus(() => registry.get(nsKind, undefined, 'team')).code).toBe(404);
  });
});
