import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../api/types.js';
import { isAlreadyExists, isNotFound } from '../api/api-error.js';
import { objectKey } from '../client/informer.js';
import type { EventRecorder } from '../client/event-recorder.js';
import { Controller, type ControllerContext, splitKey } from './controller.js';
import {
  type PV,
  type PVC,
  pvKind,
  pvcKind,
  scKind,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  ANN_BETA_STORAGE_PROVISIONER,
} from './pv-binder.js';

/** The provisioner name of minikube's storage-provisioner addon (the `standard` class's provisioner). */
export const MINIKUBE_HOSTPATH = 'k8s.io/minikube-hostpath';
/** Where minikube's provisioner makes each volume's directory: `<pvDir>/<namespace>/<claim>`. */
export const HOSTPATH_PV_DIR = '/tmp/hostpath-provisioner';
const ANN_IDENTITY = 'hostPathProvisionerIdentity';

/**
 * HostPathProvisioner is minikube's storage-provisioner (kubernetes/minikube pkg/storage, on
 * sig-storage-lib-external-provisioner): for a claim whose storage-provisioner annotation names
 * k8s.io/minikube-hostpath it creates PV `pvc-<claim uid>` (hostPath /tmp/hostpath-provisioner/<ns>/<claim>,
 * capacity = request, access modes of the claim, reclaim policy of the class, claimRef to the claim), with the
 * events Provisioning and ProvisioningSucceeded from `k8s.io/minikube-hostpath_<node>_<uuid>`; and it deletes
 * its Released volumes whose reclaim policy is Delete. No directory is made: the simulation has no disk.
 */
export class HostPathProvisioner extends Controller {
  private readonly claims;
  private readonly volumes;
  private readonly classes;
  /** The provisioner's identity (a UUID per start), stamped on its volumes so it only deletes its own. */
  readonly identity = randomUUID();
  private readonly events: EventRecorder;

  constructor(ctx: ControllerContext) {
    super(ctx, 'storage-provisioner');
    this.claims = ctx.informers.for<PVC>(pvcKind);
    this.volumes = ctx.informers.for<PV>(pvKind);
    this.classes = ctx.informers.for<KubeObject>(scKind);
    // The library's event source: `<provisioner>_<hostname>_<uuid>`; the pod runs on the node's network.
    this.events = this.makeRecorder({ component: `${MINIKUBE_HOSTPATH}_${ctx.nodeName}_${this.identity}` });
    const onClaim = (c: PVC) => this.enqueue(`claim:${objectKey(c)}`);
    this.claims.on({ add: onClaim, update: onClaim });
    const onVolume = (v: PV) => this.enqueue(`volume:${v.metadata.name}`);
    this.volumes.on({ add: onVolume, update: onVolume });
  }

  private on = true;

  /** False while the storage-provisioner addon is disabled: claims wait, as they would with its pod gone. */
  get enabled(): boolean {
    return this.on;
  }

  /** Switching it back on looks at every claim again: those made meanwhile get their volume now. */
  set enabled(v: boolean) {
    this.on = v;
    if (v) for (const c of this.claims.list()) this.enqueue(`claim:${objectKey(c)}`);
  }

  async reconcile(key: string): Promise<void> {
    if (!this.on) return;
    const i = key.indexOf(':');
    if (key.slice(0, i) === 'claim') await this.provision(key.slice(i + 1));
    else await this.reclaim(key.slice(i + 1));
  }

  private async provision(key: string): Promise<void> {
    const claim = this.claims.get(key);
    if (!claim || claim.metadata.deletionTimestamp || claim.spec?.volumeName) return;
    const ann = claim.metadata.annotations ?? {};
    if ((ann[ANN_STORAGE_PROVISIONER] ?? ann[ANN_BETA_STORAGE_PROVISIONER]) !== MINIKUBE_HOSTPATH) return;
    const sc = this.classes.get(claim.spec?.storageClassName ?? '');
    if (!sc || sc.provisioner !== MINIKUBE_HOSTPATH) return;
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !ann[ANN_SELECTED_NODE]) return;
    const pvName = `pvc-${claim.metadata.uid}`;
    if (this.volumes.get(pvName)) return;
    const { namespace, name } = splitKey(key);
    this.events.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${namespace}/${name}"`);
    const pv: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: pvName,
        annotations: { [ANN_IDENTITY]: this.identity, [ANN_DYNAMICALLY_PROVISIONED]: MINIKUBE_HOSTPATH },
      },
      spec: {
        accessModes: [...(claim.spec?.accessModes ?? [])],
        capacity: { storage: claim.spec?.resources?.requests?.['storage'] },
        hostPath: { path: `${HOSTPATH_PV_DIR}/${namespace}/${name}`, type: '' },
        persistentVolumeReclaimPolicy: (sc.reclaimPolicy as string | undefined) ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        claimRef: {
          kind: 'PersistentVolumeClaim',
          namespace,
          name,
          uid: claim.metadata.uid,
          apiVersion: 'v1',
          resourceVersion: claim.metadata.resourceVersion,
        },
      },
    };
    if (sc.mountOptions) (pv.spec as Record<string, unknown>).mountOptions = sc.mountOptions;
    try {
      await this.ctx.client.create(pvKind, undefined, pv);
    } catch (err) {
      if (isAlreadyExists(err)) return;
      this.events.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
    this.events.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
  }

  /** reclaim deletes this provisioner's Released volumes whose reclaim policy is Delete (the library's shouldDelete). */
  private async reclaim(name: string): Promise<void> {
    const vol = this.volumes.get(name);
    if (!vol || vol.metadata.deletionTimestamp) return;
    if (vol.status?.phase !== 'Released' || vol.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
    if (vol.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== MINIKUBE_HOSTPATH) return;
    // minikube's Delete refuses volumes of another provisioner instance (IgnoredError); here every start is the same
    // cluster, so volumes of an earlier start (another identity) are deleted too rather than leaked.
    try {
      await this.ctx.client.delete(pvKind, undefined, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
