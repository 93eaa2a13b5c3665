import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isAlreadyExists } from '../api/api-error.js';
import type { KubeClient } from '../client/types.js';
import { KUBERNETES_VERSION } from './version.js';

/** The API server's port inside the simulated node (minikube's), as the `kubernetes` Endpoints show it. */
export const APISERVER_NODE_PORT = 8443;

const ns = mustKind('v1', 'Namespace');
const svc = mustKind('v1', 'Service');
const ep = mustKind('v1', 'Endpoints');
const pod = mustKind('v1', 'Pod');
const deploy = mustKind('apps/v1', 'Deployment');
const ds = mustKind('apps/v1', 'DaemonSet');

const hostPod = (name: string, labels: Record<string, string>, image: string, command: string[], container = name): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'kube-system', labels },
  spec: {
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    priority: 2000001000,
    containers: [{ name: container, image, command, imagePullPolicy: 'IfNotPresent' }],
  },
});

/** staticPods are the control-plane manifests the control-plane node's kubelet runs (and mirrors). */
export function staticPods(version = KUBERNETES_VERSION): KubeObject[] {
  const cp = (component: string, image: string) =>
    hostPod(component, { component, tier: 'control-plane' }, image, [component]);
  return [
    cp('etcd', 'registry.k8s.io/etcd:3.6.6-0'),
    cp('kube-apiserver', `registry.k8s.io/kube-apiserver:${version}`),
    cp('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${version}`),
    cp('kube-scheduler', `registry.k8s.io/kube-scheduler:${version}`),
  ];
}

async function ensure(client: KubeClient, kind: ReturnType<typeof mustKind>, namespace: string | undefined, obj: KubeObject): Promise<void> {
  // Look first: on a restored cluster a create would be refused for other reasons before AlreadyExists (a Service's
  // fixed cluster IP is "already allocated" to itself).
  if (await client.get(kind, namespace, obj.metadata.name!).catch(() => undefined)) return;
  try {
    await client.create(kind, namespace, obj);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/** bootstrapNamespaces creates the four namespaces every cluster starts with. */
export async function bootstrapNamespaces(client: KubeClient): Promise<void> {
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
    await ensure(client, ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** preloadedImages are the images minikube's preload tarball puts on a new node: their pods start without a pull. */
export const preloadedImages = (version = KUBERNETES_VERSION) => [
  'registry.k8s.io/coredns/coredns:v1.13.1',
  `registry.k8s.io/kube-proxy:${version}`,
  'gcr.io/k8s-minikube/storage-provisioner:v5',
  'registry.k8s.io/pause:3.10.1',
];

/**
 * bootstrap creates what kubeadm and minikube put in every new cluster: the four namespaces, the `kubernetes`
 * Service and its Endpoints, CoreDNS with the kube-dns Service, kube-proxy and the storage provisioner.
 * It only creates what is missing, so it is safe on every start.
 */
export async function bootstrap(client: KubeClient, nodeIP: string, version = KUBERNETES_VERSION): Promise<void> {
  await bootstrapNamespaces(client);

  // minikube's default-storageclass addon.
  await ensure(client, mustKind('storage.k8s.io/v1', 'StorageClass'), undefined, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: 'standard',
      labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' },
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: 'k8s.io/minikube-hostpath',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
  await ensure(client, svc, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: APISERVER_NODE_PORT }] },
  });
  await ensure(client, ep, 'default', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: nodeIP }], ports: [{ name: 'https', port: APISERVER_NODE_PORT, protocol: 'TCP' }] }],
  });

  await ensure(client, svc, 'kube-system', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: '10.96.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  });
  await ensure(client, deploy, 'kube-system', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          priorityClassName: 'system-cluster-critical',
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns:v1.13.1',
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
              ],
            },
          ],
        },
      },
    },
  });
  // kube-proxy is kubeadm's DaemonSet: one pod per node, on the host network, tolerating every taint. On a cluster
  // started again with a newer --kubernetes-version, its image follows (as `kubeadm upgrade` does): a rollout.
  const proxy = (await client.get(ds, 'kube-system', 'kube-proxy').catch(() => undefined)) as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } } | undefined;
  const proxyImage = `registry.k8s.io/kube-proxy:${version}`;
  if (proxy && proxy.spec?.template?.spec?.containers?.[0]?.image !== proxyImage)
    await client.patch(ds, 'kube-system', 'kube-proxy', 'strategic', { spec: { template: { spec: { containers: [{ name: 'kube-proxy', image: proxyImage }] } } } });
  await ensure(client, ds, 'kube-system', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          priority: 2000001000,
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'kube-proxy',
              image: proxyImage,
              imagePullPolicy: 'IfNotPresent',
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
              securityContext: { privileged: true },
            },
          ],
        },
      },
    },
  });
  await ensure(client, pod, 'kube-system', storageProvisionerPod());
}

/** storageProvisionerPod is minikube's storage-provisioner addon: a bare pod in kube-system on the host network. */
export function storageProvisionerPod(): KubeObject {
  return hostPod(
    'storage-provisioner',
    { 'addonmanager.kubernetes.io/mode': 'Reconcile', 'integration-test': 'storage-provisioner' },
    'gcr.io/k8s-minikube/storage-provisioner:v5',
    ['/storage-provisioner'],
  );
}
