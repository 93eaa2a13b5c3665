import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import path from 'node:path';
import https from 'node:https';

/** fetchInsecure makes an HTTPS request without credentials and without checking the server (an anonymous caller). */
function fetchInsecure(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}
import { makeEnv, type TestEnv } from '../helpers/env.js';

describe('minik9s CLI', () => {
  let t: TestEnv;
  beforeAll(() => {
    t = makeEnv();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('unknown command says so in one line, points at --help, and exits 64', async () => {
    const r = await t.cli(['bogus']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toBe(`Error: unknown command "bogus" for "minik9s"\nRun 'minik9s --help' for usage.\n`);
  });

  it('unknown flag exits 64', async () => {
    const r = await t.cli(['status', '--nope']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toContain("Unknown option '--nope'");
  });

  it('fault refuses bad input with one clear line and exit 64, before reaching any cluster', async () => {
    const cases: [string[], string][] = [
      [['fault'], '"minik9s fault" needs a fault to inject'],
      [['fault', 'crash'], '"minik9s fault crash" needs a pod name'],
      [['fault', 'node-down'], '"minik9s fault node-down" needs a node name'],
      [['fault', 'fail-pulls'], '"minik9s fault fail-pulls" needs an image'],
      [['fault', 'explode', 'x'], 'unknown fault "explode"'],
      [['fault', 'crash', 'web', '--exit-code', '300'], 'invalid value "300" for --exit-code: a whole number from 0 to 255 is needed'],
      [['fault', 'crash', 'web', '--exit-code', 'x'], 'invalid value "x" for --exit-code'],
      [['fault', 'crash', 'web', '--exit-code', '2', '--oom'], '--exit-code and --oom cannot be used together'],
      [['fault', 'node-down', 'minik9s', '-n', 'default'], '-n, -c, --exit-code and --oom apply to "minik9s fault crash" only'],
    ];
    for (const [args, message] of cases) {
      const r = await t.cli(args);
      expect(r.exitCode, args.join(' ')).toBe(64);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    // Good input against a profile that does not exist: minikube's unknown-profile answer.
    const missing = await t.cli(['fault', 'crash', 'web', '-p', 'nosuch']);
    expect(missing.exitCode).toBe(85);
  });

  it('status of an unknown profile prints minikube\'s lines and exits 85', async () => {
    const r = await t.cli(['status', '-p', 'nope']);
    expect(r.exitCode).toBe(85);
    expect(r.stdout).toBe(
      '* Profile "nope" not found. Run "minik9s profile list" to view all profiles.\n  To start a cluster, run: "minik9s start -p nope"\n',
    );
  });

  it('profile list with no profiles says how to create one', async () => {
    const r = await t.cli(['profile', 'list']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("! No minik9s profile was found.\n  You can create one using 'minik9s start'.\n");
  });

  it('an invalid profile name is a usage error', async () => {
    const r = await t.cli(['status', '-p', 'Bad_Name']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toContain('profile name "Bad_Name" is not valid');
  });

  it('dashboard without a terminal says so in one line and exits 1', async () => {
    const r = await t.cli(['dashboard']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'X Exiting due to MK_USAGE: the dashboard needs an interactive terminal (stdin and stdout must be a TTY)',
    ]);
    const main = await t.cli([]);
    expect(main.exitCode).toBe(1);
    expect(main.stderr).toContain('needs an interactive terminal');
  });

  it('start, start again, status, stop, status, delete: like minikube', async () => {
    // An existing kubeconfig entry of someone else's must survive every write.
    writeFileSync(
      t.env.KUBECONFIG,
      YAML.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'prod', cluster: { server: 'https://prod.example:6443' } }],
        users: [{ name: 'prod', user: { token: 'secret' } }],
        contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'prod' } }],
        'current-context': 'prod',
      }),
    );
    const first = await t.cli(['start']);
    expect(first.exitCode, first.stderr).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\* minik9s v\d+\.\d+\.\d+ on /);
    expect(lines).toContain('* Starting "minik9s" primary control-plane node in "minik9s" cluster');
    expect(lines).toContain('* Creating simulated node (CPUs=2, Memory=4096MB) ...');
    expect(lines[lines.length - 1]).toBe('* Done! kubectl is now configured to use "minik9s" cluster and "default" namespace by default');

    const kc = YAML.parse(readFileSync(t.env.KUBECONFIG, 'utf8'));
    expect(kc['current-context']).toBe('minik9s');
    expect(kc.contexts.map((c: { name: string }) => c.name).sort()).toEqual(['minik9s', 'prod']);
    expect(kc.users.find((u: { name: string }) => u.name === 'prod').user.token).toBe('secret');
    const cluster = kc.clusters.find((c: { name: string }) => c.name === 'minik9s').cluster;
    expect(cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(cluster['certificate-authority-data'], 'base64').toString()).toContain('BEGIN CERTIFICATE');
    const user = kc.users.find((u: { name: string }) => u.name === 'minik9s').user;
    expect(Buffer.from(user['client-key-data'], 'base64').toString()).toContain('BEGIN PRIVATE KEY');
    expect(statSync(t.env.KUBECONFIG).mode & 0o777).toBe(0o600);
    const dir = path.join(t.env.MINIK9S_HOME, 'profiles', 'minik9s');
    for (const f of ['ca.key', 'apiserver.key', 'client.key']) expect(statSync(path.join(dir, f)).mode & 0o777, f).toBe(0o600);

    // Anonymous requests are refused; the public health endpoints answer anyone.
    const anon = await fetchInsecure(`${cluster.server}/api/v1/pods`);
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await fetchInsecure(`${cluster.server}/healthz`)).body).toBe('ok');

    const again = await t.cli(['start']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('* Updating the running simulated "minik9s" node ...');

    const st = await t.cli(['status']);
    expect(st.exitCode).toBe(0);
    expect(st.stdout).toBe('minik9s\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n');

    const json = await t.cli(['status', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ Name: 'minik9s', Host: 'Running', APIServer: 'Running', Kubeconfig: 'Configured' });

    const profiles = await t.cli(['profile', 'list']);
    expect(profiles.exitCode).toBe(0);
    const row = profiles.stdout.split('\n').find((l) => l.includes(' minik9s '))!;
    expect(row.split('|').map((c) => c.trim()).slice(1, -1)).toEqual([
      'minik9s', 'simulated', 'docker', '192.168.49.2', expect.stringMatching(/^\d+$/), 'v1.35.1', 'OK', '1', '*', '*',
    ]);

    const stop = await t.cli(['stop']);
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toBe('* Stopping node "minik9s"  ...\n* 1 node stopped.\n');

    const stopped = await t.cli(['status']);
    expect(stopped.exitCode).toBe(7);
    expect(stopped.stdout).toBe('minik9s\ntype: Control Plane\nhost: Stopped\nkubelet: Stopped\napiserver: Stopped\nkubeconfig: Stopped\n\n');

    const dash = await t.cli(['dashboard'], { env: {} });
    expect(dash.exitCode).toBe(1); // still no terminal: that check comes first

    const del = await t.cli(['delete']);
    expect(del.exitCode).toBe(0);
    expect(del.stdout).toContain('* Removed all traces of the "minik9s" cluster.');
    const after = YAML.parse(readFileSync(t.env.KUBECONFIG, 'utf8'));
    expect(after.contexts.map((c: { name: string }) => c.name)).toEqual(['prod']);
    expect((await t.cli(['status'])).exitCode).toBe(85);
  });
});
