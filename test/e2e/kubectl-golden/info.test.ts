import { describe } from 'vitest';
import { buildShop } from './shop.js';
import { goldenSuite, type Step } from './harness.js';

/**
 * Commands about the client, the kubeconfig and the server's API: version, cluster-info, api-resources, explain
 * and config. The config steps that edit a file use per-side copies (`{dir}/cfg-{side}`) so each kubectl edits
 * its own, and then read them back with `config view` to show both wrote the same file.
 */

const KUBECONFIG = `apiVersion: v1
kind: Config
preferences: {}
clusters:
- name: c
  cluster:
    server: http://127.0.0.1:1
    certificate-authority-data: QUJDRA==
- name: b
  cluster:
    server: https://10.0.0.1:6443
    insecure-skip-tls-verify: true
    certificate-authority: ca.crt
    extensions:
    - name: cluster_info
      extension:
        provider: minik9s
        version: 0.1.0
        last-update: Mon, 01 Jan 2026 00:00:00 GMT
contexts:
- name: c
  context:
    cluster: c
    user: u
- name: b-ctx
  context:
    cluster: b
    user: admin
    namespace: kube-system
current-context: c
extensions:
- name: top
  extension:
    x: 1
    on: yes
users:
- name: u
  user:
    token: abc
- name: admin
  user:
    client-certificate-data: QUJD
    client-key-data: REVG
    username: x
    password: secret
- name: e2
  user:
    as: bob
    as-groups: [a, b]
    auth-provider:
      name: oidc
      config:
        z: "1"
        a: "2"
- name: e
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: ["eks", "get-token"]
      env:
      - name: A
        value: b
`;

const EMPTY = 'apiVersion: v1\nkind: Config\n';
const NO_CONTEXT = 'apiVersion: v1\nkind: Config\ncurrent-context: gone\n';

const cfg = (...args: string[]) => ['--kubeconfig', '{dir}/cfg-{side}', 'config', ...args];

