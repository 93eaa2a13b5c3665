import { describe } from 'vitest';
import { mustKind } from '../../../src/api/kinds.js';
import { goldenSuite, type Step } from './harness.js';
import { buildShop } from './shop.js';

const deploy = (image: string, replicas: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  labels:
    app: hello
${extra}spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
      - name: app
        image: ${image}
        ports:
        - containerPort: 80
        env:
        - name: MODE
          value: fast
`;

const FILES: Record<string, string> = {
  'v1/hello.yaml': deploy('nginx:1.25', 2, '  annotations:\n    team: blue\n'),
  'v2/hello.yaml': deploy('nginx:1.26', 3),
  'v3/hello.yaml': deploy('nginx:1.26', 3).replace('        env:\n        - name: MODE\n          value: fast\n', '').replace('      - name: app', '      - name: sidecar\n        image: busybox\n        command: ["sleep", "3600"]\n      - name: app'),
  'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-settings\ndata:\n  colour: blue\n  size: "3"\n',
  'app/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  type: NodePort\n  selector:\n    app: hello\n  ports:\n  - port: 80\n    targetPort: 80\n    nodePort: 30080\n',
  'app2/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-settings\ndata:\n  colour: green\n',
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: staging\n  labels:\n    env: staging\n',
  'in-staging.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: staged\n  namespace: staging\ndata:\n  a: "1"\n',
  'ssa.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  owner: kubectl\n',
  'ssa2.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  owner: kubectl\n  extra: "yes"\n',
  'invalid.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\ndata:\n  a: b\n',
  'fin1.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fin\n  finalizers:\n  - example.com/a\n',
  'fin2.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fin\n  finalizers:\n  - example.com/b\n',
  'settings-cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  colour: red\n',
};

const STEPS: Step[] = [
  ['apply', '-f', '{dir}/v1/hello.yaml'],
  ['get', 'deploy', 'hello', '-o', 'json'],
  ['apply', '-f', '{dir}/v1/hello.yaml'],
  ['apply', '-f', '{dir}/v2/hello.yaml'],
  ['get', 'deploy', 'hello', '-o', 'json'],
  ['get', 'rs', '-l', 'app=hello'],
  ['apply', '-f', '{dir}/v3/hello.yaml'],
  ['get', 'deploy', 'hello', '-o', 'json'],
  ['apply', '-f', '{dir}/v3/hello.yaml', '-o', 'name'],
  ['apply', '-f', '{dir}/app'],
  ['apply', '-f', '{dir}/app'],
  ['apply', '-f', '{dir}/app2/cm.yaml'],
  ['get', 'cm', 'app-settings', '-o', 'json'],
  ['get', 'svc', 'hello', '-o', 'json'],
  ['apply', '-f', '{dir}/ns.yaml', '-f', '{dir}/in-staging.yaml'],
  ['get', 'ns', 'staging', '--show-labels'],
  ['get', 'cm', '-n', 'staging'],
  ['apply', '-f', '{dir}/in-staging.yaml', '-n', 'shop'],
  { args: ['apply', '-f', '-'], stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piped\ndata:\n  k: v\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piped-2\n' },
  ['get', 'cm', 'piped', 'piped-2', '-o', 'json'],
  ['apply', '-f', '{dir}/ssa.yaml', '--server-side'],
  ['apply', '-f', '{dir}/ssa2.yaml', '--server-side'],
  ['get', 'cm', 'ssa', '-o', 'json'],
  ['apply', '-f', '{dir}/ssa.yaml', '--server-side', '--dry-run=client'],
  ['apply', '-f', '{dir}/ssa.yaml', '--force-conflicts'],
  ['apply', '-f', '{dir}/invalid.yaml'],
  ['apply', '-f', '{dir}/settings-cm.yaml'],
  ['get', 'cm', 'settings', '-n', 'shop', '-o', 'json'],
  ['apply', '-f', '{dir}/v2/hello.yaml', '--dry-run=client'],
  ['apply', '-f', '{dir}/v2/hello.yaml', '--dry-run=server'],
  ['get', 'deploy', 'hello', '-o', 'json'],
  ['apply', '-f', '{dir}/app2/cm.yaml', '-o', 'yaml'],
  ['apply', '-f', '{dir}/app', '-o', 'json', '--dry-run=server'],
  ['apply', '-f', '{dir}/ns.yaml', '-f', '{dir}/in-staging.yaml', '-o', 'yaml', '--dry-run=client'],
  // Finalizers merge as a set: one another writer added stays when the manifest changes its own.
  ['apply', '-f', '{dir}/fin1.yaml'],
  { script: async ({ h }) => void (await h.cluster.client.patch(mustKind('v1', 'ConfigMap'), 'default', 'fin', 'merge', { metadata: { finalizers: ['example.com/a', 'example.com/other'] } })) },
  ['apply', '-f', '{dir}/fin2.yaml'],
  ['get', 'cm', 'fin', '-o', 'jsonpath={.metadata.finalizers}'],
  ['apply'],
  ['apply', '-f', '{dir}/nothing.yaml'],
];

describe('minik9s kubectl: apply', () => {
  goldenSuite('apply', { build: buildShop, files: FILES }, STEPS);
});
