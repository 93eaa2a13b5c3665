import { describe } from 'vitest';
import { goldenSuite, type Step } from './harness.js';
import { buildShop } from './shop.js';

const FILES: Record<string, string> = {
  'web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  labels:
    app: hello
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
`,
  'multi.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: multi-a
data:
  flag: "yes"
---
# a comment-only document is skipped

---
apiVersion: v1
kind: Service
metadata:
  name: multi-svc
spec:
  selector:
    app: hello
  ports:
  - port: 80
    targetPort: 80
`,
  'pod.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'json-pod', labels: { run: 'json-pod' } }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } }),
  'bad-kind.yaml': 'apiVersion: v1\nkind: Potato\nmetadata:\n  name: spud\n',
  'other-ns.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: shop\ndata:\n  a: b\n',
  'dir/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dir-a\n',
  'dir/b.yml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dir-b\n',
  'dir/notes.txt': 'not a manifest\n',
  'dir/sub/c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dir-c\n',
  'fresh.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\n  labels:\n    a: b\ndata:\n  text: |\n    two\n    lines\n',
  'env.txt': '# settings\nCOLOUR=green\nSIZE=xl\n',
  'conf/app.properties': 'mode=fast\n',
  'conf/extra.txt': 'more\n',
};

const STEPS: Step[] = [
  // create -f
  ['create', '-f', '{dir}/web.yaml'],
  ['create', '-f', '{dir}/web.yaml'],
  ['get', 'deploy', 'hello', '-o', 'json'],
  ['create', '-f', '{dir}/multi.yaml'],
  ['get', 'cm', 'multi-a', '-o', 'json'],
  ['create', '-f', '{dir}/pod.json', '-o', 'name'],
  ['create', '-f', '{dir}/other-ns.yaml'],
  ['create', '-f', '{dir}/other-ns.yaml', '-n', 'kube-system'],
  ['create', '-f', '{dir}/dir'],
  ['create', '-f', '{dir}/dir', '-R'],
  ['create', '-f', '{dir}/missing.yaml'],
  { args: ['create', '-f', '-'], stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-stdin\ndata:\n  k: v\n' },
  ['create', '-f', '{dir}/web.yaml', '--dry-run=client'],
  ['create', '-f', '{dir}/multi.yaml', '--dry-run=server'],
  // create KIND NAME
  ['create', 'deployment', 'shop-web', '--image=nginx', '-n', 'shop'],
  ['create', 'deploy', 'two', '--image=nginx:1.25', '--image=redis', '--replicas=2'],
  ['create', 'deployment', 'cmd', '--image=busybox', '--port=8080', '--', 'sleep', '3600'],
  ['create', 'deployment', 'shop-web', '--image=nginx', '-n', 'shop'],
  ['create', 'deployment', 'noimage'],
  ['create', 'deployment', 'dry', '--image=nginx', '--dry-run=client', '-o', 'json'],
  ['create', 'deployment', 'dry', '--image=nginx', '--dry-run=client'],
  ['create', 'deployment', 'dry', '--image=nginx', '--dry-run=server'],
  // --dry-run has pflag's NoOptDefVal: bare it is "unchanged" (a client dry run, with klog's deprecation warning)
  // and never takes the next word; a Go bool still works, warned about.
  ['create', 'deploy', 'x', '--image=nginx', '--dry-run', 'client'],
  ['create', 'deploy', 'x', '--image=nginx', '--dry-run'],
  ['create', 'deploy', 'x', '--image=nginx', '--dry-run=unchanged', '-o', 'name'],
  ['create', 'deploy', 'x', '--image=nginx', '--dry-run=T'],
  ['create', 'deploy', 'x', '--image=nginx', '--dry-run=bogus'],
  ['create', 'deploy', 'x', '--image=nginx', '--dry-run='],
  ['create', 'cm', 'drycm', '--dry-run=0'],
  ['create', '-f', '{dir}/web.yaml', '--dry-run'],
  ['get', 'cm', 'drycm', 'x'],
  ['get', 'deploy', 'shop-web', '-n', 'shop', '-o', 'json'],
  ['get', 'deploy', 'two', 'cmd', '-o', 'json'],
  ['create', 'namespace', 'dev'],
  ['create', 'ns', 'dev'],
  ['create', 'ns', 'Bad_Name'],
  ['create', 'configmap', 'app-config', '--from-literal=colour=blue', '--from-literal=size=3'],
  ['create', 'cm', 'env-config', '--from-env-file={dir}/env.txt', '-n', 'dev'],
  ['create', 'cm', 'files', '--from-file={dir}/conf', '--from-file=renamed={dir}/env.txt'],
  ['create', 'cm', 'dup', '--from-literal=a=1', '--from-literal=a=2'],
  ['get', 'cm', 'app-config', 'files', '-o', 'json'],
  ['get', 'cm', '-n', 'dev', '-o', 'json'],
  ['create', 'secret', 'generic', 'db', '--from-literal=user=admin', '--from-literal=password=s3cr=t'],
  ['create', 'secret', 'generic', 'typed', '--type=kubernetes.io/basic-auth', '--from-literal=username=u', '--from-literal=password=p'],
  ['get', 'secret', 'db', 'typed', '-o', 'json'],
  ['create', 'service', 'clusterip', 'hello', '--tcp=80:80'],
  ['create', 'svc', 'nodeport', 'hello-np', '--tcp=8080:80', '--node-port=30123'],
  ['create', 'service', 'loadbalancer', 'hello-lb', '--tcp=443:https', '--tcp=80'],
  ['create', 'service', 'externalname', 'ext', '--external-name=example.com'],
  ['create', 'service', 'clusterip', 'headless', '--clusterip=None'],
  ['create', 'service', 'clusterip', 'noport'],
  ['get', 'svc', 'hello', 'hello-np', 'hello-lb', 'ext', 'headless', '-o', 'json'],
  ['create', 'serviceaccount', 'robot'],
  ['create', 'sa', 'robot', '-n', 'dev', '-o', 'name'],
  ['create', 'deployment', 'dry', '--image=nginx:1.25', '--port=80', '--dry-run=client', '-o', 'yaml'],
  ['create', 'ns', 'yamlns', '-o', 'yaml'],
  ['create', 'cm', 'ycm', '--from-literal=a=1', '-o', 'yaml'],
  ['create', 'svc', 'clusterip', 'ysvc', '--tcp=80:8080', '--dry-run=client', '-o', 'yaml'],
  ['create', 'secret', 'generic', 'ysec', '--from-literal=k=v', '--dry-run=client', '-o', 'yaml'],
  ['create', '-f', '{dir}/multi.yaml', '--dry-run=client', '-o', 'yaml'],
  ['create', '-f', '{dir}/fresh.yaml', '--dry-run=server', '-o', 'json'],
  ['create', '-f', '{dir}/fresh.yaml', '-o', 'yaml'],
  ['get', 'all'],
  ['get', 'sa', '-A'],
];

describe('minik9s kubectl: create', () => {
  goldenSuite('create', { build: buildShop, files: FILES }, STEPS);
});
