import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeEnv, table, type TestEnv } from '../helpers/env.js';
import { httpGet } from '../helpers/http.js';

/** `minikube addons enable ingress`, as a learner follows it: the controller, the class, ADDRESS, the Sync event. */
describe('the ingress addon with the real kubectl', () => {
  let t: TestEnv;
  beforeAll(() => {
    t = makeEnv();
  });
  afterAll(async () => {
    await t.cli(['delete']);
    await t.cleanup();
  });

  it('enable waits for the controller; Ingresses get the default class, the node address and a Sync event; it survives a restart; disable removes it', async () => {
    expect((await t.cli(['start'])).exitCode).toBe(0);
    const on = await t.cli(['addons', 'enable', 'ingress']);
    expect(on.exitCode, on.stderr).toBe(0);
    expect(on.stdout).toBe("  - Using image registry.k8s.io/ingress-nginx/controller:v1.13.2\n* Verifying ingress addon...\n* The 'ingress' addon is enabled\n");
    const pods = table((await t.kubectl(['get', 'pods', '-n', 'ingress-nginx', '--no-headers'])).stdout);
    expect(pods).toHaveLength(1);
    expect(pods[0]!.slice(0, 3)).toEqual([expect.stringMatching(/^ingress-nginx-controller-/), '1/1', 'Running']);
    expect(table((await t.kubectl(['get', 'ingressclass', '--no-headers'])).stdout)).toEqual([['nginx', 'k8s.io/ingress-nginx', '<none>', expect.any(String)]]);

    expect((await t.kubectl(['create', 'deployment', 'web', '--image=nginx'])).exitCode).toBe(0);
    expect((await t.kubectl(['expose', 'deployment', 'web', '--port=80'])).exitCode).toBe(0);
    expect((await t.kubectl(['create', 'ingress', 'web', '--rule=web.example/*=web:80'])).exitCode).toBe(0);
    let row: string[] = [];
    for (let i = 0; i < 50 && row[3] !== '192.168.49.2'; i++) {
      row = table((await t.kubectl(['get', 'ingress', 'web', '--no-headers'])).stdout)[0]!;
      if (row[3] !== '192.168.49.2') await new Promise((r) => setTimeout(r, 100));
    }
    // CLASS is nginx: the DefaultIngressClass admission filled it in.
    expect(row.slice(0, 5)).toEqual(['web', 'nginx', 'web.example', '192.168.49.2', '80']);
    expect((await t.kubectl(['describe', 'ingress', 'web'])).stdout).toMatch(/Normal\s+Sync\s+\S+\s+nginx-ingress-controller\s+Scheduled for sync/);

    // A request through the controller's node port, by Host: ingress → rule → Service → a web pod.
    expect((await t.kubectl(['rollout', 'status', 'deploy/web', '--timeout=60s'])).exitCode).toBe(0);
    const urls = (await t.cli(['service', 'ingress-nginx-controller', '-n', 'ingress-nginx', '--url'])).stdout.trim().split('\n');
    expect(urls).toHaveLength(2); // http and https
    const reply = await httpGet(urls[0]!, { headers: { host: 'web.example' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatch(/served by pod <strong>web-[a-z0-9]+-[a-z0-9]{5}<\/strong>/);
    const access = (await t.kubectl(['logs', '-n', 'ingress-nginx', 'deploy/ingress-nginx-controller', '--tail=1'])).stdout;
    expect(access).toMatch(/"GET \/ HTTP\/1\.1" 200 \d+ "-" "-" \d+ 0\.001 \[default-web-80\] \[\] 10\.244\.\d+\.\d+:80 /);

    expect((await t.cli(['stop'])).exitCode).toBe(0);
    expect((await t.cli(['start'])).exitCode).toBe(0);
    expect((await t.cli(['addons', 'list'])).stdout).toMatch(/\|\s+ingress\s+\| minik9s \| enabled ✅ \|/);
    expect((await t.kubectl(['get', 'ingress', 'web', '-o', 'jsonpath={.spec.ingressClassName}'])).stdout).toBe('nginx');

    const off = await t.cli(['addons', 'disable', 'ingress']);
    expect(off.exitCode, off.stderr).toBe(0);
    expect((await t.kubectl(['get', 'ingressclass', '-o', 'name'])).stdout.trim()).toBe('');
    let address = 'x';
    for (let i = 0; i < 100 && address !== ''; i++) {
      address = (await t.kubectl(['get', 'ingress', 'web', '-o', 'jsonpath={.status.loadBalancer.ingress[*].ip}'])).stdout;
      if (address) await new Promise((r) => setTimeout(r, 100));
    }
    expect(address).toBe('');
  });
});
