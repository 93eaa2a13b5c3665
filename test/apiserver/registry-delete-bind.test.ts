import { describe, it, expect } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject, WatchEvent } from '../../src/api/types.js';
import { newRegistry, apiStatus, podBody, podKind, deployKind, deploymentBody } from './helpers.js';

const binding = (pod: string, node = 'minik9s'): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: pod }, target: { apiVersion: 'v1', kind: 'Node', name: node } }) as KubeObject;

describe('Registry pod deletion', () => {
  it('a scheduled pod gets deletionTimestamp = now + 30 s and deletionGracePeriodSeconds 30, and stays', () => {
    const { registry } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('web', { nodeName: 'minik9s' }));
    const d = registry.delete(podKind, 'default', 'web');
    expect(d.metadata.deletionTimestamp).toBe('2026-01-01T00:00:30Z');
    expect(d.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(d.metadata.generation).toBe((p.metadata.generation ?? 0) + 1);
    const cur = registry.get(podKind, 'default', 'web');
    expect(cur.metadata.deletionTimestamp).toBe('2026-01-01T00:00:30Z');
  });

  it('uses the pod\'s terminationGracePeriodSeconds, or the one in the delete options', () => {
    const { registry } = newRegistry();
    const body = podBody('a', { nodeName: 'minik9s' });
    (body.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds = 5;
    registry.create(podKind, 'default', body);
    expect(registry.delete(podKind, 'default', 'a').metadata.deletionGracePeriodSeconds).toBe(5);
    registry.create(podKind, 'default', podBody('b', { nodeName: 'minik9s' }));
    const b = registry.delete(podKind, 'default', 'b', { gracePeriodSeconds: 10 });
    expect(b.metadata.deletionGracePeriodSeconds).toBe(10);
    expect(b.metadata.deletionTimestamp).toBe('2026-01-01T00:00:10Z');
  });

  it('an unscheduled pod goes at once', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web'));
    const events: WatchEvent[] = [];
    registry.watch(podKind, 'default', { resourceVersion: registry.list(podKind, 'default').metadata.resourceVersion }, (e) => events.push(e));
    registry.delete(podKind, 'default', 'web');
    expect(apiStatus(() => registry.get(podKind, 'default', 'web')).code).toBe(404);
    expect(events.map((e) => e.type)).toEqual(['DELETED']);
  });

  it('grace period 0 removes a scheduled pod at once', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web', { nodeName: 'minik9s' }));
    registry.delete(podKind, 'default', 'web', { gracePeriodSeconds: 0 });
    expect(apiStatus(() => registry.get(podKind, 'default', 'web')).code).toBe(404);
  });

  it('a finished pod goes at once', () => {
    const { registry } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('job', { nodeName: 'minik9s' }));
    registry.update(podKind, 'default', 'job', { ...structuredClone(p), status: { phase: 'Succeeded' } }, { subresource: 'status' });
    registry.delete(podKind, 'default', 'job');
    expect(apiStatus(() => registry.get(podKind, 'default', 'job')).code).toBe(404);
  });

  it('a second delete keeps the first deadline; a shorter grace period hurries it; 0 removes it', () => {
    const { registry, store } = newRegistry();
    registry.create(podKind, 'default', podBody('web', { nodeName: 'minik9s' }));
    const first = registry.delete(podKind, 'default', 'web');
    const rev = store.revision;
    const again = registry.delete(podKind, 'default', 'web');
    expect(again.metadata.deletionTimestamp).toBe(first.metadata.deletionTimestamp);
    expect(store.revision).toBe(rev);
    const hurried = registry.delete(podKind, 'default', 'web', { gracePeriodSeconds: 2 });
    expect(hurried.metadata.deletionTimestamp).toBe('2026-01-01T00:00:02Z');
    expect(hurried.metadata.deletionGracePeriodSeconds).toBe(2);
    registry.delete(podKind, 'default', 'web', { gracePeriodSeconds: 0 });
    expect(apiStatus(() => registry.get(podKind, 'default', 'web')).code).toBe(404);
  });

  // kube-apiserver deletes on update only when the old object's deletionGracePeriodSeconds is 0 (or unset)
  // (ShouldDeleteDuringUpdate); a status write by the kubelet during the grace period must not remove the pod.
  it('a status update of a pod within its grace period keeps the pod', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web', { nodeName: 'minik9s' }));
    const d = registry.delete(podKind, 'default', 'web');
    registry.update(podKind, 'default', 'web', { ...structuredClone(d), status: { phase: 'Running' } }, { subresource: 'status' });
    expect(registry.get(podKind, 'default', 'web').metadata.deletionTimestamp).toBe('2026-01-01T00:00:30Z');
  });

  it('a label change on a pod within its grace period keeps the pod', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web', { nodeName: 'minik9s' }));
    registry.delete(podKind, 'default', 'web');
    registry.patch(podKind, 'default', 'web', 'merge', { metadata: { labels: { x: 'y' } } });
    expect(registry.get(podKind, 'default', 'web').metadata.labels).toEqual({ x: 'y' });
  });

  it('delete of a missing object → 404', () => {
    const { registry } = newRegistry();
    expect(apiStatus(() => registry.delete(podKind, 'default', 'nope'))).toMatchObject({ code: 404, message: 'pods "nope" not found' });
  });

  it('preconditions: a wrong uid or resourceVersion → 409 with the apiserver wording', () => {
    const { registry } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('web'));
    expect(apiStatus(() => registry.delete(podKind, 'default', 'web', { preconditions: { uid: 'abc' } }))).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on pods "web": Precondition failed: UID in precondition: abc, UID in object meta: ${p.metadata.uid}`,
    });
    expect(apiStatus(() => registry.delete(podKind, 'default', 'web', { preconditions: { resourceVersion: '1' } })).message).toBe(
      `Operation cannot be fulfilled on pods "web": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${p.metadata.resourceVersion}`,
    );
    registry.delete(podKind, 'default', 'web', { preconditions: { uid: p.metadata.uid } });
    expect(apiStatus(() => registry.get(podKind, 'default', 'web')).code).toBe(404);
  });
});

describe('Registry finalizers and propagation', () => {
  it('finalizers hold an object until the last one is removed', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web', { finalizers: ['example.com/a', 'example.com/b'] }));
    const events: WatchEvent[] = [];
    registry.watch(podKind, 'default', { resourceVersion: registry.list(podKind, 'default').metadata.resourceVersion }, (e) => events.push(e));

    const d = registry.delete(podKind, 'default', 'web');
    expect(d.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(d.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(registry.get(podKind, 'default', 'web').metadata.finalizers).toEqual(['example.com/a', 'example.com/b']);

    registry.patch(podKind, 'default', 'web', 'merge', { metadata: { finalizers: ['example.com/b'] } });
    expect(registry.get(podKind, 'default', 'web').metadata.finalizers).toEqual(['example.com/b']);

    registry.patch(podKind, 'default', 'web', 'merge', { metadata: { finalizers: null } });
    expect(apiStatus(() => registry.get(podKind, 'default', 'web')).code).toBe(404);
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'DELETED']);
  });

  it('a delete while finalizers hold the object does not remove it', () => {
    const { registry } = newRegistry();
    registry.create(deployKind, 'default', { ...deploymentBody('web'), metadata: { name: 'web', finalizers: ['example.com/hold'] } });
    registry.delete(deployKind, 'default', 'web');
    registry.delete(deployKind, 'default', 'web');
    expect(registry.get(deployKind, 'default', 'web').metadata.deletionTimestamp).toBeDefined();
  });

  it.each<['Orphan' | 'Foreground', string]>([
    ['Orphan', 'orphan'],
    ['Foreground', 'foregroundDeletion'],
  ])('propagationPolicy %s adds the %s finalizer', (policy, finalizer) => {
    const { registry } = newRegistry();
    registry.create(deployKind, 'default', deploymentBody('web'));
    const d = registry.delete(deployKind, 'default', 'web', { propagationPolicy: policy });
    expect(d.metadata.finalizers).toEqual([finalizer]);
    expect(d.metadata.deletionTimestamp).toBeDefined();
    expect(registry.get(deployKind, 'default', 'web').metadata.finalizers).toEqual([finalizer]);
  });

  it('Background (default) removes an object without finalizers at once', () => {
    const { registry } = newRegistry();
    registry.create(deployKind, 'default', deploymentBody('web'));
    registry.delete(deployKind, 'default', 'web', { propagationPolicy: 'Background' });
    expect(apiStatus(() => registry.get(deployKind, 'default', 'web')).code).toBe(404);
  });

  it('deleteCollection deletes the selected objects only', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('a', { labels: { app: 'x' } }));
    registry.create(podKind, 'default', podBody('b', { labels: { app: 'x' } }));
    registry.create(podKind, 'default', podBody('c', { labels: { app: 'y' } }));
    const out = registry.deleteCollection(podKind, 'default', { labelSelector: 'app=x' }, {});
    expect(out.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(registry.list(podKind, 'default').items.map((o) => o.metadata.name)).toEqual(['c']);
  });
});

describe('Registry pods/binding', () => {
  it('sets nodeName and a PodScheduled=True condition', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web'));
    const res = registry.createSubresource(podKind, 'default', 'web', 'binding', binding('web'));
    expect(res).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    const p = registry.get(podKind, 'default', 'web') as unknown as Pod;
    expect(p.spec!.nodeName).toBe('minik9s');
    const sched = p.status!.conditions!.filter((c) => c.type === 'PodScheduled');
    expect(sched).toHaveLength(1);
    expect(sched[0]).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' });
  });

  it('replaces an earlier PodScheduled=False condition', () => {
    const { registry } = newRegistry();
    const p = registry.create(podKind, 'default', podBody('web'));
    registry.update(
      podKind,
      'default',
      'web',
      { ...structuredClone(p), status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } },
      { subresource: 'status' },
    );
    registry.createSubresource(podKind, 'default', 'web', 'binding', binding('web'));
    const conds = (registry.get(podKind, 'default', 'web') as unknown as Pod).status!.conditions!;
    expect(conds.filter((c) => c.type === 'PodScheduled').map((c) => c.status)).toEqual(['True']);
  });

  it('a second binding → 409 Conflict and keeps the first node', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web'));
    registry.createSubresource(podKind, 'default', 'web', 'binding', binding('web', 'minik9s'));
    const st = apiStatus(() => registry.createSubresource(podKind, 'default', 'web', 'binding', binding('web', 'other')));
    expect(st.code).toBe(409);
    expect(st.reason).toBe('Conflict');
    expect(st.message).toContain('pod web is already assigned to node "minik9s"');
    expect((registry.get(podKind, 'default', 'web') as unknown as Pod).spec!.nodeName).toBe('minik9s');
  });

  // BindingREST wraps the error as errors.NewConflict(api.Resource("pods/binding"), ...).
  it('words the double-binding conflict as kube-apiserver does (pods/binding)', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web'));
    registry.createSubresource(podKind, 'default', 'web', 'binding', binding('web'));
    const st = apiStatus(() => registry.createSubresource(podKind, 'default', 'web', 'binding', binding('web', 'other')));
    expect(st.message).toBe('Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "minik9s"');
  });

  it('binding a missing pod → 404; a pod being deleted → 409; no target → 422', () => {
    const { registry } = newRegistry();
    expect(apiStatus(() => registry.createSubresource(podKind, 'default', 'nope', 'binding', binding('nope'))).code).toBe(404);
    registry.create(podKind, 'default', podBody('fin', { finalizers: ['example.com/x'] }));
    registry.delete(podKind, 'default', 'fin');
    const st = apiStatus(() => registry.createSubresource(podKind, 'default', 'fin', 'binding', binding('fin')));
    expect(st.code).toBe(409);
    expect(st.message).toContain('pod fin is being deleted, cannot be assigned to a host');
    registry.create(podKind, 'default', podBody('web'));
    expect(apiStatus(() => registry.createSubresource(podKind, 'default', 'web', 'binding', { metadata: { name: 'web' } })).code).toBe(422);
  });

  it('an unknown subresource → 404', () => {
    const { registry } = newRegistry();
    registry.create(podKind, 'default', podBody('web'));
    expect(apiStatus(() => registry.createSubresource(podKind, 'default', 'web', 'nosuch', binding('web'))).code).toBe(404);
  });
});
