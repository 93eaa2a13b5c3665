import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execa } from 'execa';
import { makeEnv, waitFor, table, type TestEnv } from '../helpers/env.js';
import { KUBECTL } from '../setup/tools.js';
import { clientFromKubeconfig } from '../../src/client/kubeconfig.js';
import { applySample } from '../../src/cli/sample.js';

const AGE = /^\d+[smhdy]/;

describe('the real kubectl 1.35 against a started cluster', () => {
  let t: TestEnv;
  let helloPods: string[] = [];

  beforeAll(async () => {
    t = makeEnv();
    const r = await t.cli(['start']);
    expect(r.exitCode, r.stderr).toBe(0);
    const { client } = await clientFromKubeconfig({ kubeconfig: t.env.KUBECONFIG });
    expect(await applySample(client)).toEqual(['deployment/hello', 'service/hello']);
    client.close();
    helloPods = await waitFor(async () => {
      const out = await t.kubectl(['get', 'pods', '--no-headers']);
      const rows = table(out.stdout).filter((r) => r[0]?.startsWith('hello-'));
      return rows.length === 3 && rows.every((r) => r[2] === 'Running') ? rows.map((r) => r[0]!) : undefined;
    }, 'the three hello pods to run');
  });

  afterAll(async () => {
    await t.cli(['stop']);
    await t.cleanup();
  });

  it('get nodes: the node is Ready with role control-plane', async () => {
    const r = await t.kubectl(['get', 'nodes']);
    expect(r.exitCode).toBe(0);
    const [head, row] = table(r.stdout);
    expect(head).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(row?.slice(0, 3)).toEqual(['minik9s', 'Ready', 'control-plane']);
    expect(row?.[3]).toMatch(AGE);
    expect(row?.[4]).toBe('v1.35.1');
  });

  it('get pods prints the real columns', async () => {
    const r = await t.kubectl(['get', 'pods']);
    const rows = table(r.stdout);
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows).toHaveLength(4);
    for (const row of rows.slice(1)) {
      expect(row[0]).toMatch(/^hello-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(row.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
      expect(row[4]).toMatch(AGE);
    }
  });

  it('get pods -o wide adds IP, node, nominated node and readiness gates', async () => {
    const rows = table((await t.kubectl(['get', 'pods', '-o', 'wide'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    for (const row of rows.slice(1)) {
      expect(row[5]).toMatch(/^10\.244\.0\.\d+$/);
      expect(row.slice(6)).toEqual(['minik9s', '<none>', '<none>']);
    }
  });

  it('get pods -A lists the kube-system pods of a minikube node', async () => {
    const rows = table((await t.kubectl(['get', 'pods', '-A'])).stdout);
    expect(rows[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const names = rows.slice(1).map((r) => `${r[0]}/${r[1]}`);
    for (const n of ['etcd-minik9s', 'kube-apiserver-minik9s', 'kube-controller-manager-minik9s', 'kube-scheduler-minik9s', 'storage-provisioner'])
      expect(names).toContain(`kube-system/${n}`);
    expect(names.some((n) => /^kube-system\/coredns-\w+-\w{5}$/.test(n))).toBe(true);
    expect(names.some((n) => /^kube-system\/kube-proxy-\w{5}$/.test(n))).toBe(true);
    expect(names.filter((n) => n.startsWith('default/hello-'))).toHaveLength(3);
    // The control plane runs: every kube-system pod is Running and ready.
    await waitFor(async () => {
      const rows = table((await t.kubectl(['get', 'pods', '-n', 'kube-system', '--no-headers'])).stdout);
      return rows.length >= 7 && rows.every((r) => r[1] === '1/1' && r[2] === 'Running');
    }, 'every kube-system pod Running 1/1');
  });

  it('get rs, deploy, svc and ns', async () => {
    const rs = table((await t.kubectl(['get', 'rs'])).stdout);
    expect(rs[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    expect(rs[1]?.slice(1, 4)).toEqual(['3', '3', '3']);
    const deploy = table((await t.kubectl(['get', 'deploy'])).stdout);
    expect(deploy[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(deploy[1]?.slice(0, 4)).toEqual(['hello', '3/3', '3', '3']);
    const svc = table((await t.kubectl(['get', 'svc'])).stdout);
    expect(svc[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    const hello = svc.find((r) => r[0] === 'hello')!;
    expect(hello[1]).toBe('NodePort');
    expect(hello[2]).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(hello[3]).toBe('<none>');
    expect(hello[4]).toMatch(/^80:3\d{4}\/TCP$/);
    expect(svc.find((r) => r[0] === 'kubernetes')?.slice(1, 5)).toEqual(['ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
    const ns = table((await t.kubectl(['get', 'ns'])).stdout);
    expect(ns[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(ns.slice(1).map((r) => `${r[0]} ${r[1]}`)).toEqual(['default Active', 'kube-node-lease Active', 'kube-public Active', 'kube-system Active']);
  });

  it('get endpoints lists the hello pods behind the service', async () => {
    const r = await t.kubectl(['get', 'endpoints', 'hello']);
    expect(r.stderr).toContain('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice');
    const rows = table(r.stdout);
    expect(rows[0]).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    expect(rows[1]?.[1]).toMatch(/^10\.244\.0\.\d+:80,10\.244\.0\.\d+:80,10\.244\.0\.\d+:80$/);
  });

  it('an unknown pod is NotFound, worded like kube-apiserver', async () => {
    const r = await t.kubectl(['get', 'pod', 'nosuch']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): pods "nosuch" not found');
  });

  it('delete pod: kubectl waits for it, the ReplicaSet replaces it, events tell the story', async () => {
    const victim = helloPods[0]!;
    const r = await t.kubectl(['delete', 'pod', victim]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`pod "${victim}" deleted from default namespace`);
    const rows = await waitFor(async () => {
      const rr = table((await t.kubectl(['get', 'pods', '--no-headers'])).stdout);
      return rr.length === 3 && rr.every((x) => x[2] === 'Running') ? rr : undefined;
    }, 'three Running pods again');
    const names = rows.map((x) => x[0]);
    expect(names).not.toContain(victim);
    expect(names.filter((n) => helloPods.includes(n!))).toHaveLength(2);
    const ev = (await t.kubectl(['get', 'events', '-o', 'json'])).stdout;
    const events = (JSON.parse(ev).items as { reason: string; message: string; involvedObject: { name: string } }[]).map(
      (e) => `${e.involvedObject.name} ${e.reason} ${e.message}`,
    );
    expect(events).toContain(`${victim} Killing Stopping container nginx`);
    const replacement = names.find((n) => !helloPods.includes(n!))!;
    expect(events.some((e) => e.endsWith(`SuccessfulCreate Created pod: ${replacement}`))).toBe(true);
    expect(events).toContain(`${replacement} Scheduled Successfully assigned default/${replacement} to minik9s`);
    expect(events).toContain(`${replacement} Started Container started`);
  });

  it('apply -f, scale and run behave as on a real cluster', async () => {
    const applied = await t.kubectl(['apply', '-f', 'assets/samples/hello.yaml']);
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stdout).toBe('deployment.apps/hello configured\nservice/hello configured');
    const again = await t.kubectl(['apply', '-f', 'assets/samples/hello.yaml']);
    expect(again.stdout).toBe('deployment.apps/hello unchanged\nservice/hello unchanged');
    const scaled = await t.kubectl(['scale', 'deploy', 'hello', '--replicas=4']);
    expect(scaled.stdout.trim()).toBe('deployment.apps/hello scaled');
    await waitFor(async () => {
      const rows = table((await t.kubectl(['get', 'deploy', 'hello', '--no-headers'])).stdout);
      return rows[0]?.[1] === '4/4';
    }, 'hello to reach 4/4');
    const run = await t.kubectl(['run', 'x', '--image=nginx', '-n', 'kubekart']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toBe('Error from server (NotFound): namespaces "kubekart" not found');
    const back = await t.kubectl(['scale', 'deploy', 'hello', '--replicas=3']);
    expect(back.exitCode).toBe(0);
  });

  it('logs prints what the container wrote, with --tail, --timestamps and clear errors', async () => {
    const pod = helloPods[1]!;
    const all = await t.kubectl(['logs', pod]);
    expect(all.exitCode, all.stderr).toBe(0);
    const lines = all.stdout.split('\n');
    expect(lines[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(lines.some((l) => /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: nginx\/1\.27$/.test(l))).toBe(true);
    const tail = await t.kubectl(['logs', pod, '--tail=1', '--timestamps']);
    expect(tail.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \d{4}\/.* start worker process \d+$/);
    const wrong = await t.kubectl(['logs', pod, '-c', 'nope']);
    expect(wrong.stderr.trim()).toBe(`error: container nope is not valid for pod ${pod}`);
    const prev = await t.kubectl(['logs', pod, '--previous']);
    expect(prev.stderr.trim()).toBe(`Error from server (BadRequest): previous terminated container "nginx" in pod "${pod}" not found`);
  });

  it('exec runs commands in the simulated container, with exit codes and an interactive shell on stdin', async () => {
    const pod = helloPods[1]!;
    const echo = await t.kubectl(['exec', pod, '--', 'echo', 'hi']);
    expect(echo.stdout).toBe('hi');
    expect((await t.kubectl(['exec', pod, '--', 'hostname'])).stdout).toBe(pod);
    expect((await t.kubectl(['exec', pod, '--', 'cat', '/etc/resolv.conf'])).stdout).toBe(
      'nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5',
    );
    const env = (await t.kubectl(['exec', pod, '--', 'env'])).stdout.split('\n');
    expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1');
    expect(env).toContain('HELLO_SERVICE_PORT=80');
    const code = await t.kubectl(['exec', pod, '--', 'sh', '-c', 'echo out; exit 3']);
    expect(code.exitCode).toBe(3);
    expect(code.stdout).toBe('out');
    expect(code.stderr.trim()).toBe('command terminated with exit code 3');
    const missing = await t.kubectl(['exec', pod, '--', 'nosuchprogram']);
    expect(missing.exitCode).toBe(126);
    const shell = await execa(KUBECTL, ['--cache-dir', `${t.dir}/kube-cache`, 'exec', '-i', pod, '--', 'sh'], {
      env: t.env,
      input: 'cd /usr/share/nginx/html\nls\nexit 0\n',
      reject: false,
    });
    expect(shell.exitCode).toBe(0);
    expect(shell.stdout).toBe('50x.html\nindex.html');
  });

  it('create deployment and namespace send protobuf bodies, and work', async () => {
    const d = await t.kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']);
    expect(d.stdout.trim()).toBe('deployment.apps/web created');
    const ns = await t.kubectl(['create', 'ns', 'kubekart']);
    expect(ns.stdout.trim()).toBe('namespace/kubekart created');
    const run = await t.kubectl(['run', 'nginx1', '--image=nginx', '-n', 'kubekart']);
    expect(run.stdout.trim()).toBe('pod/nginx1 created');
    await waitFor(async () => table((await t.kubectl(['get', 'deploy', 'web', '--no-headers'])).stdout)[0]?.[1] === '2/2', 'web 2/2');
    const del = await t.kubectl(['delete', 'ns', 'kubekart']);
    expect(del.stdout.trim()).toBe('namespace "kubekart" deleted');
    expect((await t.kubectl(['get', 'ns', 'kubekart'])).stderr.trim()).toBe('Error from server (NotFound): namespaces "kubekart" not found');
    await t.kubectl(['delete', 'deploy', 'web']);
  });

  it('top pods and top nodes read the metrics API', async () => {
    const pods = table((await t.kubectl(['top', 'pods'])).stdout);
    expect(pods[0]).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(pods.length).toBeGreaterThanOrEqual(4);
    for (const row of pods.slice(1)) {
      expect(row[1]).toMatch(/^\d+m$/);
      expect(row[2]).toMatch(/^\d+Mi$/);
    }
    const nodes = table((await t.kubectl(['top', 'nodes'])).stdout);
    expect(nodes[0]).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    expect(nodes[1]?.[0]).toBe('minik9s');
    expect(nodes[1]?.[2]).toMatch(/^\d+%$/);
  });

  it('the server validates fields: Strict refuses unknown fields with kube-apiserver\'s words, explain reads the schemas', async () => {
    const bad = `${t.dir}/bad.yaml`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  a: b\nspecc: {}\n');
    const r = await t.kubectl(['apply', '-f', bad]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe(
      `Error from server (BadRequest): error when creating "${bad}": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "specc"`,
    );
    const warn = await t.kubectl(['create', '-f', bad, '--validate=warn']);
    expect(warn.exitCode).toBe(0);
    expect(warn.stderr).toContain('Warning: unknown field "specc"');
    expect((await t.kubectl(['get', 'cm', 'bad', '-o', 'json'])).stdout).not.toContain('specc');
    const explain = await t.kubectl(['explain', 'deployment.spec.replicas']);
    expect(explain.stdout).toContain('FIELD: replicas <integer>');
    expect(explain.stdout).toContain('Number of desired pods.');
  });

  it('get -w streams changes, logs -f follows until the container stops, api-resources lists the kinds', async () => {
    const resources = (await t.kubectl(['api-resources'])).stdout;
    expect(resources).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(resources).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(resources).toMatch(/^pods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics$/m);

    const run = await t.kubectl(['run', 'watched', '--image=nginx:1.27']);
    expect(run.exitCode).toBe(0);
    await waitFor(async () => table((await t.kubectl(['get', 'pod', 'watched', '--no-headers'])).stdout)[0]?.[2] === 'Running', 'watched running');
    const cache = `${t.dir}/kube-cache`;
    const watch = execa(KUBECTL, ['--cache-dir', cache, 'get', 'pods', 'watched', '-w'], { env: t.env, reject: false });
    const follow = execa(KUBECTL, ['--cache-dir', cache, 'logs', '-f', 'watched'], { env: t.env, reject: false });
    let watched = '';
    watch.stdout!.on('data', (d: Buffer) => (watched += d.toString()));
    await waitFor(() => watched.includes('Running'), 'the watch to print the pod');
    await t.kubectl(['delete', 'pod', 'watched']);
    await waitFor(() => /watched\s+\S+\s+Terminating/.test(watched), 'the watch to show Terminating');
    watch.kill();
    const logs = await follow; // ends by itself when the container stops
    expect(logs.stdout).toContain('[notice] 1#1: start worker processes');
    expect(logs.stdout).toContain('signal 15 (SIGTERM) received from 0, exiting');
    expect(logs.stdout.trim().split('\n').pop()).toMatch(/\[notice\] 1#1: exit$/);
  });
});
