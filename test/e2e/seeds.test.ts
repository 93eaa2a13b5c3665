import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync, readFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { makeEnv, waitFor, table, type TestEnv } from '../helpers/env.js';
import { KUBECTL } from '../setup/tools.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/seeds/pod-setup.yaml');

/**
 * The learners' notes in shared/seeds, command by command, with the real kubectl 1.35 against a started
 * cluster: what they type must work and print what a real cluster prints.
 */
describe('the commands in the learners\' notes', () => {
  let t: TestEnv;
  const k = (...args: string[]) => t.kubectl(args);

  beforeAll(async () => {
    t = makeEnv();
    expect((await t.cli(['start'])).exitCode).toBe(0);
  });
  afterAll(async () => {
    await t.cli(['stop']);
    await t.cleanup();
  });

  it('Deployment → ReplicaSet → Pods, and a Service in front (create deployment, expose, get ...)', async () => {
    expect((await k('create', 'deployment', 'nginx', '--image=nginx')).stdout).toBe('deployment.apps/nginx created');
    expect((await k('expose', 'deployment', 'nginx', '--port=80', '--type=NodePort')).stdout).toBe('service/nginx exposed');
    await waitFor(async () => table((await k('get', 'pods', '-l', 'app=nginx', '--no-headers')).stdout)[0]?.[2] === 'Running', 'nginx running');
    const ep = table((await k('get', 'endpoints')).stdout);
    expect(ep.find((r) => r[0] === 'nginx')?.[1]).toMatch(/^10\.244\.0\.\d+:80$/);
    expect(table((await k('get', 'svc')).stdout).find((r) => r[0] === 'nginx')?.slice(1, 2)).toEqual(['NodePort']);
    expect(table((await k('get', 'rs')).stdout)[1]?.[0]).toMatch(/^nginx-\w+$/);
    const ing = await k('get', 'ing');
    expect(ing.stderr.trim()).toBe('No resources found in default namespace.');
    const all = (await k('get', 'all')).stdout;
    for (const s of ['pod/nginx-', 'service/kubernetes', 'service/nginx', 'deployment.apps/nginx', 'replicaset.apps/nginx-']) expect(all).toContain(s);
    expect(table((await k('get', 'storageclass')).stdout)[1]?.slice(0, 2)).toEqual(['standard (default)', 'k8s.io/minikube-hostpath']);
    expect((await k('run', 'mynode')).stderr).toContain('required flag(s) "image" not set');
  });

  it('pods from a file: create -f, apply -f, get -o yaml, describe, edit, delete', async () => {
    expect((await k('create', '-f', FIXTURE)).stdout).toBe('pod/vproapp created');
    const changed = path.join(t.dir, 'pod-setup.yaml');
    writeFileSync(changed, readFileSync(FIXTURE, 'utf8').replace('app: vproapp', 'app: vproapp\n    tier: web'));
    const applied = await k('apply', '-f', changed);
    expect(applied.stdout).toBe('pod/vproapp configured');
    expect(applied.stderr).toContain("missing the kubectl.kubernetes.io/last-applied-configuration annotation");
    await waitFor(async () => table((await k('get', 'pod', 'vproapp', '--no-headers')).stdout)[0]?.[2] === 'Running', 'vproapp running');
    const yaml = (await k('get', 'pod', 'vproapp', '-o', 'yaml')).stdout;
    expect(yaml).toContain('kind: Pod');
    expect(yaml).toContain('tier: web');
    expect(yaml).toMatch(/podIP: 10\.244\.0\.\d+/);
    const describe = (await k('describe', 'pod', 'vproapp')).stdout;
    expect(describe).toMatch(/^Name:\s+vproapp$/m);
    expect(describe).toMatch(/^Status:\s+Running$/m);
    expect(describe).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/vproapp to minik9s/);
    expect(describe).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+spec\.containers\{appcontainer\}: Container started/);

    const editor = path.join(t.dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s#image: nginx:1.27#image: nginx:1.28#" "$1"\n');
    chmodSync(editor, 0o755);
    const edited = await execa(KUBECTL, ['--cache-dir', path.join(t.dir, 'kube-cache'), 'edit', 'pod', 'vproapp'], { env: { ...t.env, KUBE_EDITOR: editor }, reject: false });
    expect(edited.stdout.trim(), edited.stderr).toBe('pod/vproapp edited');
    expect((await k('get', 'pod', 'vproapp', '-o', 'jsonpath={.spec.containers[0].image}')).stdout).toBe('nginx:1.28');

    expect((await k('delete', 'pod', 'vproapp')).stdout).toBe('pod "vproapp" deleted from default namespace');
  });

  it('namespaces: get ns, create ns, run in it (and in a missing one), get all -A, delete ns', async () => {
    expect((await k('create', 'ns', 'kubekart')).stdout).toBe('namespace/kubekart created');
    expect((await k('run', 'nginx1', '--image=nginx', '-n', 'kubekart')).stdout).toBe('pod/nginx1 created');
    expect((await k('run', 'x', '--image=nginx', '-n', 'nope')).stderr.trim()).toBe('Error from server (NotFound): namespaces "nope" not found');
    const ns = table((await k('get', 'ns')).stdout).map((r) => r[0]);
    expect(ns).toEqual(['NAME', 'default', 'kube-node-lease', 'kube-public', 'kube-system', 'kubekart']);
    const all = (await k('get', 'all', '--all-namespaces')).stdout;
    expect(all).toMatch(/^kubekart\s+pod\/nginx1\s/m);
    expect(all).toMatch(/^kube-system\s+deployment\.apps\/coredns\s/m);
    expect((await k('delete', 'ns', 'kubekart')).stdout).toBe('namespace "kubekart" deleted');
    expect((await k('get', 'pods', '-n', 'kubekart')).stderr.trim()).toBe('No resources found in kubekart namespace.');
  });

  it('"delete pod, it quickly recreates it"; delete rs, the Deployment makes it again; delete deploy', async () => {
    const [pod] = table((await k('get', 'pods', '-l', 'app=nginx', '--no-headers')).stdout).map((r) => r[0]!);
    await k('delete', 'pod', pod!);
    const after = table((await k('get', 'pods', '-l', 'app=nginx', '--no-headers')).stdout).map((r) => r[0]);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(pod);
    const [rs] = table((await k('get', 'rs', '-l', 'app=nginx', '--no-headers')).stdout).map((r) => r[0]!);
    expect((await k('delete', 'rs', rs!)).stdout).toBe(`replicaset.apps "${rs}" deleted from default namespace`);
    await waitFor(async () => table((await k('get', 'rs', '-l', 'app=nginx', '--no-headers')).stdout)[0]?.[3] === '1', 'the ReplicaSet to come back ready');
    expect((await k('delete', 'deploy', 'nginx')).stdout).toBe('deployment.apps "nginx" deleted from default namespace');
    await waitFor(async () => (await k('get', 'pods', '-l', 'app=nginx')).stderr.includes('No resources found'), 'the pods to be gone');
  });

  it('rollouts: set image, rollout status, history, undo, restart; label; scale', async () => {
    expect((await k('create', 'deployment', 'web', '--image=nginx:1.24', '--replicas=3')).exitCode).toBe(0);
    expect((await k('rollout', 'status', 'deploy/web', '--timeout=30s')).stdout).toContain('deployment "web" successfully rolled out');
    expect((await k('set', 'image', 'deploy/web', 'nginx=nginx:1.25')).stdout).toBe('deployment.apps/web image updated');
    expect((await k('rollout', 'status', 'deploy/web', '--timeout=30s')).stdout).toContain('deployment "web" successfully rolled out');
    const history = table((await k('rollout', 'history', 'deploy/web')).stdout);
    expect(history.map((r) => r[0])).toEqual(['deployment.apps/web', 'REVISION', '1', '2']);
    expect((await k('rollout', 'undo', 'deploy/web')).stdout).toBe('deployment.apps/web rolled back');
    await k('rollout', 'status', 'deploy/web', '--timeout=30s');
    expect((await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).stdout).toBe('nginx:1.24');
    expect((await k('rollout', 'restart', 'deploy/web')).stdout).toBe('deployment.apps/web restarted');
    expect((await k('label', 'deploy', 'web', 'tier=frontend')).stdout).toBe('deployment.apps/web labeled');
    expect((await k('get', 'deploy', '-l', 'tier=frontend', '--no-headers')).stdout).toMatch(/^web\s/);
    expect((await k('scale', 'deploy', 'web', '--replicas=1')).stdout).toBe('deployment.apps/web scaled');
    await k('delete', 'deploy', 'web');
  });

  it('kubectl config view and get nodes show the minik9s cluster', async () => {
    const view = (await k('config', 'view')).stdout;
    expect(view).toMatch(/server: https:\/\/127\.0\.0\.1:\d+/);
    expect(view).toContain('current-context: minik9s');
    expect(view).toContain('client-certificate-data: DATA+OMITTED');
    expect(table((await k('get', 'nodes')).stdout)[1]?.slice(0, 3)).toEqual(['minik9s', 'Ready', 'control-plane']);
  });
});
