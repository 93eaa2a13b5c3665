import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { execa } from 'execa';
import * as k8s from '@kubernetes/client-node';
import { makeEnv, waitFor, table, type TestEnv } from '../helpers/env.js';
import { HELM } from '../setup/tools.js';

describe('helm 4 and @kubernetes/client-node against a started cluster', () => {
  let t: TestEnv;
  const helm = (...args: string[]) => execa(HELM, args, { env: { ...t.env, HELM_CACHE_HOME: path.join(t.dir, 'helm-cache'), HELM_CONFIG_HOME: path.join(t.dir, 'helm-config'), HELM_DATA_HOME: path.join(t.dir, 'helm-data') }, cwd: t.dir, reject: false });

  beforeAll(async () => {
    t = makeEnv();
    const r = await t.cli(['start']);
    expect(r.exitCode, r.stderr).toBe(0);
  });

  afterAll(async () => {
    await t.cli(['stop']);
    await t.cleanup();
  });

  it('helm installs, upgrades, lists and uninstalls a chart made with helm create', async () => {
    expect((await helm('create', 'demo')).exitCode).toBe(0);
    const install = await helm('install', 'demo', './demo', '--wait', '--timeout', '60s');
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stdout).toContain('STATUS: deployed');
    const pods = table((await t.kubectl(['get', 'pods', '-l', 'app.kubernetes.io/instance=demo', '--no-headers'])).stdout);
    expect(pods).toHaveLength(1);
    expect(pods[0]?.[2]).toBe('Running');

    const upgrade = await helm('upgrade', 'demo', './demo', '--set', 'replicaCount=3', '--wait', '--timeout', '60s');
    expect(upgrade.exitCode, upgrade.stderr).toBe(0);
    expect(table((await t.kubectl(['get', 'deploy', 'demo', '--no-headers'])).stdout)[0]?.[1]).toBe('3/3');
    const list = await helm('list', '-o', 'json');
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'demo', revision: '2', status: 'deployed', chart: 'demo-0.1.0' }]);
    const history = await helm('history', 'demo', '-o', 'json');
    expect(JSON.parse(history.stdout).map((h: { status: string }) => h.status)).toEqual(['superseded', 'deployed']);

    const uninstall = await helm('uninstall', 'demo');
    expect(uninstall.exitCode, uninstall.stderr).toBe(0);
    expect(uninstall.stdout.trim()).toBe('release "demo" uninstalled');
    expect(JSON.parse((await helm('list', '-o', 'json')).stdout)).toEqual([]);
    await waitFor(async () => (await t.kubectl(['get', 'deploy,svc,sa,secrets', '-l', 'app.kubernetes.io/instance=demo', '--no-headers'])).stdout.trim() === '', 'the release to be gone');
  });

  it('@kubernetes/client-node lists, watches, runs an informer and patches', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(t.env.KUBECONFIG);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);

    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['minik9s']);
    expect(nodes.items[0]?.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');

    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch('/api/v1/namespaces/default/pods', {}, (type, obj: k8s.V1Pod) => seen.push(`${type} ${obj.metadata?.name}`), () => {});

    const informer = k8s.makeInformer(kc, '/apis/apps/v1/namespaces/default/deployments', () => apps.listNamespacedDeployment({ namespace: 'default' }));
    const added: string[] = [];
    informer.on('add', (d) => added.push(d.metadata!.name!));
    await informer.start();

    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'cn' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'cn' } }, template: { metadata: { labels: { app: 'cn' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
      },
    });
    await waitFor(() => added.includes('cn'), 'the informer to see the Deployment');
    await waitFor(() => seen.some((s) => /^ADDED cn-\w+-\w{5}$/.test(s)), 'the watch to see the pod');

    const patched = await apps.patchNamespacedDeployment(
      { name: 'cn', namespace: 'default', body: { metadata: { labels: { patched: 'yes' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels).toEqual({ patched: 'yes' });
    await expect(core.readNamespacedPod({ name: 'nope', namespace: 'default' })).rejects.toMatchObject({ code: 404 });

    req.abort();
    await informer.stop();
    await apps.deleteNamespacedDeployment({ name: 'cn', namespace: 'default' });
  });
});
