import { describe } from 'vitest';
import { mustKind } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/types.js';
import { countWatches, goldenSuite, onceWatching, type Side, type Step } from './harness.js';
import { buildShop } from './shop.js';

/**
 * `kubectl wait`, `patch` and `replace` on the shop cluster (Deployments web and shop/api, Services, ConfigMaps),
 * with a lone pod `solo` to delete. `get -o json` after the changes shows both clusters got the same writes.
 */

const FILES: Record<string, string> = {
  'web.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n',
  'cms.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  colour: red\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: shop\ndata:\n  a: b\n',
  'settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n  labels:\n    v: "2"\ndata:\n  colour: green\n',
  'widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec: {}\n',
  'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: lone\n  labels:\n    app: lone\nspec:\n  containers:\n  - name: main\n    image: busybox\n    command: ["sleep", "3600"]\n',
  'replicas.yaml': 'spec:\n  replicas: 4\n',
  'labels.json': '{"metadata":{"labels":{"tier":"front"}}}',
};

const podKind = mustKind('v1', 'Pod');


/** watching is a `during` for a wait: onceWatching on the resource the wait watches. */
const watching = onceWatching;


/** A ConfigMap created while `wait --for=create` polls for it. */
const createLater = (name: string) => async (s: Side) => {
  await new Promise((r) => setTimeout(r, 700));
  await s.h.cluster.client.create(mustKind('v1', 'ConfigMap'), 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } } as KubeObject);
};

/**
 * A `during` for replace --force on a pod: once the pod is terminating, the clock runs on a second at a time until
 * it is gone, and then stands still, so the new pod is created at the same time on both sides.
 */
const terminating = (name: string) => async (s: Side) => {
  const get = () => s.h.cluster.client.get(podKind, 'default', name).catch(() => undefined);
  const deadline = Date.now() + 20_000;
  let uid: string | undefined;
  for (;;) {
    const pod = await get();
    if (pod?.metadata.deletionTimestamp) {
      uid = pod.metadata.uid;
      break;
    }
    if (Date.now() > deadline) throw new Error(`pod ${name} was not deleted`);
    await new Promise((r) => setTimeout(r, 5));
  }
  for (let t = 0; t < 60_000; t += 1_000) {
    await s.clock.advance(1_000);
    await s.h.cluster.settle();
    if ((await get())?.metadata.uid !== uid) return;
  }
};

async function build(s: Side): Promise<void> {
  countWatches(s);
  await buildShop(s);
  await s.h.cluster.client.create(podKind, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'solo', labels: { app: 'solo' } },
    spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] },
  } as KubeObject);
  await s.clock.advance(10_000);
}

