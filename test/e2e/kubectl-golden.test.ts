import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostCluster, type HostedCluster } from '../../src/cluster/host.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { runKubectl } from '../../src/cli/kubectl/index.js';
import { ensureTools } from '../setup/tools.js';
import { deployment, seeded } from '../controllers/helpers.js';

const run = promisify(execFile);

/**
 * The built-in kubectl against the real kubectl 1.35: two clusters built by the same script on the manual clock
 * (so names, addresses and ages are the same), each command line run by both, stdout, stderr and exit code compared
 * byte for byte (uids and other random ids are the only thing normalised). Every line must match.
 */
const LINES: string[][] = [
  ['get', 'pods'],
  ['get', 'po', '-o', 'wide'],
  ['get', 'pods', '-A'],
  ['get', 'pods', '-n', 'shop'],
  ['get', 'pods', '--namespace=shop'],
  ['get', 'pods', '-nshop'],
  ['get', 'deploy'],
  ['get', 'deployments.apps', '-n', 'shop'],
  ['get', 'deployment', '-A', '-o', 'wide'],
  ['get', 'rs', '-n', 'kube-system'],
  ['get', 'svc'],
  ['get', 'services', '-A'],
  ['get', 'svc', '-o', 'wide', '-n', 'shop'],
  ['get', 'pods,svc'],
  ['get', 'pods,svc', '-n', 'shop'],
  ['get', 'deploy,rs,pods', '-n', 'shop'],
  ['get', 'svc,pods', '--no-headers'],
  ['get', 'nodes'],
  ['get', 'no', '-o', 'wide'],
  ['get', 'ns'],
  ['get', 'namespaces', '--show-labels'],
  ['get', 'pods', '--show-labels'],
  ['get', 'pods', '-A', '--show-labels'],
  ['get', 'pods', '-l', 'app=web'],
  ['get', 'pods', '--selector', 'app=api', '-A'],
  ['get', 'pods', '-l', 'app=nope'],
  ['get', 'pods', '-n', 'kube-public'],
  ['get', 'pods', '-A', '-l', 'app=nope'],
  ['get', 'pods', '--no-headers'],
  ['get', 'pod', 'nope'],
  ['get', 'pods', '-o', 'name'],
  ['get', 'deploy,svc', '-o', 'name', '-A'],
  ['get', 'cm', '-A'],
  ['get', 'configmaps', '-n', 'shop'],
  ['get', 'foo'],
  ['get', 'ep'],
  ['get', 'sc'],
  ['get', 'pv,pvc'],
  ['get', 'svc', 'web'],
  ['get', 'svc', 'web', 'nope', 'kubernetes'],
  ['get', 'nodes', '-o', 'name'],
  ['get', 'ds', '-A'],
  ['get', 'deploy', 'web', '-A'],
  ['get'],
  ['get', 'deploy', 'web', '-o', 'json'],
  ['get', 'pods', '-o', 'json', '-n', 'shop'],
  ['get', 'svc', '-A', '-o', 'json'],
  ['get', 'cm,svc', '-o', 'json', '-n', 'shop'],
  ['get', 'ns', 'shop', '-o', 'json'],
  ['get', 'cm', 'html', '-n', 'shop', '-o', 'json'],
  ['get', 'pods', '-l', 'app=nope', '-o', 'json'],
  ['get', 'pod', 'nope', '-o', 'json'],
  ['get', 'svc', 'web', 'nope', '-o', 'json'],
  ['describe', 'deploy', 'web'],
  ['describe', 'deployment/web', 'svc/web'],
  ['describe', 'svc', '-n', 'shop'],
  ['describe', 'pods', '-l', 'app=api', '-n', 'shop'],
  ['describe', 'pods', '-l', 'app=nope'],
  ['describe', 'ns', 'shop'],
  ['describe', 'cm', 'settings', '-n', 'shop'],
  ['describe', 'pod', 'nope'],
  ['describe', 'svc', 'web', 'nope'],
  ['describe', 'nodes'],
  ['describe', 'foo', 'bar'],
  ['describe'],
];

describe('minik9s kubectl (built in) against the real kubectl 1.35', () => {
  let real: HostedCluster;
  let ours: HostedCluster;
  let dir: string;
  let kubectl: string;

  /** build makes one of the two identical clusters. */
  async function build(): Promise<HostedCluster> {
    const clock = new ManualClock();
    const h = await hostCluster({ clock, random: seeded() });
    const c = h.cluster.client;
    const svc = mustKind('v1', 'Service');
    await c.create(mustKind('v1', 'Namespace'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'shop' } } });
    await clock.advance(1_000);
    await c.create(mustKind('apps/v1', 'Deployment'), 'default', deployment('web', 3));
    await clock.advance(1_000);
    await c.create(mustKind('apps/v1', 'Deployment'), 'shop', deployment('api', 2, 'httpd'));
    await clock.advance(1_000);
    await c.create(svc, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] } } as KubeObject);
    await c.create(svc, 'shop', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 8080, targetPort: 80 }] } } as KubeObject);
    await c.create(mustKind('v1', 'ConfigMap'), 'shop', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { colour: 'blue' } } as KubeObject);
    // Text Go's JSON encoder escapes (and a table cell cuts at the line break).
    await c.create(mustKind('v1', 'ConfigMap'), 'shop', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'html', annotations: { note: 'Tom & Jerry <3\nsecond line' } }, data: { page: '<b>Tom & Jerry</b>\u2028' } } as KubeObject);
    await clock.advance(90_000);
    return h;
  }

  beforeAll(async () => {
    kubectl = (await ensureTools()).kubectl;
    dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-kgolden-'));
    real = await build();
    ours = await build();
    for (const [name, h] of [['real', real], ['ours', ours]] as const)
      writeFileSync(path.join(dir, name), `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${h.url}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`);
  }, 60_000);
  afterAll(async () => {
    await real?.stop();
    await ours?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // What is random in a cluster: uids (and a node's system and boot ids), container ids, a node's machine id.
  const uids = (s: string) =>
    s
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID')
      .replace(/docker:\/\/[0-9a-f]{64}/g, 'docker://ID')
      .replace(/\b[0-9a-f]{32}\b/g, 'ID');

  it(`prints what kubectl prints, for all ${LINES.length} command lines`, async () => {
    const mismatches: string[] = [];
    for (const args of LINES) {
      const want = await run(kubectl, ['--kubeconfig', path.join(dir, 'real'), '--cache-dir', path.join(dir, 'cache'), ...args], { encoding: 'utf8' }).then(
        (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
      );
      let out = '';
      let err = '';
      const code = await runKubectl(['--kubeconfig', path.join(dir, 'ours'), ...args], { out: (t) => (out += t), err: (t) => (err += t) });
      const got = { code, out, err };
      if (JSON.stringify({ ...got, out: uids(got.out), err: uids(got.err) }) !== JSON.stringify({ ...want, out: uids(want.out), err: uids(want.err) }))
        mismatches.push(`$ kubectl ${args.join(' ')}\n--- kubectl (exit ${want.code})\n${want.out}${want.err}--- minik9s (exit ${got.code})\n${got.out}${got.err}`);
    }
    console.log(`minik9s kubectl: ${LINES.length - mismatches.length} of ${LINES.length} command lines match kubectl 1.35 byte for byte`);
    expect(mismatches.join('\n')).toBe('');
  }, 120_000);
});
