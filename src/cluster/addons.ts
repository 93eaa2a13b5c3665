import type { KubeClient } from '../client/types.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { storageProvisionerPod } from './bootstrap.js';

/** Addon is one of `minik9s addons list`: minikube's name, who maintains it, and whether a new cluster has it on. */
export interface Addon {
  readonly name: string;
  readonly maintainer: string;
  readonly onByDefault: boolean;
  /** Why it cannot be switched here (shown instead of doing nothing). */
  readonly unavailable?: string;
}

/**
 * ADDONS are the addons minik9s knows, in minikube's order. metrics-server is on by default here (minikube's is
 * off) because the dashboard's header and `kubectl top` read it; turning it off takes metrics.k8s.io out of
 * discovery, as disabling minikube's addon does.
 */
export const ADDONS: readonly Addon[] = [
  { name: 'dashboard', maintainer: 'minik9s', onByDefault: false, unavailable: 'the minik9s dashboard is built in: run "minik9s dashboard"' },
  { name: 'default-storageclass', maintainer: 'Kubernetes', onByDefault: true },
  { name: 'ingress', maintainer: 'Kubernetes', onByDefault: false, unavailable: 'the ingress addon comes with the networking work (requests routed to pods); not available yet' },
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
    case 'storage-provisioner':
      if (on) await client.create(pod, 'kube-system', storageProvisionerPod()).catch(ignoreExisting);
      else await client.delete(pod, 'kube-system', 'storage-provisioner').catch(ignoreMissing);
      return;
  }
}
