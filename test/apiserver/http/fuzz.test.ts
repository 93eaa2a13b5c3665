import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Cluster } from '../../../src/cluster/cluster.js';
import { ManualClock } from '../../../src/cluster/clock.js';
import { startApiServer, type RunningApiServer } from '../../../src/apiserver/http/server.js';
import { KINDS, apiVersionOf } from '../../../src/api/kinds.js';
import { seeded } from '../../helpers/fixtures.js';

/**
 * A fuzz test: thousands of random requests (paths, verbs, queries and bodies from a small grammar, mutated)
 * to the HTTP API on loopback. The server must answer every one with a status below 500 and keep answering.
 */
describe('the API server under random requests', () => {
  let cluster: Cluster;
  let server: RunningApiServer;
  const REQUESTS = 3000;

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: new ManualClock() });
    server = await startApiServer(cluster.registry, { nodes: cluster });
  });

  afterAll(async () => {
    await server.close();
    await cluster.stop();
  });

  it(`answers ${REQUESTS} random requests without a 5xx`, async () => {
    const rnd = seeded(1234);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const names = ['web', 'x', '', 'UPPER', 'a'.repeat(300), 'ns%2Fslash', '..', 'hello-1', 'kube-system', '%00', 'é'];
    const namespaces = ['default', 'kube-system', 'nope', 'Bad_NS', ''];
    const subs = ['', 'status', 'scale', 'log', 'binding', 'eviction', 'exec', 'nosuch', 'finalize'];
    const junk = [null, 0, -1, 1e308, '', 'x', true, [], {}, [1, 'a'], { a: { b: { c: [] } } }, 'a'.repeat(10_000)];
    const queries = [
      '', 'labelSelector=app%3Dweb', 'labelSelector=a%20in%20(', 'labelSelector=%21%21', 'fieldSelector=metadata.name%3Dx',
      'fieldSelector=spec.nope%3D1', 'limit=2', 'limit=-5', 'limit=abc', 'continue=garbage', 'resourceVersion=abc',
      'resourceVersion=999999999', 'dryRun=All', 'gracePeriodSeconds=-3', 'propagationPolicy=Sideways', 'includeObject=Object',
      'watch=true&timeoutSeconds=1', 'watch=true&resourceVersion=1', 'watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan',
      'tailLines=x', 'container=nope', 'follow=false', 'force=true&fieldManager=fuzz',
    ];
    const contentTypes = ['application/json', 'application/yaml', 'application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'application/vnd.kubernetes.protobuf', 'text/plain'];

    function mutate(v: unknown, depth = 0): unknown {
      if (depth > 4) return pick(junk);
      if (Array.isArray(v)) return rnd() < 0.2 ? pick(junk) : v.map((x) => mutate(x, depth + 1));
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          const r = rnd();
          if (r < 0.08) continue; // drop a field
          out[r < 0.12 ? `${k}x` : k] = r < 0.25 ? pick(junk) : mutate(x, depth + 1);
        }
        if (rnd() < 0.1) out[pick(['extra', 'status', 'metadata', 'spec'])] = pick(junk);
        return out;
      }
      return rnd() < 0.3 ? pick(junk) : v;
    }

    function body(kind: (typeof KINDS)[number], name: string): string | Buffer | undefined {
      const r = rnd();
      if (r < 0.1) return undefined;
      if (r < 0.15) return '{"unterminated": ';
      if (r < 0.2) return Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff, 0x01]);
      if (r < 0.25) return JSON.stringify([{ op: pick(['add', 'remove', 'replace', 'move', 'bogus']), path: pick(['/spec', '/metadata/labels/x', '', '/a/b/c']), value: pick(junk) }]);
      const base = {
        apiVersion: apiVersionOf(kind),
        kind: kind.kind,
        metadata: { name, labels: { app: 'web' } },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, containers: [{ name: 'c', image: 'nginx' }], ports: [{ port: 80 }], type: 'ClusterIP' },
        data: { k: 'v' },
        target: { kind: 'Node', name: 'minik9s' },
      };
      return JSON.stringify(mutate(base));
    }

    const failures: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const kind = pick(KINDS);
      const ns = kind.namespaced ? pick(namespaces) : '';
      const name = rnd() < 0.2 ? '' : pick(names);
      const sub = name ? pick(subs) : '';
      let path = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
      if (ns) path += `/namespaces/${ns}`;
      path += `/${rnd() < 0.05 ? 'widgets' : kind.resource}`;
      if (name) path += `/${name}`;
      if (sub) path += `/${sub}`;
      if (rnd() < 0.05) path = pick(['/api', '/apis', '/apis/apps', '/apis/nope/v1', '/openapi/v3', '/openapi/v3/apis/apps/v1', '/version', '/api/v1/namespaces', '//', '/apis/metrics.k8s.io/v1beta1/pods', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope']);
      const q = pick(queries);
      const method = pick(['GET', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
      const b = method === 'GET' || method === 'HEAD' ? undefined : body(kind, name || 'web');
      const controller = new AbortController();
      const timer = q.includes('watch=true') ? setTimeout(() => controller.abort(), 30) : undefined;
      try {
        const res = await fetch(`${server.url}${path}${q ? `?${q}` : ''}`, {
          method,
          body: b,
          headers: { 'Content-Type': pick(contentTypes), Accept: rnd() < 0.3 ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json' },
          signal: controller.signal,
        });
        if (res.status >= 500) failures.push(`${method} ${path}?${q} -> ${res.status} ${await res.text()}`);
        else await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        if (!controller.signal.aborted) failures.push(`${method} ${path}?${q} -> ${String(err)}`);
      } finally {
        if (timer) clearTimeout(timer);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // The cluster itself still works after the storm.
    const pods = await (await fetch(`${server.url}/api/v1/namespaces/kube-system/pods`)).json();
    expect(pods.items.length).toBeGreaterThan(3);
  }, 120_000);
});
