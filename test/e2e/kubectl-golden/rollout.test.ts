import { describe, expect } from 'vitest';
import { mustKind } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/types.js';
import { deployment } from '../../controllers/helpers.js';
import { countWatches, goldenSuite, onceWatching, type Side, type Step } from './harness.js';

/**
 * The workload commands (scale, autoscale, set image, rollout status|history|undo|restart|pause|resume) on a
 * cluster with Deployments web (3 x nginx), multi (nginx + redis) and shop/api, a StatefulSet and a DaemonSet.
 * `get deploy,rs` between the steps shows that both clusters reacted the same to what each kubectl sent.
 */

const deployKind = mustKind('apps/v1', 'Deployment');


/** rolling is onceWatching with the rollout tests' defaults: a namespace's Deployments, two minutes. */
const rolling = (namespace = 'default', resource = 'deployments.apps', ms = 120_000) => onceWatching(resource, ms, namespace);


async function build(s: Side): Promise<void> {
  countWatches(s);
  const { h, clock } = s;
  const c = h.cluster.client;
  await c.create(mustKind('v1', 'Namespace'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  const web = deployment('web', 3);
  web.metadata.labels = { app: 'web' };
  await c.create(deployKind, 'default', web);
  await clock.advance(1_000);
  const multi = deployment('multi', 1);
  multi.metadata.labels = { app: 'multi', tier: 'front' };
  (multi.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({ name: 'cache', image: 'redis' });
  await c.create(deployKind, 'default', multi);
  await c.create(deployKind, 'shop', deployment('api', 2, 'httpd'));
  await c.create(mustKind('v1', 'Service'), 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 6379 }] } } as KubeObject);
  await c.create(mustKind('apps/v1', 'StatefulSet'), 'default', {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db' },
    spec: { serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'redis', image: 'redis' }] } } },
  } as KubeObject);
  await c.create(mustKind('apps/v1', 'DaemonSet'), 'default', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox', command: ['sleep', '3600'] }] } } },
  } as KubeObject);
  await clock.advance(60_000);
}

/** The restart time each side's kubectl wrote (the real one's first), to compare the two. */
const restartedAt: string[] = [];

/** What managedFields say of each Deployment (manager, operation, subresource, fields), the real side's first. */
const managed: string[] = [];

