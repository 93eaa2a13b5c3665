import { mustKind } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/types.js';
import { deployment } from '../../controllers/helpers.js';
import type { Side } from './harness.js';

/** buildShop makes the golden suites' cluster: namespace shop, Deployments web and api, Services, ConfigMaps. */
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