const STEPS: Step[] = [
  // wait: conditions already met
  ['wait', '--for=condition=Ready', 'pod', '-l', 'app=web'],
  ['wait', '--for=condition=Ready', 'pods', '--all', '-n', 'shop'],
  ['wait', '--for=condition=Available', 'deploy/web'],
  ['wait', '--for=condition=available=TRUE', 'deployment', 'web', '-o', 'name'],
  ['wait', '--for=condition=Ready=True', 'pod/solo', '--timeout=0'],
  ['wait', '--for=condition=Ready=false', 'pod/solo', '--timeout=0'],
  ['wait', '--for=condition=Ready', 'pod', '-A', '-l', 'app=api'],
  ['wait', '--for=jsonpath={.status.phase}=Running', 'pod/solo'],
  ['wait', "--for=jsonpath={.status.phase}='Running'", 'pod/solo', '-o', 'json'],
  ['wait', '--for=jsonpath={.status.phase}', 'pod', 'solo'],
  ['wait', '--for=jsonpath=.spec.replicas=3', 'deploy/web'],
  ['wait', '--for=jsonpath={.spec.template.spec.containers[*].name}=nginx', 'deploy/web', '-o', 'yaml'],
  ['wait', '--for=create', 'deploy/web'],
  ['wait', '--for=Delete', 'deploy/nope'],
  ['wait', '--for=delete', 'pod', '-l', 'app=nope'],
  ['wait', '--for=delete', 'pod/solo', '--timeout=0'],
  // wait: what it refuses
  ['wait', 'pod/solo'],
  ['wait', '--for=bogus', 'pod/solo'],
  ['wait', '--for=jsonpath=', 'pod/solo'],
  ['wait', '--for=jsonpath={.a}=', 'pod/solo'],
  ['wait', '--for=jsonpath={.a}=b=c', 'pod/solo'],
  ['wait', "--for=jsonpath='{.status.phase}'=Running", 'pod/solo'],
  ['wait', '--for=jsonpath={.status.containerStatuses[*', 'pod/solo'],
  ['wait', '--for=condition=Ready', 'pod/nope'],
  ['wait', '--for=condition=Ready', 'pod', '-l', 'app=nope'],
  ['wait', '--for=condition=Ready', 'pod'],
  ['wait', '--for=condition=Ready'],
  ['wait', '--for=condition=Ready', 'pod/solo', '-l', 'app=solo'],
  ['wait', '--for=condition=Ready', 'pod/solo', '--timeout=abc'],
  ['wait', '--for=condition=Ready', 'nopes/solo'],
  ['wait', '--for=jsonpath={.metadata.labels}=x', 'pod/solo'],
  // wait: timing out (one deadline for all), and conditions met while it watches
  ['wait', '--for=condition=Ready=false', 'pod', '-l', 'app=web', '--timeout=1s'],
  ['wait', '--for=condition=Ready', 'pod/nope', 'pod/solo', 'deploy/web', '--timeout=1s'],
  ['wait', '--for=create', 'cm/later', '--timeout=1s'],
  { args: ['wait', '--for=create', 'configmap/later', '--timeout=20s'], during: createLater('later') },
  ['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":5}}'],
  { args: ['wait', '--for=jsonpath={.status.readyReplicas}=5', 'deploy/web', '--timeout=20s'], during: watching('deployments.apps', 30_000) },
  ['delete', 'pod', 'solo', '--wait=false'],
  { args: ['wait', '--for=delete', 'pod/solo', '--timeout=20s'], during: watching('pods', 40_000) },
  ['get', 'pods'],

  // patch
  ['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":5}}'],
  ['patch', 'deploy/web', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"front"}}}'],
  ['patch', 'deploy/web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]'],
  ['patch', 'deploy/web', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/nope"}]'],
  ['patch', 'deploy/web', '--type', 'json', '-p', '{"op":"remove"}'],
  ['patch', 'deploy/web', '--type', 'json', '-p', '[{"op":"test","path":"/spec/replicas","value":9}]'],
  ['patch', 'deploy/web', '-p', '{bad'],
  ['patch', 'deploy/web', '-p', 'spec:\n  replicas: 3'],
  ['patch', 'deploy/web', '--patch-file', '{dir}/replicas.yaml'],
  ['patch', 'deploy/web', '--type=merge', '--patch-file', '{dir}/labels.json', '-o', 'name'],
  ['patch', 'deploy/web', '--patch-file', '{dir}/nope.yaml'],
  ['patch', 'deploy/web', '-p', '{}', '--patch-file', '{dir}/replicas.yaml'],
  ['patch', 'deploy/web'],
  ['patch', '-p', '{}'],
  ['patch', 'deploy', '-p', '{}'],
  ['patch', 'deploy/nope', '-p', '{"spec":{"replicas":4}}'],
  ['patch', 'deploy/web', '-p', '{"spec":{"replicas":4}}', '--type=foo'],
  ['patch', 'deploy/web', '-p', '{"spec":{"replicas":-1}}'],
  ['patch', 'deploy/web', '-p', '[1]'],
  ['patch', 'deploy/web', '-p', '{"spec":{"replicas":2}}', '--dry-run=server'],
  ['patch', 'deploy/web', '-p', '{"spec":{"replicas":2}}', '--dry-run=client'],
  ['patch', 'deploy/web', '-p', '{"spec":{"replicas":4}}', '--dry-run=client', '--type=merge', '-o', 'name'],
  ['patch', 'deploy/web', '-p', '{"spec":{"replicas":2}}', '--dry-run=bogus'],
  ['patch', 'deploy/web', '-p', '{"spec":{"replicas":4}}', '--subresource=scale', '--type=merge'],
  ['patch', 'deploy/web', '-p', '{"spec":{"replicas":4}}', '--subresource=scale', '-o', 'json'],
  ['patch', 'cm', 'settings', 'html', 'nope', '-n', 'shop', '-p', '{"data":{"x":"y"}}'],
  ['patch', 'cm/settings', '-n', 'shop', '-p', '{"data":{"colour":"green"}}', '-o', 'yaml'],
  ['patch', 'deploy/web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}'],
  ['patch', 'svc/web', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels/tier","value":"front"}]', '-o', 'json'],
  ['patch', 'ns', 'shop', '-p', '{"metadata":{"labels":{"team":"shop"}}}'],
  { script: async ({ clock }) => clock.advance(60_000) },
  ['get', 'deploy', 'web', '-o', 'json'],

  // replace
  ['replace', '-f', '{dir}/web.yaml'],
  ['replace', '-f', '{dir}/web.yaml', '-o', 'name'],
  ['replace', '-f', '{dir}/cms.yaml'],
  ['replace', '-f', '{dir}/cms.yaml', '-n', 'default'],
  ['replace', '-f', '{dir}/settings.yaml', '--dry-run=client'],
  ['replace', '-f', '{dir}/settings.yaml', '--dry-run=server', '-o', 'name'],
  ['replace', '-f', '{dir}/settings.yaml', '-o', 'yaml'],
  ['replace', '-f', '{dir}/settings.yaml', '--save-config'],
  ['replace', '-f', '{dir}/widget.yaml'],
  ['replace'],
  ['replace', 'deploy', 'web'],
  ['replace', '-f', '{dir}/web.yaml', '--grace-period=3'],
  ['replace', '-f', '{dir}/web.yaml', '--force', '--dry-run=client'],
  ['replace', '-f', '{dir}/nope.yaml'],
  ['replace', '-f', '{dir}/web.yaml', '--force'],
  ['replace', '-f', '{dir}/cms.yaml', '--force'],
  ['replace', '-f', '{dir}/cms.yaml', '--force', '-o', 'name'],
  ['replace', '-f', '{dir}/pod.yaml', '--force'],
  { script: async ({ clock }) => clock.advance(10_000) },
  { args: ['replace', '-f', '{dir}/pod.yaml', '--force'], during: terminating('lone') },
  { args: ['replace', '-f', '{dir}/pod.yaml', '--force', '--grace-period=0'], during: terminating('lone') },
  ['replace', '-f', '{dir}/pod.yaml', '--grace-period=0'],
  { script: async ({ clock }) => clock.advance(60_000) },
  ['get', 'pods', '-l', 'app=lone'],
  ['get', 'cm', '-n', 'shop', '-o', 'json'],
  ['get', 'deploy', 'web', '-o', 'json'],
];

describe('kubectl wait, patch and replace', () => {
  goldenSuite('wait, patch, replace', { build, files: FILES }, STEPS);
});
