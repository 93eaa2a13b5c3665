import { describe, it, expect, afterEach } from 'vitest';
import { hostCluster, type HostedCluster } from '../../src/cluster/host.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { deployment, deployKind, seeded } from '../controllers/helpers.js';
import { httpGet } from '../helpers/http.js';

const svcKind = mustKind('v1', 'Service');
const ingKind = mustKind('networking.k8s.io/v1', 'Ingress');

let h: HostedCluster | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const backend = (name: string, port: number) => ({ service: { name, port: { number: port } } });
const rule = (host: string | undefined, paths: [string, 'Prefix' | 'Exact', string][]) => ({
  ...(host ? { host } : {}),
  http: { paths: paths.map(([path, pathType, svc]) => ({ path, pathType, backend: backend(svc, 5678) })) },
});
const ingress = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec } as KubeObject);

/** One http-echo Deployment + Service per name, each answering its own name. */
async function echoes(c: HostedCluster['cluster'], names: string[]) {
  for (const n of names) {
    await c.client.create(deployKind, 'default', deployment(n, 1, 'hashicorp/http-echo', {
      template: { metadata: { labels: { app: n } }, spec: { containers: [{ name: 'echo', image: 'hashicorp/http-echo', args: [`-text=${n}`] }] } },
    }));
    await c.client.create(svcKind, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: n }, spec: { selector: { app: n }, ports: [{ port: 5678 }] } } as KubeObject);
  }
}

const get = (url: string, host: string) => httpGet(url, { headers: { host } });

describe('the ingress addon routes requests: client → ingress → rule → Service → pod', () => {
  it('by host (exact, wildcard, none) and path (Exact before Prefix, the longest), with default backends, 404 and 503', async () => {
    const clock = new ManualClock();
    h = await hostCluster({ clock, random: seeded() });
    const c = h.cluster;
    expect(await c.setAddon('ingress', true)).toBeUndefined();
    await echoes(c, ['app', 'api', 'api-v2', 'exact', 'wild', 'catchall', 'fallback']);
    await c.client.create(svcKind, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nobody' }, spec: { selector: { app: 'nobody' }, ports: [{ port: 5678 }] } } as KubeObject);
    await c.client.create(ingKind, 'default', ingress('shop', {
      rules: [
        rule('shop.example', [['/', 'Prefix', 'app'], ['/api', 'Prefix', 'api'], ['/api/v2', 'Prefix', 'api-v2'], ['/login', 'Exact', 'exact'], ['/down', 'Prefix', 'nobody']]),
        rule('*.shop.example', [['/', 'Prefix', 'wild']]),
      ],
    }));
    await c.client.create(ingKind, 'default', ingress('rest', { defaultBackend: backend('fallback', 5678), rules: [rule(undefined, [['/any', 'Prefix', 'catchall']])] }));
    await clock.advance(30_000);
    await h.nodePorts.sync();
    const url = h.nodePorts.list().find((u) => u.name === 'ingress-nginx-controller' && u.port === 80)!.url;
    const cases: [string, string, number, string][] = [
      ['shop.example', '/', 200, 'app'],
      ['shop.example', '/cart', 200, 'app'],
      ['shop.example', '/api', 200, 'api'],
      ['shop.example', '/api/users', 200, 'api'],
      ['shop.example', '/apix', 200, 'app'], // Prefix matches whole path elements
      ['shop.example', '/api/v2/items', 200, 'api-v2'], // the longest path wins
      ['shop.example', '/login', 200, 'exact'],
      ['shop.example', '/login/x', 200, 'app'], // Exact is exact
      ['eu.shop.example', '/', 200, 'wild'],
      ['a.b.shop.example', '/any', 200, 'catchall'], // a wildcard is one label; the host-less rule takes it
      ['other.example', '/any/thing', 200, 'catchall'],
      ['other.example', '/', 200, 'fallback'], // nothing matches: a default backend
      ['shop.example:8080', '/api', 200, 'api'], // the port in Host is not part of the host
    ];
    for (const [host, path, status, who] of cases) {
      const r = await get(url + path, host);
      expect([host, path, r.status, r.body.trim()]).toEqual([host, path, status, who]);
    }
    // A backend Service without ready pods: 503 from the controller's nginx.
    const down = await get(`${url}/down`, 'shop.example');
    expect(down.status).toBe(503);
    expect(down.body).toContain('<center><h1>503 Service Temporarily Unavailable</h1></center>');
    // No default backend anywhere: 404.
    await c.client.delete(ingKind, 'default', 'rest');
    await c.settle();
    const lost = await get(`${url}/`, 'other.example');
    expect(lost.status).toBe(404);
    expect(lost.body).toContain('<center><h1>404 Not Found</h1></center>');
  });
});
