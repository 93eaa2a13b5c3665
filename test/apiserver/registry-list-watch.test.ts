import { describe, it, expect } from 'vitest';
import type { KubeObject, WatchEvent } from '../../src/api/types.js';
import { newRegistry, apiStatus, podBody, podKind, nsKind, deployKind, deploymentBody } from './helpers.js';

const names = (items: KubeObject[]) => items.map((o) => o.metadata.name);

function populate() {
  const env = newRegistry({ namespaces: ['default', 'other'] });
  const { registry } = env;
  registry.create(podKind, 'default', podBody('web-1', { labels: { app: 'web', tier: 'fe' }, nodeName: 'minik9s' }));
  registry.create(podKind, 'default', podBody('web-2', { labels: { app: 'web', tier: 'fe' } }));
  registry.create(podKind, 'default', podBody('api-1', { labels: { app: 'api' }, nodeName: 'minik9s' }));
  registry.create(podKind, 'default', podBody('lonely'));
  registry.create(podKind, 'other', podBody('web-9', { labels: { app: 'web' } }));
  return env;
}

describe('Registry list', () => {
  it('lists one namespace or all, sorted, with the list kind and the store revision', () => {
    const { registry, store } = populate();
    const def = registry.list(podKind, 'default');
    expect(def.kind).toBe('PodList');
    expect(def.apiVersion).toBe('v1');
    expect(def.metadata.resourceVersion).toBe(String(store.revision));
    expect(names(def.items)).toEqual(['api-1', 'lonely', 'web-1', 'web-2']);
    expect(names(registry.list(podKind, undefined).items)).toEqual(['api-1', 'lonely', 'web-1', 'web-2', 'web-9']);
    expect(registry.list(deployKind, 'default')).toMatchObject({ apiVersion: 'apps/v1', kind: 'DeploymentList', items: [] });
  });

  it.each<[string, string | undefined, string | undefined, string[]]>([
    ['label equality', 'app=web', undefined, ['web-1', 'web-2']],
    ['label set', 'app in (web,api)', undefined, ['api-1', 'web-1', 'web-2']],
    ['label absence', '!app', undefined, ['lonely']],
    ['label inequality', 'app!=web', undefined, ['api-1', 'lonely']],
    ['metadata.name', undefined, 'metadata.name=web-2', ['web-2']],
    ['metadata.namespace', undefined, 'metadata.namespace=default', ['api-1', 'lonely', 'web-1', 'web-2']],
    ['spec.nodeName', undefined, 'spec.nodeName=minik9s', ['api-1', 'web-1']],
    ['unscheduled (empty nodeName)', undefined, 'spec.nodeName=', ['lonely', 'web-2']],
    ['status.phase!=Running', undefined, 'status.phase!=Running', ['api-1', 'lonely', 'web-1', 'web-2']],
    ['both', 'app=web', 'spec.nodeName!=minik9s', ['web-2']],
  ])('selects by %s', (_name, labelSelector, fieldSelector, want) => {
    const { registry } = populate();
    expect(names(registry.list(podKind, 'default', { labelSelector, fieldSelector }).items)).toEqual(want);
  });

  it('an unsupported field selector → 400', () => {
    const { registry } = populate();
    expect(apiStatus(() => registry.list(podKind, 'default', { fieldSelector: 'spec.foo=bar' }))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'field label not supported: spec.foo',
    });
    // Deployments do not support spec.nodeName.
    expect(apiStatus(() => registry.list(deployKind, 'default', { fieldSelector: 'spec.nodeName=x' })).code).toBe(400);
  });

  it('an unparsable selector → 400', () => {
    const { registry } = populate();
    expect(apiStatus(() => registry.list(podKind, 'default', { fieldSelector: 'nonsense' })).code).toBe(400);
    const st = apiStatus(() => registry.list(podKind, 'default', { labelSelector: 'app=-bad' }));
    expect(st.code).toBe(400);
    expect(st.message).toContain('invalid label value');
  });

  it('limit/continue pages return every object exactly once, in order', () => {
    const { registry } = newRegistry({ namespaces: ['a', 'a-b', 'b'] });
    const all: string[] = [];
    for (const ns of ['a', 'a-b', 'b'])
      for (let i = 0; i < 4; i++) {
        registry.create(podKind, ns, podBody(`p${i}`));
        all.push(`${ns}/p${i}`);
      }
    const full = registry.list(podKind, undefined).items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(full.slice().sort()).toEqual(all.slice().sort());

    const seen: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const page = registry.list(podKind, undefined, { limit: 5, continue: cont });
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
      cont = page.metadata.continue;
      if (cont) expect(page.metadata.remainingItemCount).toBe(12 - seen.length);
      else expect(page.metadata.remainingItemCount).toBeUndefined();
    } while (cont && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(full);
    expect(new Set(seen).size).toBe(12);
  });

  it('limit/continue works with a selector', () => {
    const { registry } = newRegistry();
    for (let i = 0; i < 6; i++) registry.create(podKind, 'default', podBody(`p${i}`, { labels: { even: String(i % 2 === 0) } }));
    const p1 = registry.list(podKind, 'default', { labelSelector: 'even=true', limit: 2 });
    expect(names(p1.items)).toEqual(['p0', 'p2']);
    // ListMeta docs: with label or field selectors the number of remaining items is unknown and left unset.
    expect(p1.metadata.remainingItemCount).toBeUndefined();
    const p2 = registry.list(podKind, 'default', { labelSelector: 'even=true', limit: 2, continue: p1.metadata.continue });
    expect(names(p2.items)).toEqual(['p4']);
    expect(p2.metadata.continue).toBeUndefined();
  });

  it('no limit or a limit above the count returns everything without a continue token', () => {
    const { registry } = populate();
    const l = registry.list(podKind, 'default', { limit: 50 });
    expect(l.items).toHaveLength(4);
    expect(l.metadata.continue).toBeUndefined();
  });

  it('a garbage continue token → 400', () => {
    const { registry } = populate();
    expect(apiStatus(() => registry.list(podKind, 'default', { continue: 'not-a-token' })).code).toBe(400);
  });

  it('a continue token older than the kept history → 410 Expired', () => {
    const { registry } = newRegistry({ historyLimit: 10 });
    for (let i = 0; i < 4; i++) registry.create(podKind, 'default', podBody(`p${i}`));
    const p1 = registry.list(podKind, 'default', { limit: 2 });
    for (let i = 0; i < 40; i++) registry.patch(podKind, 'default', 'p0', 'merge', { metadata: { labels: { i: String(i) } } });
    const st = apiStatus(() => registry.list(podKind, 'default', { limit: 2, continue: p1.metadata.continue }));
    expect(st).toMatchObject({ code: 410, reason: 'Expired' });
  });
});