const STEPS: Step[] = [
  ['get', 'deploy,rs'],

  // scale
  ['scale', 'deploy', 'web', '--replicas=5'],
  ['scale', 'deploy/web', '--replicas=2', '--current-replicas=3'],
  ['scale', 'deployment.apps/web', '--replicas=4', '--current-replicas=5'],
  ['scale', 'deploy', '--replicas=3'],
  ['scale', 'deploy', 'nope', '--replicas=3'],
  ['scale', 'deploy', 'web'],
  ['scale', 'deploy', '-l', 'app=nope', '--replicas=3'],
  ['scale', 'deploy', '-l', 'app=api', '--replicas=3', '-n', 'shop'],
  ['scale', 'deploy', 'web', '--replicas=2', '--dry-run=client'],
  ['scale', 'deploy', 'web', '--replicas=2', '--dry-run=server'],
  ['scale', 'deploy', 'web', '--replicas=2', '--dry-run'],
  ['scale', 'deploy', 'nope', 'web', '--replicas=3'],
  ['scale', 'statefulset', 'db', '--replicas=3'],
  ['scale', '--replicas=3'],
  ['scale', 'deploy/web', '--replicas=-1'],
  ['scale', 'deploy/web', '--replicas=three'],
  ['scale', 'deploy/web', '--replicas=2', '--current-replicas=1.5'],
  ['scale', 'deploy', '-l', 'tier=front', '--replicas=2', '-o', 'name'],
  { script: async ({ clock }) => clock.advance(60_000) },
  ['get', 'deploy,rs,sts', '-A'],
  ['scale', 'deploy', 'web', '--replicas=3', '-o', 'json'],
  ['rollout', 'status', 'deploy/web', '--watch=false'],

  // set image and the rollouts it starts
  ['set', 'image', 'deploy/web', 'nginx=nginx:1.25'],
  { args: ['rollout', 'status', 'deploy/web'], during: rolling() },
  ['get', 'deploy,rs'],
  ['set', 'image', 'deploy/web', 'nginx=nginx:1.25'],
  ['set', 'image', 'deploy/web', 'nope=nginx:1.25'],
  ['set', 'image', 'deployment', 'web', 'nginx=nginx:1.26', 'nope=busybox'],
  ['set', 'image', 'deploy/web', 'nginx=nginx:9', '--dry-run'],
  { args: ['rollout', 'status', 'deployment', 'web'], during: rolling() },
  ['set', 'image', 'deploy/multi', '*=nginx:1.27'],
  ['set', 'image', 'deploy/multi', '*=nginx:1.27', 'nginx=nginx'],
  ['set', 'image', 'deploy/web'],
  ['set', 'image', 'nginx=nginx'],
  ['set', 'image', 'deploy/nope', 'nginx=nginx'],
  ['set', 'image', 'deploy/web', 'nginx=nginx:1.28', '--dry-run=client'],
  ['set', 'image', 'deploy/web', 'nginx=nginx:1.28', '--dry-run=server', '-o', 'name'],
  { args: ['rollout', 'status', 'deploy/multi'], during: rolling() },
  ['get', 'deploy,rs'],

  // history and undo
  ['rollout', 'history', 'deploy/web'],
  ['rollout', 'history', 'deploy/web', '--revision=2'],
  ['rollout', 'history', 'deploy/web', '--revision=7'],
  ['rollout', 'history', 'deploy/web', '--revision=0x2'],
  ['rollout', 'history', 'deploy/web', '--revision=two'],
  ['rollout', 'status', 'deploy/web', '--revision=1_'],
  ['rollout', 'undo', 'deploy/web', '--to-revision=last'],
  ['rollout', 'history', 'deploy', '-o', 'name'],
  ['rollout', 'undo', 'deploy/web', '--dry-run=client'],
  ['rollout', 'undo', 'deploy/web', '--dry-run=server'],
  ['rollout', 'undo', 'deploy/web'],
  { args: ['rollout', 'status', 'deploy/web', '-w'], during: rolling() },
  ['get', 'deploy,rs'],
  ['rollout', 'history', 'deploy/web'],
  ['rollout', 'undo', 'deploy/web', '--to-revision=1'],
  ['rollout', 'undo', 'deploy/web', '--to-revision=9'],
  { args: ['rollout', 'status', 'deploy/web', '--timeout=5m'], during: rolling() },
  ['rollout', 'undo', 'deploy/web', '--to-revision=5'],
  ['rollout', 'history', 'deploy', 'web', 'multi'],
  ['get', 'deploy,rs'],
  ['get', 'deploy', 'web', '-o', 'json'],

  // pause, resume, and what a paused Deployment refuses
  ['rollout', 'pause', 'deploy/web'],
  ['rollout', 'pause', 'deploy/web'],
  ['set', 'image', 'deploy/web', 'nginx=nginx:1.29'],
  ['rollout', 'status', 'deploy/web', '--timeout=1s'],
  ['rollout', 'restart', 'deploy/web'],
  ['rollout', 'undo', 'deploy/web'],
  ['rollout', 'resume', 'deploy/web'],
  { args: ['rollout', 'status', 'deploy/web'], during: rolling() },
  ['rollout', 'resume', 'deploy/web', '-o', 'name'],
  ['rollout', 'history', 'deploy/web'],
  ['get', 'deploy,rs'],

  // status of other kinds, and refusals
  ['rollout', 'status', 'sts/db'],
  ['rollout', 'status', 'daemonset', 'agent'],
  ['set', 'image', 'sts/db', 'redis=redis:7'],
  { args: ['rollout', 'status', 'statefulset/db'], during: rolling('default', 'statefulsets.apps') },
  ['set', 'image', 'ds', 'agent', 'agent=busybox:1.36'],
  { args: ['rollout', 'status', 'ds/agent'], during: rolling('default', 'daemonsets.apps') },
  ['get', 'sts,ds,pods', '-l', 'app in (db,agent)'],
  ['rollout', 'status', 'deploy/web', '--revision=1'],
  ['rollout', 'status', 'deploy', 'nope', 'web', '--watch=false'],
  ['rollout', 'status', 'deploy'],
  ['rollout', 'status', 'svc/db'],
  ['rollout', 'status'],
  ['rollout', 'status', 'deploy', '-l', 'app=nope'],
  ['rollout', 'history', 'deploy/nope'],
  ['rollout', 'history', 'deploy', 'web', '--revision=-1'],
  ['rollout', 'undo', 'deploy/nope'],
  ['rollout', 'restart', 'deploy/nope'],
  ['rollout', 'pause', 'deploy', '-l', 'app=nope'],
  ['rollout', 'restart', 'deploy', '-l', 'app=nope'],

  // restart: its time is the client's wall clock, so the two sides' values are compared by a script, and the
  // lines after it print nothing that depends on the value (the new ReplicaSet's name does).
  ['rollout', 'restart', 'deploy/api', '-n', 'shop'],
  {
    script: async ({ h }) => {
      const d = await h.cluster.client.get(deployKind, 'shop', 'api');
      const at = (d.spec as { template: KubeObject }).template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'] ?? '';
      expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
      expect(Math.abs(Date.parse(at) - Date.now())).toBeLessThan(30_000);
      restartedAt.push(at);
      if (restartedAt.length === 2) expect(Math.abs(Date.parse(restartedAt[1]!) - Date.parse(restartedAt[0]!))).toBeLessThan(30_000);
    },
  },
  { args: ['rollout', 'status', 'deploy/api', '-n', 'shop'], during: rolling('shop') },
  ['get', 'deploy', '-n', 'shop'],
  ['rollout', 'history', 'deploy/api', '-n', 'shop'],
  ['rollout', 'restart', 'deploy', '-l', 'app=web'],
  ['get', 'deploy', 'web'],

  // autoscale
  ['autoscale', 'deploy', 'web', '--min=2', '--max=5', '--cpu=80%'],
  ['autoscale', 'deploy/api', '-n', 'shop', '--max=4', '--cpu=500m', '--memory=256'],
  ['autoscale', 'deploy', 'multi', '--max=3', '--cpu-percent=50'],
  ['autoscale', 'deploy', 'web', '--max=1', '--min=3'],
  ['autoscale', 'deploy', 'web'],
  ['autoscale', 'svc', 'db', '--max=3'],
  ['autoscale', 'deploy', 'nope', '--max=3'],
  ['autoscale', 'deploy', 'web', '--max=5', '--dry-run=client'],
  ['autoscale', 'deploy', 'web', '--max=5', '--dry-run=server', '--name=other'],
  ['autoscale', 'sts', 'db', '--max=4', '-o', 'name'],
  ['get', 'hpa', '-A'],
  ['get', 'hpa', 'web', '-o', 'json'],
  ['get', 'hpa', 'api', '-n', 'shop', '-o', 'json'],

  // Every write was made with the field managers kubectl uses, on both sides.
  {
    script: async ({ h }) => {
      const list = await h.cluster.client.list(deployKind, undefined);
      const entries = list.items.flatMap((d) =>
        (d.metadata.managedFields ?? []).map((m) => `${d.metadata.namespace}/${d.metadata.name} ${m.manager} ${m.operation} ${m.subresource ?? ''} ${JSON.stringify(m.fieldsV1)}`),
      );
      managed.push(entries.join('\n'));
      if (managed.length === 2) expect(managed[1]).toBe(managed[0]);
    },
  },
];

describe('minik9s kubectl: rollout, scale, autoscale, set image', () => {
  goldenSuite('rollout, scale, autoscale, set image', { build }, STEPS);
});
