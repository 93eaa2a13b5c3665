import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import { makeEnv, waitFor, type TestEnv } from '../helpers/env.js';

/** GET on a new connection each time, as curl does: the status, the pod that answered (X-Pod-Name), the body. */
function curl(url: string): Promise<{ status: number; pod: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { 'user-agent': 'curl/8.5.0' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, pod: String(res.headers['x-pod-name']), body }));
      })
      .on('error', reject);
  });
}

/** `minik9s service` and real HTTP through a NodePort to simulated pods, with the real kubectl making the objects. */
describe('minik9s service: a NodePort reached with curl', () => {
  let t: TestEnv;
  beforeAll(() => {
    t = makeEnv();
  });
  afterAll(async () => {
    await t.cli(['delete']);
    await t.cleanup();
  });

  it('service --url prints a 127.0.0.1 URL that spreads requests over the pods; logs show them; stop closes it', async () => {
    expect((await t.cli(['start'])).exitCode).toBe(0);
    expect((await t.kubectl(['create', 'deployment', 'hello', '--image=nginx', '--replicas=3'])).exitCode).toBe(0);
    expect((await t.kubectl(['expose', 'deployment', 'hello', '--type=NodePort', '--port=80'])).exitCode).toBe(0);
    expect((await t.kubectl(['rollout', 'status', 'deploy/hello', '--timeout=60s'])).exitCode).toBe(0);
    const nodePort = (await t.kubectl(['get', 'svc', 'hello', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout;

    const r = await t.cli(['service', 'hello', '--url']);
    expect(r.exitCode, r.stderr).toBe(0);
    const url = r.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const table = await t.cli(['service', 'list']);
    expect(table.stdout).toContain(`| default     | hello      |           80 | ${url} |`);
    expect(table.stdout).toContain('| default     | kubernetes | No node port |');
    // Most often the node port itself is free here, and then the URL carries it.
    if (!url.endsWith(`:${nodePort}`)) console.warn(`node port ${nodePort} was taken on this machine; ${url} instead`);

    const pods = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const a = await curl(url);
      expect(a.status).toBe(200);
      expect(a.body).toContain('<h1>Welcome to nginx!</h1>');
      pods.set(a.pod, (pods.get(a.pod) ?? 0) + 1);
    }
    expect([...pods.values()]).toEqual([10, 10, 10]);
    // Each pod's log has the requests it answered, in nginx's access-log format.
    const [one] = [...pods.keys()];
    const logs = (await t.kubectl(['logs', one!])).stdout.split('\n').filter((l) => l.includes('"GET / HTTP/1.1" 200'));
    expect(logs).toHaveLength(10);
    expect(logs[0]).toMatch(/^10\.244\.0\.1 - - \[.+\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/8\.5\.0" "-"$/);

    // Scaled to zero: the URL still exists and refuses, and `service` says why.
    expect((await t.kubectl(['scale', 'deployment', 'hello', '--replicas=0'])).exitCode).toBe(0);
    await waitFor(async () => (await t.kubectl(['get', 'pods', '-l', 'app=hello', '-o', 'name'])).stdout.trim() === '', 'the pods gone');
    await expect(curl(url)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await t.cli(['service', 'hello', '--url'])).stderr).toContain('! service default/hello has no ready pods yet: its URL refuses connections until one is Ready');

    // Other Services: one without a node port, one that does not exist.
    const cip = await t.cli(['service', 'kubernetes']);
    expect(cip.exitCode).toBe(80);
    expect(cip.stderr).toMatch(/^X Exiting due to SVC_UNREACHABLE: service default\/kubernetes has no node port/);
    const none = await t.cli(['service', 'nope']);
    expect(none.exitCode).toBe(80);
    expect(none.stderr).toMatch(/^X Exiting due to SVC_NOT_FOUND: Service 'nope' was not found in 'default' namespace/);

    expect((await t.cli(['stop'])).exitCode).toBe(0);
    await expect(curl(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
