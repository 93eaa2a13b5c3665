import { describe, it, expect } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { mergePatch, jsonPatch, strategicMergePatch, patchTypeOf } from '../../src/apiserver/patch.js';
import { ApiError } from '../../src/api/api-error.js';
import { newRegistry, apiStatus, podBody, podKind, deployKind, deploymentBody } from './helpers.js';

type J = Parameters<typeof mergePatch>[0];
const j = (v: unknown) => v as J;

describe('patchTypeOf', () => {
  it.each([
    ['application/json-patch+json', 'json'],
    ['application/merge-patch+json', 'merge'],
    ['application/strategic-merge-patch+json; charset=utf-8', 'strategic'],
    ['application/apply-patch+yaml', 'apply'],
    ['Application/Merge-Patch+JSON', 'merge'],
    ['application/json', undefined],
    [undefined, undefined],
  ])('%s → %s', (ct, want) => {
    expect(patchTypeOf(ct)).toBe(want);
  });
});

describe('mergePatch (RFC 7386)', () => {
  it.each<[unknown, unknown, unknown]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('RFC 7386 example %j + %j', (target, patch, want) => {
    expect(mergePatch(j(target), j(patch))).toEqual(want);
  });

  it('does not modify its inputs', () => {
    const target = { a: { b: 1 } };
    mergePatch(j(target), j({ a: { b: 2 } }));
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe('jsonPatch (RFC 6902)', () => {
  it('applies add, replace, remove, test, move and copy', () => {
    const out = jsonPatch(j({ metadata: { labels: { a: '1' } }, spec: { replicas: 1, list: ['x'] } }), [
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/metadata/labels/b', value: '2' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'add', path: '/spec/list/-', value: 'y' },
      { op: 'copy', from: '/spec/replicas', path: '/spec/copied' },
      { op: 'move', from: '/spec/copied', path: '/spec/moved' },
    ]);
    expect(out).toEqual({ metadata: { labels: { b: '2' } }, spec: { replicas: 3, list: ['x', 'y'], moved: 3 } });
  });

  it('an object instead of an operation list → 400', () => {
    let err: unknown;
    try {
      jsonPatch(j({}), { op: 'add' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(400);
  });

  it('a failing operation → 422 and the target is untouched', () => {
    const target = { spec: { replicas: 1 } };
    let err: unknown;
    try {
      jsonPatch(j(target), [{ op: 'test', path: '/spec/replicas', value: 2 }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(422);
    expect((err as ApiError).message).toMatch(/^the server rejected our request due to an error in our request: /);
    expect(() => jsonPatch(j(target), [{ op: 'remove', path: '/spec/missing' }])).toThrow(ApiError);
    expect(target).toEqual({ spec: { replicas: 1 } });
  });
});

describe('strategicMergePatch', () => {
  const podSpec = {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] },
      { name: 'sidecar', image: 'side:1', args: ['--a', '--b'] },
    ],
  };

  it('merges containers by name, keeping the others', () => {
    const out = strategicMergePatch(j({ spec: podSpec }), j({ spec: { containers: [{ name: 'app', image: 'app:2' }] } })) as unknown as { spec: Pod['spec'] };
    expect(out.spec!.containers.map((c) => [c.name, c.image])).toEqual([
      ['app', 'app:2'],
      ['sidecar', 'side:1'],
    ]);
    expect(out.spec!.containers[0]!.env).toHaveLength(2);
  });

  it('appends a container with a new name', () => {
    const out = strategicMergePatch(j({ spec: podSpec }), j({ spec: { containers: [{ name: 'new', image: 'n:1' }] } })) as unknown as { spec: Pod['spec'] };
    expect(out.spec!.containers.map((c) => c.name)).toEqual(['app', 'sidecar', 'new']);
  });

  it('merges env by name and container ports by containerPort', () => {
    const out = strategicMergePatch(
      j({ spec: podSpec }),
      j({ spec: { containers: [{ name: 'app', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }], ports: [{ containerPort: 443, name: 'https' }] }] } }),
    ) as unknown as { spec: Pod['spec'] };
    const app = out.spec!.containers[0]!;
    expect(app.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
    expect(app.ports!.map((p) => p.containerPort)).toEqual([80, 443]);
  });

  it('merges Service ports by port', () => {
    const out = strategicMergePatch(
      j({ spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'https', port: 443 }] } }),
      j({ spec: { ports: [{ port: 80, targetPort: 9090 }] } }),
    );
    expect(out).toEqual({ spec: { ports: [{ name: 'http', port: 80, targetPort: 9090 }, { name: 'https', port: 443 }] } });
  });

  it('replaces lists without a merge key (args)', () => {
    const out = strategicMergePatch(j({ spec: podSpec }), j({ spec: { containers: [{ name: 'sidecar', args: ['--c'] }] } })) as unknown as { spec: Pod['spec'] };
    expect(out.spec!.containers[1]!.args).toEqual(['--c']);
  });

  it('$patch: delete removes a list item by its merge key', () => {
    const out = strategicMergePatch(j({ spec: podSpec }), j({ spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } })) as unknown as { spec: Pod['spec'] };
    expect(out.spec!.containers.map((c) => c.name)).toEqual(['app']);
  });

  it('$patch: replace replaces a map wholesale', () => {
    const out = strategicMergePatch(j({ metadata: { labels: { a: '1', b: '2' } } }), j({ metadata: { labels: { c: '3', $patch: 'replace' } } }));
    expect(out).toEqual({ metadata: { labels: { c: '3' } } });
  });

  it('null deletes a key', () => {
    const out = strategicMergePatch(j({ metadata: { labels: { a: '1', b: '2' } } }), j({ metadata: { labels: { a: null } } }));
    expect(out).toEqual({ metadata: { labels: { b: '2' } } });
  });

  it('$setElementOrder orders the merged list', () => {
    const out = strategicMergePatch(
      j({ spec: podSpec }),
      j({ spec: { $setElementOrder: undefined, '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }], containers: [{ name: 'app', image: 'app:3' }] } }),
    ) as unknown as { spec: Pod['spec'] };
    expect(out.spec!.containers.map((c) => [c.name, c.image])).toEqual([
      ['sidecar', 'side:1'],
      ['app', 'app:3'],
    ]);
    expect(Object.keys(out.spec!)).not.toContain('$setElementOrder/containers');
  });

  it('finalizers merge as a set; $deleteFromPrimitiveList removes', () => {
    const base = j({ metadata: { finalizers: ['a', 'b'] } });
    expect(strategicMergePatch(base, j({ metadata: { finalizers: ['b', 'c'] } }))).toEqual({ metadata: { finalizers: ['a', 'b', 'c'] } });
    expect(strategicMergePatch(base, j({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }))).toEqual({ metadata: { finalizers: ['b'] } });
  });

  it('$retainKeys drops keys not listed', () => {
    const out = strategicMergePatch(
      j({ spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } }),
      j({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }),
    );
    expect(out).toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('merges conditions by type and ownerReferences by uid', () => {
    const out = strategicMergePatch(
      j({ status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] }, metadata: { ownerReferences: [{ uid: '1', name: 'a' }] } }),
      j({ status: { conditions: [{ type: 'Ready', status: 'True' }] }, metadata: { ownerReferences: [{ uid: '2', name: 'b' }] } }),
    );
    expect(out).toEqual({
      status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] },
      metadata: { ownerReferences: [{ uid: '1', name: 'a' }, { uid: '2', name: 'b' }] },
    });
  });
});

describe('Registry patch', () => {
  it('merge-patches labels and bumps the resourceVersion', () => {
    const { registry } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('web', { labels: { app: 'web' } }));
    const out = registry.patch(podKind, 'default', 'web', 'merge', { metadata: { labels: { tier: 'fe' } } });
    expect(out.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(Number(out.metadata.resourceVersion)).toBeGreaterThan(Number(p.metadata.resourceVersion));
  });

  it('strategic-merge-patches a deployment image (kubectl set image)', () => {
    const { registry } = newRegistry();
    registry.create(deployKind, 'default', deploymentBody('web'));
    const out = registry.patch(deployKind, 'default', 'web', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    }) as unknown as { spec: { template: { spec: Pod['spec'] } } };
    expect(out.spec.template.spec!.containers).toHaveLength(1);
    // The stored pull policy was defaulted from the old image and, as in Kubernetes, stays.
    expect(out.spec.template.spec!.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'Always' });
  });

  it('json-patches replicas', () => {
    const { registry } = newRegistry();
    registry.create(deployKind, 'default', deploymentBody('web'));
    const out = registry.patch(deployKind, 'default', 'web', 'json', [{ op: 'replace', path: '/spec/replicas', value: 4 }]);
    expect((out.spec as { replicas: number }).replicas).toBe(4);
    expect(out.metadata.generation).toBe(2);
  });

  it('a patch carrying a stale resourceVersion → 409 Conflict', () => {
    const { registry } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('web'));
    registry.patch(podKind, 'default', 'web', 'merge', { metadata: { labels: { a: '1' } } });
    expect(apiStatus(() => registry.patch(podKind, 'default', 'web', 'merge', { metadata: { resourceVersion: p.metadata.resourceVersion, labels: { a: '2' } } }))).toMatchObject({
      code: 409,
      message: 'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('a patch of a missing object → 404; a non-object body → 400; a failing JSON patch → 422', () => {
    const { registry } = newRegistry();
    expect(apiStatus(() => registry.patch(podKind, 'default', 'nope', 'merge', { metadata: {} })).code).toBe(404);
    registry.create(podKind, 'default', podBody('web'));
    expect(apiStatus(() => registry.patch(podKind, 'default', 'web', 'merge', 'x')).code).toBe(400);
    expect(apiStatus(() => registry.patch(podKind, 'default', 'web', 'json', [{ op: 'remove', path: '/nope' }])).code).toBe(422);
  });

  it('cannot change kind, apiVersion, name or uid through a patch', () => {
    const { registry } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('web'));
    const out = registry.patch(podKind, 'default', 'web', 'merge', { kind: 'Service', apiVersion: 'v2', metadata: { uid: 'x', name: 'other' } });
    expect(out.kind).toBe('Pod');
    expect(out.apiVersion).toBe('v1');
    expect(out.metadata.uid).toBe(p.metadata.uid);
    expect(out.metadata.name).toBe('web');
  });

  it('a patch that changes nothing keeps the resourceVersion', () => {
    const { registry, store } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('web', { labels: { a: '1' } }));
    const rev = store.revision;
    const out = registry.patch(podKind, 'default', 'web', 'merge', { metadata: { labels: { a: '1' } } });
    expect(out.metadata.resourceVersion).toBe(p.metadata.resourceVersion);
    expect(store.revision).toBe(rev);
  });

  it('a status patch changes only status', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web'));
    const out = registry.patch(podKind, 'default', 'web', 'merge', { metadata: { labels: { x: 'y' } }, status: { phase: 'Running' } }, { subresource: 'status' });
    expect((out.status as { phase: string }).phase).toBe('Running');
    expect(out.metadata.labels).toBeUndefined();
  });

  it('apply on a missing object creates it', () => {
    const { registry } = newRegistry();
    const out = registry.patch(podKind, 'default', 'web', 'apply', { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    expect(out.metadata.name).toBe('web');
    expect(registry.get(podKind, 'default', 'web').metadata.uid).toBe(out.metadata.uid);
  });
});
