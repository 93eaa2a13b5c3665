import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isAlreadyExists, isNotFound } from '../api/api-error.js';
import { Controller, type ControllerContext } from './controller.js';

const nsKind = mustKind('v1', 'Namespace');
const saKind = mustKind('v1', 'ServiceAccount');
const cmKind = mustKind('v1', 'ConfigMap');

/**
 * ServiceAccountController gives every active namespace its `default` ServiceAccount and the
 * `kube-root-ca.crt` ConfigMap (kube-controller-manager's serviceaccount and root-ca-cert-publisher controllers),
 * and puts them back when they are deleted.
 */
export class ServiceAccountController extends Controller {
  private readonly namespaces;
  private readonly accounts;
  private readonly configMaps;

  private caPem: string | undefined;

  constructor(ctx: ControllerContext) {
    super(ctx, 'serviceaccount-controller');
    this.namespaces = ctx.informers.for<Namespace & KubeObject>(nsKind);
    this.accounts = ctx.informers.for(saKind);
    this.configMaps = ctx.informers.for(cmKind);
    this.namespaces.on({ add: (ns) => this.enqueue(ns.metadata.name!), update: (ns) => this.enqueue(ns.metadata.name!) });
    this.accounts.on({ delete: (sa) => sa.metadata.name === 'default' && this.enqueue(sa.metadata.namespace!) });
    this.configMaps.on({ delete: (cm) => cm.metadata.name === 'kube-root-ca.crt' && this.enqueue(cm.metadata.namespace!) });
  }

  /** setCA gives the cluster's CA certificate, published in every namespace as kube-root-ca.crt. */
  setCA(pem: string): void {
    this.caPem = pem;
    for (const ns of this.namespaces.list()) this.enqueue(ns.metadata.name!);
  }

  async reconcile(name: string): Promise<void> {
    const ns = this.namespaces.get(name);
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    const create = async (k: typeof saKind, obj: KubeObject) => {
      try {
        await this.ctx.client.create(k, name, obj);
      } catch (err) {
        if (!isAlreadyExists(err) && !isNotFound(err)) throw err;
      }
    };
    if (!this.accounts.get(`${name}/default`))
      await create(saKind, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    if (this.caPem && !this.configMaps.get(`${name}/kube-root-ca.crt`))
      await create(cmKind, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace: name, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
        data: { 'ca.crt': this.caPem },
      });
  }
}