const LINES: Step[] = [
  ['version'],
  ['version', '--client'],
  ['version', '--client', '-o', 'json'],
  ['version', '-o', 'json'],
  ['version', '-o', 'yaml'],
  ['version', '--client', '-o', 'yaml'],
  ['version', 'extra'],
  ['version', '-o', 'foo'],
  ['cluster-info'],
  ['cluster-info', '-n', 'default'],
  ['cluster-info', '-n', 'nope'],
  ['api-resources'],
  ['api-resources', '-o', 'wide'],
  ['api-resources', '-o', 'name'],
  ['api-resources', '--namespaced=false'],
  ['api-resources', '--namespaced=true', '--no-headers'],
  ['api-resources', '--api-group=apps'],
  ['api-resources', '--api-group='],
  ['api-resources', '--api-group=nope'],
  ['api-resources', '--verbs=list,create', '-o', 'name'],
  ['api-resources', '--verbs', 'watch', '--verbs', 'deletecollection', '--namespaced=false'],
  ['api-resources', '--categories=all'],
  ['api-resources', '--sort-by=name'],
  ['api-resources', '--sort-by=kind', '-o', 'wide'],
  ['api-resources', '--sort-by=foo'],
  ['api-resources', '-o', 'foo'],
  ['api-resources', 'foo'],
  ['api-resources', '--api-group=batch', '-o', 'json'],
  ['api-resources', '--api-group=apps', '-o', 'yaml'],
  ['explain', 'pods'],
  ['explain', 'po.spec'],
  ['explain', 'deploy.spec.replicas'],
  ['explain', 'deployments.apps.spec.strategy'],
  ['explain', 'svc.spec.ports', '--recursive'],
  ['explain', 'service.spec.type'],
  ['explain', 'configmaps'],
  ['explain', 'cm.data'],
  ['explain', 'pods.spec.containers.resources'],
  ['explain', 'pods.metadata.labels'],
  ['explain', 'ns', '--recursive'],
  ['explain', 'events'],
  ['explain', 'events.events.k8s.io'],
  ['explain', 'Deployment.status.conditions'],
  ['explain', 'pods.spec.nope'],
  ['explain', 'pods.spec.nope.deeper'],
  ['explain', 'foo'],
  ['explain'],
  ['explain', 'a', 'b'],
  ['explain', 'pods', '--api-version=v2'],
  ['explain', 'pods', '--api-version=apps/v1'],
  ['explain', 'deploy', '--api-version=apps/v1'],
  ['explain', 'nodes.spec', '--recursive'],
  ['explain', 'pods', '--recursive'],
  ['explain', 'deploy', '--recursive'],
  ['explain', 'pods.spec.containers.ports.protocol'],
  ['explain', 'pods.spec.containers.ports'],
  ['explain', 'Pods.spec.restartPolicy'],
  ['explain', 'pod.status.phase'],
  ['explain', 'jobs.spec.template.spec.containers.env.valueFrom'],
  ['explain', 'cronjobs.batch'],
  ['explain', 'hpa.spec.metrics'],
  ['explain', 'ingress.spec.rules.http.paths.backend'],
  ['explain', 'clusterroles.rules', '--recursive'],
  ['explain', 'sc'],
  ['explain', 'pvc.spec.resources.requests'],
  ['explain', 'deployments.appsx'],
  ['explain', 'pods', '-o', 'foo'],
  ['config', 'view'],
  ['config', 'view', '--minify', '-o', 'json'],
  ['config', 'get-contexts'],
  ['config', 'current-context'],
  ['version', '--client', 'extra'],
  ['api-resources', '--cached', '--api-group=rbac.authorization.k8s.io', '-o', 'wide'],
  cfg('view'),
  cfg('view', '--raw'),
  cfg('view', '--minify'),
  cfg('view', '-o', 'json'),
  cfg('view', '--minify', '-o', 'json', '--raw'),
  cfg('view', '--flatten'),
  cfg('view', 'extra'),
  cfg('get-contexts'),
  cfg('get-contexts', '-o', 'name'),
  cfg('get-contexts', 'b-ctx'),
  cfg('get-contexts', 'nope', 'c', 'other'),
  cfg('get-contexts', '--no-headers'),
  cfg('get-contexts', '-o', 'wide'),
  cfg('current-context'),
  cfg('use-context', 'nope'),
  cfg('use-context', 'c'),
  cfg('view', '--raw'),
  cfg('use-context', 'b-ctx'),
  cfg('current-context'),
  cfg('view', '--raw'),
  cfg('view', '--minify'),
  cfg('set-context', '--current', '--namespace=shop'),
  cfg('get-contexts'),
  cfg('set-context', 'other', '--cluster=c', '--user=u'),
  cfg('set-context', 'c', '-n', 'default'),
  cfg('set-context', 'c', '--namespace=default'),
  cfg('set-context'),
  cfg('set-context', 'c', '--current'),
  cfg('use', 'other'),
  cfg('view', '--raw', '-o', 'json'),
  cfg('get-contexts'),
  ['--kubeconfig', '{dir}/empty', 'config', 'view'],
  ['--kubeconfig', '{dir}/empty', 'config', 'current-context'],
  ['--kubeconfig', '{dir}/empty', 'config', 'get-contexts'],
  ['--kubeconfig', '{dir}/empty', 'config', 'view', '--minify'],
  ['--kubeconfig', '{dir}/gone', 'config', 'view', '--minify'],
  ['--kubeconfig', '{dir}/gone', 'config', 'view', '-o', 'json'],
  ['--kubeconfig', '{dir}/none-{side}', 'config', 'set-context', '--current', '--namespace=a'],
  ['--kubeconfig', '{dir}/gone-{side}', 'config', 'set-context', '--current', '--namespace=a'],
  ['--kubeconfig', '{dir}/gone-{side}', 'config', 'view'],
];

describe('kubectl golden: version, cluster-info, api-resources, explain, config', () => {
  goldenSuite(
    'info',
    {
      build: buildShop,
      files: {
        'cfg-real': KUBECONFIG,
        'cfg-ours': KUBECONFIG,
        empty: EMPTY,
        gone: NO_CONTEXT,
        'none-real': EMPTY,
        'none-ours': EMPTY,
        'gone-real': NO_CONTEXT,
        'gone-ours': NO_CONTEXT,
      },
    },
    LINES,
  );
});
