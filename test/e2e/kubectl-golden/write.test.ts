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
  // A throwaway self-signed pair for `create secret tls` (CN hello.example), and a key of another pair.
  'tls.crt': `-----BEGIN CERTIFICATE-----
MIIBiDCCAS2gAwIBAgIUQZNJYnojVguBD7PeE3tnci1dEycwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNaGVsbG8uZXhhbXBsZTAgFw0yNjExMjIxMzAwMzRaGA8yMTI2
MTAyOTEzMDAzNFowGDEWMBQGA1UEAwwNaGVsbG8uZXhhbXBsZTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABMgRIdg+1Dadj0sDhdBXMMbhyYgddFvMNtso6csa9zWq
pRxDYREIlQBwmA3EbWalBcSNP4yUluUnr2XUSGghXPSjUzBRMB0GA1UdDgQWBBSJ
AEmccnr5OnboDTeGg7YOcoORyzAfBgNVHSMEGDAWgBSJAEmccnr5OnboDTeGg7YO
coORyzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQC0+vJVTRPl
sVrIUm9Fweha0KYWVlWWXtWESmoX3XPlxwIhAOpzDt5uQ+hn/KdpQa1tdrOctP2M
OOvLso89/Ods2d14
-----END CERTIFICATE-----
`,
  'tls.key': `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmTU2bu0gSwZofMJY
gXV0gTNSEr2GCCgNblm+ZPBTcxChRANCAATIESHYPtQ2nY9LA4XQVzDG4cmIHXRb
zDbbKOnLGvc1qqUcQ2ERCJUAcJgNxG1mpQXEjT+MlJblJ69l1EhoIVz0
-----END PRIVATE KEY-----
`,
  'other.key': `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7NFsi1xuTTD7pt9T
43aIdatOgUn+6rtw3pTuceLktZmhRANCAAS/lM2eDl7ZcRWjIsNhlNlOrimKx/gq
GlzyeL9DtUzMFvOzZaIRzlTz4FmbNH0yNK/sm6uzVP9NKfLhgKEit9O2
-----END PRIVATE KEY-----
`,
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
  // create job / cronjob (the README's "Things to try")
  ['create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hi'],
  ['create', 'job', 'hello', '--image=busybox'],
  ['create', 'job', 'nothing'],
  ['create', 'job'],
  ['create', 'job', '--', 'echo', 'hi'],
  ['create', 'job', 'a', 'b', '--image=busybox'],
  ['create', 'job', 'both', '--image=busybox', '--from=cronjob/tick'],
  ['create', 'job', 'both', '--from=cronjob/tick', '--', 'echo'],
  ['create', 'job', 'dry', '--image=busybox', '--dry-run=client', '-o', 'json', '--', 'sh', '-c', 'echo <hi> & bye'],
  ['create', 'job', 'dry', '--image=busybox', '--dry-run=client', '-o', 'yaml'],
  ['create', 'job', 'dry', '--image=busybox', '--dry-run=server', '-o', 'yaml'],
  ['create', 'job', 'shop-job', '--image=busybox', '-n', 'shop', '-o', 'name', '--', 'true'],
  ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', '--', 'date'],
  ['create', 'cj', 'tock', '--image=busybox', '--schedule=0 0 * * *', '--restart=Never', '-n', 'shop', '--dry-run=client', '-o', 'json'],
  ['create', 'cj', 'tock', '--image=busybox', '--schedule=0 0 * * *', '--dry-run=client', '-o', 'yaml'],
  ['create', 'cronjob', 'tick2', '--image=busybox'],
  ['create', 'cronjob', 'tick2', '--schedule=* * * * *'],
  ['create', 'cronjob'],
  ['create', 'cronjob', 'a', 'b', '--image=busybox', '--schedule=* * * * *'],
  ['create', 'cronjob', 'bad', '--image=busybox', '--schedule=bogus'],
  ['create', 'cronjob', 'badrestart', '--image=busybox', '--schedule=* * * * *', '--restart=Always'],
  ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=* * * * *'],
  ['create', 'job', 'manual', '--from=cronjob/tick'],
  ['create', 'job', 'manual2', '--from=cj/tick', '--dry-run=client', '-o', 'yaml'],
  ['create', 'job', 'manual3', '--from=cronjob/nope'],
  // create ingress
  ['create', 'ingress', 'hello', '--rule=hello.example/*=hello:80'],
  [
    'create', 'ing', 'multi', '--class=nginx', '--rule=foo.com/=svc:https,tls', '--rule=foo.com/path/subpath*=othersvc:8080', '--rule=bar.com/admin*=svc2:http,tls=sec',
    '--rule=/x=s:0', '--default-backend=def:http', '--annotation=b=2', '--annotation=a=1=x', '--annotation=c=', '--dry-run=client', '-o', 'json',
  ],
  ['create', 'ingress', 'secured', '--rule=secure.example/=hello:80,tls=hello-tls', '--rule=www.example/*=hello:80,tls=hello-tls', '-n', 'shop', '-o', 'yaml'],
  ['create', 'ingress', 'backend-only', '--default-backend=hello:80', '--class=nginx', '--annotation=note=x'],
  ['create', 'ingress', 'noinfo'],
  ['create', 'ingress', 'bad', '--rule=bad'],
  ['create', 'ingress', 'bad', '--rule=a/b=s:80', '--annotation=foo'],
  ['create', 'ingress', 'bad', '--default-backend=foo'],
  ['create', 'ingress'],
  ['create', 'ingress', 'hello', '--rule=hello.example/*=hello:80'],
  // create secret tls / docker-registry
  ['create', 'secret', 'tls', 'hello-tls', '--cert={dir}/tls.crt', '--key={dir}/tls.key'],
  ['create', 'secret', 'tls', 'nope', '--cert={dir}/tls.crt'],
  ['create', 'secret', 'tls'],
  ['create', 'secret', 'tls', 'nope', '--cert={dir}/missing.crt', '--key={dir}/tls.key'],
  ['create', 'secret', 'tls', 'nope', '--cert={dir}/tls.crt', '--key={dir}/other.key'],
  ['create', 'secret', 'tls', 'dry', '--cert={dir}/tls.crt', '--key={dir}/tls.key', '--dry-run=client', '-o', 'json'],
  ['create', 'secret', 'docker-registry', 'regcred', '--docker-server=my.registry:5000', '--docker-username=me', '--docker-password=p<a>ss&', '--docker-email=me@example.com'],
  ['create', 'secret', 'docker-registry', 'hub', '--docker-username=u', '--docker-password=p', '--dry-run=client', '-o', 'json'],
  ['create', 'secret', 'docker-registry', 'hub', '--docker-username=u', '--docker-password=p', '-n', 'shop', '-o', 'yaml'],
  ['create', 'secret', 'docker-registry', 'incomplete', '--docker-username=u'],
  ['create', 'secret', 'docker-registry', 'noserver', '--docker-username=u', '--docker-password=p', '--docker-server='],
  ['create', 'secret', 'docker-registry'],
  // create poddisruptionbudget
  ['create', 'pdb', 'web-pdb', '--selector=app=web,tier==front', '--min-available=50%'],
  ['create', 'poddisruptionbudget', 'shop-pdb', '--selector=app=web', '--max-unavailable=1', '-n', 'shop', '-o', 'yaml'],
  ['create', 'pdb', 'dry', '--selector=app=web', '--min-available=2', '--dry-run=client', '-o', 'json'],
  ['create', 'pdb', 'dry', '--selector=app=web', '--max-unavailable=10%', '--dry-run=server', '-o', 'yaml'],
  ['create', 'pdb'],
  ['create', 'pdb', 'x'],
  ['create', 'pdb', 'x', '--selector=a=b'],
  ['create', 'pdb', 'x', '--selector=a=b', '--min-available=1', '--max-unavailable=1'],
  ['create', 'pdb', 'x', '--selector=a=b', '--min-available=one'],
  ['create', 'pdb', 'x', '--selector=a=b', '--max-unavailable=-1'],
  ['create', 'pdb', 'web-pdb', '--selector=app=web', '--min-available=1'],
  ['get', 'pdb', '-A', '-o', 'json'],
  ['get', 'secret', 'hello-tls', 'regcred', '-o', 'json'],
  ['get', 'job,cronjob,ing', '-o', 'json'],
  ['get', 'job,cronjob,ing', '-n', 'shop', '-o', 'json'],
  { script: async ({ clock }) => clock.advance(90_000) },
  ['logs', 'job/hello'],
  ['get', 'job,cronjob', '-o', 'json'],
];

describe('minik9s kubectl: create', () => {
  goldenSuite('create', { build: buildShop, files: FILES }, STEPS);
});
