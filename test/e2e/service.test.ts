import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execa } from 'execa';
import { BIN, makeEnv, table, waitFor, type TestEnv } from '../helpers/env.js';
import { httpGet } from '../helpers/http.js';

/** curl is a GET on a new connection, as curl sends it. */
const curl = (url: string) => httpGet(url, { headers: { 'user-agent': 'curl/8.5.0' } });

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

  it('tunnel: LoadBalancer Services get EXTERNAL-IP 127.0.0.1 and their port while it runs, <pending> before and after', async () => {
    expect((await t.cli(['start'])).exitCode).toBe(0);
    expect((await t.kubectl(['create', 'deployment', 'lb', '--image=httpd'])).exitCode).toBe(0);
    // A high port, so that no privilege is needed to serve it.
    expect((await t.kubectl(['expose', 'deployment', 'lb', '--type=LoadBalancer', '--port=18080', '--target-port=80'])).exitCode).toBe(0);
    expect((await t.kubectl(['rollout', 'status', 'deploy/lb', '--timeout=60s'])).exitCode).toBe(0);
    const external = async () => table((await t.kubectl(['get', 'svc', 'lb', '--no-headers'])).stdout)[0]![3];
    expect(await external()).toBe('<pending>');

    const tunnel = execa(process.execPath, [BIN, 'tunnel'], { env: t.env, reject: false, stdin: 'ignore' });
    let printed = '';
    tunnel.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
    try {
      await waitFor(() => printed.includes('* Starting tunnel for service lb: http://127.0.0.1:'), 'the tunnel for lb');
      expect(printed.startsWith('* Tunnel successfully started\n')).toBe(true);
      const url = /Starting tunnel for service lb: (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)![1]!;
      await waitFor(async () => (await external()) === '127.0.0.1', 'EXTERNAL-IP 127.0.0.1');
      const r = await curl(`${url}/`);
      expect(r.status).toBe(200);
      expect(r.body).toContain('<h1>It works!</h1>');
      expect(r.pod).toMatch(/^lb-/);
    } finally {
      tunnel.kill('SIGINT');
    }
    expect((await tunnel).exitCode).toBe(0);
    await waitFor(async () => (await external()) === '<pending>', 'EXTERNAL-IP back to <pending>');
    await expect(curl('http://127.0.0.1:18080/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