describe('Registry watch', () => {
  it('without a resourceVersion, replays the current objects as ADDED, then follows', () => {
    const { registry } = populate();
    const events: WatchEvent[] = [];
    registry.watch(podKind, 'default', {}, (e) => events.push(e));
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'api-1'],
      ['ADDED', 'lonely'],
      ['ADDED', 'web-1'],
      ['ADDED', 'web-2'],
    ]);
    registry.create(podKind, 'default', podBody('new'));
    registry.create(podKind, 'other', podBody('elsewhere'));
    expect(events.slice(4).map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'new']]);
  });

  it('from a resourceVersion, replays exactly the later changes', () => {
    const { registry } = populate();
    const rv = registry.list(podKind, 'default').metadata.resourceVersion;
    registry.patch(podKind, 'default', 'web-1', 'merge', { metadata: { labels: { x: '1' } } });
    registry.delete(podKind, 'default', 'lonely');
    const events: WatchEvent[] = [];
    registry.watch(podKind, 'default', { resourceVersion: rv }, (e) => events.push(e));
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['MODIFIED', 'web-1'],
      ['DELETED', 'lonely'],
    ]);
    expect(Number(events[1]!.object.metadata.resourceVersion)).toBeGreaterThan(Number(events[0]!.object.metadata.resourceVersion));
  });

  it('with sendInitialEvents: ADDED for each object, then a BOOKMARK marking the end of the initial events', () => {
    const { registry, store } = populate();
    const events: WatchEvent[] = [];
    registry.watch(podKind, 'default', { sendInitialEvents: true, allowWatchBookmarks: true, labelSelector: 'app=web' }, (e) => events.push(e));
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
    expect(names(events.slice(0, 2).map((e) => e.object))).toEqual(['web-1', 'web-2']);
    const bookmark = events[2]!.object;
    expect(bookmark.kind).toBe('Pod');
    expect(bookmark.apiVersion).toBe('v1');
    expect(bookmark.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    expect(bookmark.metadata.resourceVersion).toBe(String(store.revision));
    registry.create(podKind, 'default', podBody('web-3', { labels: { app: 'web' } }));
    expect(events[3]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'web-3' } } });
  });

  it('a label-selector watch sees ADDED when labels start matching and DELETED when they stop', () => {
    const { registry } = populate();
    const rv = registry.list(podKind, 'default').metadata.resourceVersion;
    const events: WatchEvent[] = [];
    registry.watch(podKind, 'default', { resourceVersion: rv, labelSelector: 'app=web' }, (e) => events.push(e));
    registry.patch(podKind, 'default', 'web-1', 'merge', { metadata: { labels: { tier: 'be' } } }); // still matches
    registry.patch(podKind, 'default', 'web-1', 'merge', { metadata: { labels: { app: 'other' } } }); // stops
    registry.patch(podKind, 'default', 'lonely', 'merge', { metadata: { labels: { app: 'web' } } }); // starts
    registry.patch(podKind, 'default', 'api-1', 'merge', { metadata: { labels: { x: 'y' } } }); // never matched
    registry.delete(podKind, 'default', 'web-1'); // deleted while not matching: nothing
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['MODIFIED', 'web-1'],
      ['DELETED', 'web-1'],
      ['ADDED', 'lonely'],
    ]);
    expect(events[1]!.object.metadata.labels?.app).toBe('other');
  });

  it('a field-selector watch follows spec.nodeName', () => {
    const { registry } = populate();
    const events: WatchEvent[] = [];
    registry.watch(podKind, undefined, { fieldSelector: 'spec.nodeName=minik9s' }, (e) => events.push(e));
    expect(names(events.map((e) => e.object))).toEqual(['api-1', 'web-1']);
    registry.createSubresource(podKind, 'default', 'web-2', 'binding', { metadata: { name: 'web-2' }, target: { kind: 'Node', name: 'minik9s' } } as KubeObject);
    expect(events[2]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'web-2' }, spec: { nodeName: 'minik9s' } } });
  });

  it('stop() ends the watch', () => {
    const { registry } = populate();
    const events: WatchEvent[] = [];
    const w = registry.watch(podKind, 'default', { resourceVersion: registry.list(podKind, 'default').metadata.resourceVersion }, (e) => events.push(e));
    w.stop();
    registry.create(podKind, 'default', podBody('after'));
    expect(events).toEqual([]);
  });

  it('a watch from a compacted resourceVersion → 410 Expired', () => {
    const { registry } = newRegistry({ historyLimit: 10 });
    const first = registry.create(podKind, 'default', podBody('p'));
    for (let i = 0; i < 30; i++) registry.patch(podKind, 'default', 'p', 'merge', { metadata: { labels: { i: String(i) } } });
    const st = apiStatus(() => registry.watch(podKind, 'default', { resourceVersion: first.metadata.resourceVersion }, () => {}));
    expect(st).toMatchObject({ code: 410, reason: 'Expired' });
    expect(st.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('a non-numeric resourceVersion → 400', () => {
    const { registry } = populate();
    expect(apiStatus(() => registry.watch(podKind, 'default', { resourceVersion: 'abc' }, () => {})).code).toBe(400);
  });

  it('an invalid field selector on a watch → 400', () => {
    const { registry } = populate();
    expect(apiStatus(() => registry.watch(podKind, 'default', { fieldSelector: 'spec.bogus=1' }, () => {})).message).toBe(
      'field label not supported: spec.bogus',
    );
  });

  it('watches cluster-scoped kinds', () => {
    const { registry } = newRegistry({ namespaces: [] });
    const events: WatchEvent[] = [];
    registry.watch(nsKind, undefined, {}, (e) => events.push(e));
    registry.create(nsKind, undefined, { metadata: { name: 'team' } });
    registry.create(deployKind, 'team', deploymentBody('d'));
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'team']]);
  });
});

describe('watch from a revision the store has not reached', () => {
  it('is refused with 504 ResourceVersionTooLarge, as kube-apiserver does, so the client relists', () => {
    const { registry, store } = newRegistry();
    const st = apiStatus(() => registry.watch(podKind, 'default', { resourceVersion: String(store.revision + 100) }, () => {}));
    expect(st).toMatchObject({
      code: 504,
      reason: 'Timeout',
      message: `Timeout: Too large resource version: ${store.revision + 100}, current: ${store.revision}`,
      details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
    });
    // The current revision itself is fine.
    const w = registry.watch(podKind, 'default', { resourceVersion: String(store.revision) }, () => {});
    w.stop();
  });
});
