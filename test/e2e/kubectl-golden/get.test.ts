import { describe } from 'vitest';
import { mustKind } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/types.js';
import { deployment } from '../../controllers/helpers.js';
import { goldenSuite, type Side } from './harness.js';

/** Reading commands (get, describe) on a cluster with two namespaces, two Deployments, Services and ConfigMaps. */
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

export async function buildShop({ h, clock }: Side): Promise<void> {
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
}

describe('minik9s kubectl: get and describe', () => {
  goldenSuite('get and describe', { build: buildShop }, LINES);
});
