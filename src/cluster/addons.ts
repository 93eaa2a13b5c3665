import type { KubeClient } from '../client/types.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { storageProvisionerPod } from './bootstrap.js';
import { INGRESS_NGINX_CONTROLLER, INGRESS_NGINX_NAMESPACE, INGRESS_NGINX_POD_LABELS } from '../controllers/ingress-nginx.js';

/** Addon is one of `minik9s addons list`: minikube's name, who maintains it, and whether a new cluster has it on. */
export interface Addon {
  readonly name: string;
  readonly maintainer: string;
  readonly onByDefault: boolean;
}

/**
 * ADDONS are the addons minik9s knows, in minikube's order. metrics-server is on by default here (minikube's is
 * off) because the dashboard's header and `kubectl top` read it; turning it off takes metrics.k8s.io out of
 * discovery, as disabling minikube's addon does.
 */
export const ADDONS: readonly Addon[] = [
  // The dashboard is minik9s' own and always there: the switch is kept for scripts that enable it as in minikube.
  { name: 'dashboard', maintainer: 'minik9s', onByDefault: false },
  { name: 'default-storageclass', maintainer: 'Kubernetes', onByDefault: true },
  { name: 'ingress', maintainer: 'Kubernetes', onByDefault: false },
  { name: 'metrics-server', maintainer: 'Kubernetes', onByDefault: true },
  { name: 'storage-provisioner', maintainer: 'minikube', onByDefault: true },
];

const storageClass = mustKind('storage.k8s.io/v1', 'StorageClass');
const deployment = mustKind('apps/v1', 'Deployment');
const pod = mustKind('v1', 'Pod');
const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

/** metricsServerDeployment is what minikube's metrics-server addon applies in kube-system. */
function metricsServerDeployment(): KubeObject {
  const labels = { 'k8s-app': 'metrics-server' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'metrics-server', namespace: 'kube-system', labels: { ...labels, 'addonmanager.kubernetes.io/mode': 'Reconcile', 'kubernetes.io/minikube-addons': 'metrics-server' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-cluster-critical',
          containers: [
            {
              name: 'metrics-server',
              image: 'registry.k8s.io/metrics-server/metrics-server:v0.8.0',
              args: ['--cert-dir=/tmp', '--secure-port=4443', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=60s', '--kubelet-insecure-tls'],
              ports: [{ name: 'https', containerPort: 4443, protocol: 'TCP' }],
              resources: { requests: { cpu: '100m', memory: '200Mi' } },
            },
          ],
        },
      },
    },
  } as KubeObject;
}

/** The ingress-nginx release minikube's ingress addon deploys, and the objects it applies (less its admission webhook). */
const INGRESS_NGINX_IMAGE = 'registry.k8s.io/ingress-nginx/controller:v1.13.2';

