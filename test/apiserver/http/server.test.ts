import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Cluster } from '../../../src/cluster/cluster.js';
import { ManualClock } from '../../../src/cluster/clock.js';
import { startApiServer, type RunningApiServer } from '../../../src/apiserver/http/server.js';
import { HttpClient } from '../../../src/client/http-client.js';
import { mustKind } from '../../../src/api/kinds.js';
import { ApiError } from '../../../src/api/api-error.js';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('the API server over HTTP', () => {
  let cluster: Cluster;
  let server: RunningApiServer;
  let clock: ManualClock;
  const req = (path: string, init: RequestInit = {}) => fetch(server.url + path, init);

  beforeAll(async () => {
    clock = new ManualClock();
    cluster = await Cluster.start({ clock });
    server = await startApiServer(cluster.registry);
    await cluster.client.create(mustKind('apps/v1', 'Deployment'), 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
    });
    await clock.advance(10_000);
  });

  afterAll(async () => {
    await server.close();
    await cluster.stop();
  });

  it('binds 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers health and version', async () => {
    for (const p of ['/healthz', '/livez', '/readyz']) expect(await (await req(p)).text()).toBe('ok');
    const v = await (await req('/version')).json();
    expect(v).toMatchObject({ major: '1', minor: '35', gitVersion: 'v1.35.1', platform: 'linux/amd64' });
  });

  it('serves aggregated discovery with short names and categories when asked', async () => {
    const r = await req('/api', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    expect(r.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const body = await r.json();
    const pods = body.items[0].versions[0].resources.find((x: { resource: string }) => x.resource === 'pods');
    expect(pods).toMatchObject({ shortNames: ['po'], categories: ['all'], scope: 'Namespaced', responseKind: { group: '', version: 'v1', kind: 'Pod' } });
    const apis = await (await req('/apis', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' } })).json();
    const apps = apis.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
    expect(apps.versions[0].resources.map((x: { resource: string }) => x.resource)).toEqual(expect.arrayContaining(['deployments', 'replicasets']));
    // The legacy documents too.
    expect((await (await req('/api')).json()).versions).toEqual(['v1']);
    expect((await (await req('/apis/apps/v1')).json()).resources.map((x: { name: string }) => x.name)).toContain('deployments/scale');
  });

  it('answers lists as Tables with PartialObjectMetadata rows when kubectl asks', async () => {
    const t = await (await req('/api/v1/namespaces/default/pods?limit=500', { headers: { Accept: TABLE_ACCEPT } })).json();
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0].cells.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    expect(t.rows[0].object.kind).toBe('PartialObjectMetadata');
    const none = await (await req('/api/v1/namespaces/default/pods?includeObject=None', { headers: { Accept: TABLE_ACCEPT } })).json();
    expect(none.rows[0].object).toBeUndefined();
  });

  it('pages lists with limit and continue', async () => {
    const first = await (await req('/api/v1/pods?limit=3')).json();
    expect(first.items).toHaveLength(3);
    expect(first.metadata.continue).toBeTruthy();
    const names = first.items.map((p: { metadata: { name: string } }) => p.metadata.name);
    let cont = first.metadata.continue;
    while (cont) {
      const next = await (await req(`/api/v1/pods?limit=3&continue=${encodeURIComponent(cont)}`)).json();
      names.push(...next.items.map((p: { metadata: { name: string } }) => p.metadata.name));
      cont = next.metadata.continue;
    }
    const all = await (await req('/api/v1/pods')).json();
    expect(names).toEqual(all.items.map((p: { metadata: { name: string } }) => p.metadata.name));
  });

  it('answers every bad request with a Status, never a 500', async () => {
    const cases: [string, RequestInit, number, string][] = [
      ['/api/v1/namespaces/default/pods', { method: 'POST', body: '{not json', headers: { 'Content-Type': 'application/json' } }, 400, 'BadRequest'],
      ['/api/v1/namespaces/default/pods', { method: 'POST', body: 'x', headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' } }, 400, 'BadRequest'],
      ['/api/v1/namespaces/default/pods', { method: 'POST', body: 'x', headers: { 'Content-Type': 'application/cbor' } }, 415, 'UnsupportedMediaType'],
      ['/api/v1/namespaces/default/pods', { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} }), headers: { 'Content-Type': 'application/json' } }, 422, 'Invalid'],
      ['/api/v1/namespaces/default/pods', { method: 'POST', body: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Pod', metadata: { name: 'p' } }), headers: { 'Content-Type': 'application/json' } }, 400, 'BadRequest'],
      ['/api/v1/namespaces/default/widgets', {}, 404, 'NotFound'],
      ['/api/v1/namespaces/default/pods?labelSelector=a%20in%20(', {}, 400, 'BadRequest'],
      ['/api/v1/namespaces/default/pods?fieldSelector=spec.nope%3Dx', {}, 400, 'BadRequest'],
      ['/api/v1/namespaces/default/pods/nosuch', { method: 'DELETE' }, 404, 'NotFound'],
      ['/apis/apps/v1/namespaces/default/deployments/web', { method: 'PATCH', body: '{}', headers: { 'Content-Type': 'text/plain' } }, 415, 'UnsupportedMediaType'],
      ['/api/v1/namespaces/default/pods', { method: 'POST', body: 'x'.repeat(3 * 1024 * 1024 + 1), headers: { 'Content-Type': 'application/json' } }, 413, 'RequestEntityTooLarge'],
      ['/api/v1/namespaces/default/pods?watch=true&resourceVersion=abc', {}, 400, 'BadRequest'],
    ];
    for (const [path, init, code, reason] of cases) {
      const r = await req(path, init);
      const body = await r.json();
      expect({ path, code: r.status, reason: body.reason, kind: body.kind }).toEqual({ path, code, reason, kind: 'Status' });
    }
    expect((await req('/healthz')).status).toBe(200); // still answering
  });

  it('streams watches, as Tables too, and the HTTP client reads them', async () => {
    const client = new HttpClient({ server: server.url });
    const podKind = mustKind('v1', 'Pod');
    const list = await client.list(podKind, 'default');
    const seen: string[] = [];
    const w = client.watch(podKind, 'default', { resourceVersion: list.metadata.resourceVersion }, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    await client.create(podKind, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'watched' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const deadline = Date.now() + 5000;
    while (!seen.includes('ADDED watched') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    w.stop();
    await w.done;
    expect(seen[0]).toBe('ADDED watched');
    await expect(client.get(podKind, 'default', 'nope')).rejects.toBeInstanceOf(ApiError);
    client.close();
  });
});