function ingressObjects(): [ReturnType<typeof mustKind>, KubeObject][] {
  const ns = INGRESS_NGINX_NAMESPACE;
  const labels = { 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };
  const addon = { 'addonmanager.kubernetes.io/mode': 'Reconcile', 'kubernetes.io/minikube-addons': 'ingress' };
  const meta = (name: string, extra: Record<string, string> = {}) => ({ name, namespace: ns, labels: { ...labels, ...extra } });
  return [
    [mustKind('v1', 'Namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } }],
    [mustKind('v1', 'ServiceAccount'), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('ingress-nginx', { 'app.kubernetes.io/component': 'controller' }) }],
    [mustKind('v1', 'ConfigMap'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('ingress-nginx-controller', { 'app.kubernetes.io/component': 'controller' }), data: { 'allow-snippet-annotations': 'false', 'hsts': 'false' } } as KubeObject],
    [
      mustKind('networking.k8s.io/v1', 'IngressClass'),
      { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', labels: { ...labels, ...addon, 'app.kubernetes.io/component': 'controller' }, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: INGRESS_NGINX_CONTROLLER } } as KubeObject,
    ],
    [
      mustKind('v1', 'Service'),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta('ingress-nginx-controller', { 'app.kubernetes.io/component': 'controller' }),
        spec: {
          type: 'NodePort',
          ipFamilyPolicy: 'SingleStack',
          ports: [
            { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', appProtocol: 'http' },
            { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https', appProtocol: 'https' },
          ],
          selector: INGRESS_NGINX_POD_LABELS,
        },
      } as KubeObject,
    ],
    [
      mustKind('v1', 'Service'),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta('ingress-nginx-controller-admission', { 'app.kubernetes.io/component': 'controller' }),
        spec: { type: 'ClusterIP', ports: [{ name: 'https-webhook', port: 443, targetPort: 'webhook', appProtocol: 'https' }], selector: INGRESS_NGINX_POD_LABELS },
      } as KubeObject,
    ],
    [
      deployment,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta('ingress-nginx-controller', { ...addon, 'app.kubernetes.io/component': 'controller' }),
        spec: {
          replicas: 1,
          revisionHistoryLimit: 10,
          minReadySeconds: 0,
          selector: { matchLabels: INGRESS_NGINX_POD_LABELS },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
          template: {
            metadata: { labels: { ...INGRESS_NGINX_POD_LABELS, 'gcp-auth-skip-secret': 'true' } },
            spec: {
              serviceAccountName: 'ingress-nginx',
              terminationGracePeriodSeconds: 0,
              dnsPolicy: 'ClusterFirst',
              // minikube pins it to the control plane, whose address the Ingresses then show.
              nodeSelector: { 'kubernetes.io/os': 'linux', 'minik9s.io/primary': 'true' },
              tolerations: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/master', operator: 'Equal' }],
              containers: [
                {
                  name: 'controller',
                  image: INGRESS_NGINX_IMAGE,
                  imagePullPolicy: 'IfNotPresent',
                  args: [
                    '/nginx-ingress-controller',
                    `--election-id=ingress-nginx-leader`,
                    '--controller-class=k8s.io/ingress-nginx',
                    '--watch-ingress-without-class=true',
                    `--configmap=$(POD_NAMESPACE)/ingress-nginx-controller`,
                    '--tcp-services-configmap=$(POD_NAMESPACE)/tcp-services',
                    '--udp-services-configmap=$(POD_NAMESPACE)/udp-services',
                    '--validating-webhook=:8443',
                  ],
                  env: [
                    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                    { name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' },
                  ],
                  ports: [
                    { name: 'http', containerPort: 80, hostPort: 80, protocol: 'TCP' },
                    { name: 'https', containerPort: 443, hostPort: 443, protocol: 'TCP' },
                    { name: 'webhook', containerPort: 8443, protocol: 'TCP' },
                  ],
                  resources: { requests: { cpu: '100m', memory: '90Mi' } },
                },
              ],
            },
          },
        },
      } as KubeObject,
    ],
  ];
}

const ignoreMissing = (err: unknown) => {
  if ((err as { code?: number }).code !== 404) throw err;
};
const ignoreExisting = (err: unknown) => {
  if ((err as { code?: number }).code !== 409) throw err;
};

/**
 * applyAddon makes the cluster's objects match an addon's state: the metrics-server Deployment, the default
 * StorageClass's annotation, the storage-provisioner pod. (What the API serves and whether claims are provisioned
 * is switched by the cluster itself.)
 */
export async function applyAddon(client: KubeClient, name: string, on: boolean): Promise<void> {
  switch (name) {
    case 'metrics-server':
      if (on) await client.create(deployment, 'kube-system', metricsServerDeployment()).catch(ignoreExisting);
      else await client.delete(deployment, 'kube-system', 'metrics-server').catch(ignoreMissing);
      return;
    case 'default-storageclass':
      await client.patch(storageClass, undefined, 'standard', 'merge', { metadata: { annotations: { [DEFAULT_CLASS]: String(on) } } }).catch(ignoreMissing);
      return;
    case 'ingress':
      // On: minikube's objects, made when missing. Off: the namespace goes (and everything in it), and the class.
      if (on) for (const [kind, obj] of ingressObjects()) await client.create(kind, obj.metadata.namespace, obj).catch(ignoreExisting);
      else {
        await client.delete(mustKind('networking.k8s.io/v1', 'IngressClass'), undefined, 'nginx').catch(ignoreMissing);
        await client.delete(mustKind('v1', 'Namespace'), undefined, INGRESS_NGINX_NAMESPACE).catch(ignoreMissing);
      }
      return;
    case 'storage-provisioner':
      if (on) await client.create(pod, 'kube-system', storageProvisionerPod()).catch(ignoreExisting);
      else await client.delete(pod, 'kube-system', 'storage-provisioner').catch(ignoreMissing);
      return;
  }
}
