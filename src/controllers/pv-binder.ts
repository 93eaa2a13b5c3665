import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isConflict, isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { parseQuantity } from '../scheduler/quantity.js';
import { Controller, type ControllerContext, splitKey } from './controller.js';

export type PVC = PersistentVolumeClaim & KubeObject;
export type PV = PersistentVolume & KubeObject;
type SC = StorageClass & KubeObject;

export const pvcKind = mustKind('v1', 'PersistentVolumeClaim');
export const pvKind = mustKind('v1', 'PersistentVolume');
export const scKind = mustKind('storage.k8s.io/v1', 'StorageClass');
const podKind = mustKind('v1', 'Pod');

// The annotations of pkg/controller/volume/persistentvolume (storagehelpers / volume/util).
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

/** storageOf reads a storage quantity (`1Gi`) in bytes; malformed reads as 0. */
export function storageOf(q: string | number | undefined): number {
  if (q === undefined) return 0;
  try {
    return parseQuantity(q);
  } catch {
    return 0;
  }
}

/** claimClass is the class a claim asks for ("" = no class, only statically bound volumes without a class). */
const claimClass = (c: PVC) => c.spec?.storageClassName ?? '';

/**
 * PersistentVolumeController is kube-controller-manager's persistentvolume-binder: it binds claims to matching
 * Available volumes (class, size, access modes, volume mode), asks the class's external provisioner for a new
 * volume when none matches (annotation volume.kubernetes.io/storage-provisioner, event ExternalProvisioning),
 * holds WaitForFirstConsumer claims until a pod using them is scheduled (event WaitForFirstConsumer), moves
 * volumes Pending → Available → Bound → Released, and keeps them Released under Retain.
 * It also does the DefaultStorageClass admission's job: a claim without storageClassName gets the default class.
 */
export class PersistentVolumeController extends Controller {
  private readonly claims;
  private readonly volumes;
  private readonly classes;
  private readonly pods;
  /** Claims already told they wait for a consumer (the event is not repeated every sync). */
  private readonly waitNoted = new Set<string>();
  private readonly provisionNoted = new Set<string>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'persistentvolume-controller');
    this.claims = ctx.informers.for<PVC>(pvcKind);
    this.volumes = ctx.informers.for<PV>(pvKind);
    this.classes = ctx.informers.for<SC>(scKind);
    this.pods = ctx.informers.for<Pod & KubeObject>(podKind);
    const onClaim = (c: PVC) => this.enqueue(`claim:${objectKey(c)}`);
    this.claims.on({
      add: onClaim,
      update: onClaim,
      delete: (c) => {
        this.waitNoted.delete(objectKey(c));
        this.provisionNoted.delete(objectKey(c));
        if (c.spec?.volumeName) this.enqueue(`volume:${c.spec.volumeName}`);
        for (const v of this.volumes.list()) if (v.spec?.claimRef?.uid === c.metadata.uid) this.enqueue(`volume:${v.metadata.name}`);
      },
    });
    const onVolume = (v: PV) => this.enqueue(`volume:${v.metadata.name}`);
    this.volumes.on({
      add: onVolume,
      update: onVolume,
      // A volume that goes away may leave a bound claim Lost, or free a pending claim to provision.
      delete: (v) => {
        const ref = v.spec?.claimRef;
        if (ref?.namespace && ref.name) this.enqueue(`claim:${ref.namespace}/${ref.name}`);
      },
    });
    // A new class (or a changed default) may unblock pending claims.
    this.classes.on({ add: () => this.enqueuePending(), update: () => this.enqueuePending() });
    // WaitForFirstConsumer: a scheduled pod using a claim selects its node.
    const onPod = (p: Pod & KubeObject) => {
      if (!p.spec?.nodeName) return;
      for (const vol of p.spec.volumes ?? []) {
        const name = vol.persistentVolumeClaim?.claimName;
        if (name) this.enqueue(`claim:${p.metadata.namespace}/${name}`);
      }
    };
    this.pods.on({ add: onPod, update: onPod });
  }

  private enqueuePending(): void {
    for (const c of this.claims.list()) if (!c.spec?.volumeName) this.enqueue(`claim:${objectKey(c)}`);
  }

  async reconcile(key: string): Promise<void> {
    const i = key.indexOf(':');
    const kind = key.slice(0, i);
    const rest = key.slice(i + 1);
    if (kind === 'claim') await this.syncClaim(rest);
    else await this.syncVolume(rest);
  }

  private async getClaim(key: string): Promise<PVC | undefined> {
    const { namespace, name } = splitKey(key);
    try {
      return await this.ctx.client.get<PVC>(pvcKind, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async getVolume(name: string): Promise<PV | undefined> {
    try {
      return await this.ctx.client.get<PV>(pvKind, undefined, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private defaultClass(): SC | undefined {
    const defaults = this.classes.list().filter((c) => c.metadata.annotations?.[ANN_DEFAULT_CLASS] === 'true');
    // With several defaults the newest wins (DefaultStorageClass admission since 1.26).
    return defaults.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '')).pop();
  }

  private async syncClaim(key: string): Promise<void> {
    const claim = await this.getClaim(key);
    if (!claim || claim.metadata.deletionTimestamp) return;
    const { namespace, name } = splitKey(key);
    // DefaultStorageClass admission: an unset class (not "") becomes the default class.
    if (claim.spec?.storageClassName == null) {
      const def = this.defaultClass();
      if (def) {
        await this.ctx.client.patch(pvcKind, namespace, name!, 'merge', { spec: { storageClassName: def.metadata.name } });
        return; // the update brings the claim back
      }
    }
    const volumeName = claim.spec?.volumeName;
    if (volumeName) {
      // Bound (or pre-bound by the user): finish the binding from the claim's side.
      const vol = await this.getVolume(volumeName);
      if (!vol) {
        if (claim.status?.phase === 'Bound') await this.claimStatus(claim, { phase: 'Lost' });
        return;
      }
      const ref = vol.spec?.claimRef;
      if (!ref) {
        await this.bind(claim, vol);
        return;
      }
      if (ref.name === claim.metadata.name && ref.namespace === claim.metadata.namespace && (!ref.uid || ref.uid === claim.metadata.uid)) {
        await this.bind(claim, vol);
      }
      return;
    }
    // Unbound: a matching volume, else provisioning.
    const cls = claimClass(claim);
    const sc = cls ? this.classes.get(cls) : undefined;
    const delay = sc?.volumeBindingMode === 'WaitForFirstConsumer' && !claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (delay) {
      const node = this.consumerNode(claim);
      if (node) {
        // The scheduler's volume binder records the node it picked for the consuming pod.
        await this.ctx.client.patch(pvcKind, namespace, name!, 'merge', { metadata: { annotations: { [ANN_SELECTED_NODE]: node } } });
        return;
      }
      if (!this.waitNoted.has(key)) {
        this.waitNoted.add(key);
        this.recorder.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      }
      return;
    }
    const match = this.findBestMatch(claim);
    if (match) {
      await this.bind(claim, match);
      return;
    }
    if (!sc || !sc.provisioner) return; // nothing will come: stays Pending until a volume is created by hand
    // Upstream annotates the claim and then records the event; here the event goes first so that it is not
    // overtaken by the provisioner's, which in-process reacts to the annotation at once.
    if (!this.provisionNoted.has(key)) {
      this.provisionNoted.add(key);
      this.recorder.event(
        claim,
        'Normal',
        'ExternalProvisioning',
        `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      );
    }
    const ann = claim.metadata.annotations ?? {};
    if (ann[ANN_STORAGE_PROVISIONER] !== sc.provisioner || ann[ANN_BETA_STORAGE_PROVISIONER] !== sc.provisioner) {
      await this.ctx.client.patch(pvcKind, namespace, name!, 'merge', {
        metadata: { annotations: { [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner, [ANN_STORAGE_PROVISIONER]: sc.provisioner } },
      });
    }
  }

  /** consumerNode is the node of a scheduled pod that mounts the claim, if any. */
  private consumerNode(claim: PVC): string | undefined {
    for (const p of this.pods.list()) {
      if (p.metadata.namespace !== claim.metadata.namespace || !p.spec?.nodeName || p.metadata.deletionTimestamp) continue;
      if ((p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata.name)) return p.spec.nodeName;
    }
    return undefined;
  }

  /** findBestMatch is upstream's FindMatchingVolume: a volume pre-bound to the claim wins, else the smallest fitting Available one. */
  private findBestMatch(claim: PVC): PV | undefined {
    const want = storageOf(claim.spec?.resources?.requests?.['storage']);
    const modes = claim.spec?.accessModes ?? [];
    const cls = claimClass(claim);
    const mode = claim.spec?.volumeMode ?? 'Filesystem';
    const sel = claim.spec?.selector?.matchLabels;
    let best: PV | undefined;
    for (const v of this.volumes.list()) {
      if (v.metadata.deletionTimestamp) continue;
      const ref = v.spec?.claimRef;
      const preBound = !!ref && ref.name === claim.metadata.name && ref.namespace === claim.metadata.namespace && (!ref.uid || ref.uid === claim.metadata.uid);
      if (ref && !preBound) continue;
      if (!ref && v.status?.phase !== 'Available') continue;
      if ((v.spec?.storageClassName ?? '') !== cls) continue;
      if ((v.spec?.volumeMode ?? 'Filesystem') !== mode) continue;
      const cap = storageOf(v.spec?.capacity?.['storage']);
      if (cap < want) continue;
      if (!modes.every((m) => v.spec?.accessModes?.includes(m))) continue;
      if (sel && !Object.entries(sel).every(([k, val]) => v.metadata.labels?.[k] === val)) continue;
      if (preBound) return v;
      if (!best || cap < storageOf(best.spec?.capacity?.['storage'])) best = v;
    }
    return best;
  }

  /** bind is upstream's bind(): the volume's claimRef and Bound phase, then the claim's volumeName, annotations and Bound status. */
  private async bind(claim: PVC, vol: PV): Promise<void> {
    const ns = claim.metadata.namespace;
    // 1. The volume points at the claim.
    const ref = vol.spec?.claimRef;
    if (!ref || ref.uid !== claim.metadata.uid) {
      const patch: Record<string, unknown> = {
        spec: {
          claimRef: {
            kind: 'PersistentVolumeClaim',
            namespace: ns,
            name: claim.metadata.name,
            uid: claim.metadata.uid,
            apiVersion: 'v1',
            resourceVersion: claim.metadata.resourceVersion,
          },
        },
      };
      if (!ref) patch.metadata = { annotations: { [ANN_BOUND_BY_CONTROLLER]: 'yes' } };
      vol = await this.ctx.client.patch<PV>(pvKind, undefined, vol.metadata.name!, 'merge', patch);
    }
    if (vol.status?.phase !== 'Bound') vol = await this.volumeStatus(vol, 'Bound');
    // 2. The claim points at the volume.
    const ann = claim.metadata.annotations ?? {};
    if (claim.spec?.volumeName !== vol.metadata.name || ann[ANN_BIND_COMPLETED] !== 'yes') {
      const annotations: Record<string, string> = { [ANN_BIND_COMPLETED]: 'yes' };
      if (!claim.spec?.volumeName) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
      claim = await this.ctx.client.patch<PVC>(pvcKind, ns, claim.metadata.name!, 'merge', {
        metadata: { annotations, uid: claim.metadata.uid },
        spec: { volumeName: vol.metadata.name },
      });
    }
    if (claim.status?.phase !== 'Bound' || !claim.status.capacity)
      await this.claimStatus(claim, { phase: 'Bound', accessModes: vol.spec?.accessModes, capacity: vol.spec?.capacity });
    this.waitNoted.delete(objectKey(claim));
    this.provisionNoted.delete(objectKey(claim));
  }

  private async claimStatus(claim: PVC, status: Record<string, unknown>): Promise<void> {
    const body = { ...claim, metadata: { ...claim.metadata, resourceVersion: undefined }, status: { ...(claim.status ?? {}), ...status } } as KubeObject;
    try {
      await this.ctx.client.update(pvcKind, claim.metadata.namespace, body, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** volumeStatus sets a volume's phase and, when it changes, lastPhaseTransitionTime (as the controller has since 1.28). */
  private async volumeStatus(vol: PV, phase: string): Promise<PV> {
    const status: Record<string, unknown> = { ...(vol.status ?? {}), phase };
    if (vol.status?.phase !== phase) status.lastPhaseTransitionTime = formatTime(this.ctx.clock.now());
    const body = { ...vol, metadata: { ...vol.metadata, resourceVersion: undefined }, status } as KubeObject;
    return (await this.ctx.client.update<PV>(pvKind, undefined, body, { subresource: 'status' })) ?? vol;
  }

  private async syncVolume(name: string): Promise<void> {
    const vol = await this.getVolume(name);
    if (!vol || vol.metadata.deletionTimestamp) return;
    const ref = vol.spec?.claimRef;
    try {
      if (!ref) {
        if (vol.status?.phase !== 'Available') await this.volumeStatus(vol, 'Available');
        this.enqueuePending();
        return;
      }
      const claim = ref.namespace && ref.name ? await this.getClaim(`${ref.namespace}/${ref.name}`) : undefined;
      if (!claim || (ref.uid && claim.metadata.uid !== ref.uid)) {
        // The claim is gone: the volume is Released and its reclaim policy decides what happens next.
        if (vol.status?.phase !== 'Released' && vol.status?.phase !== 'Failed') await this.volumeStatus(vol, 'Released');
        // Delete with an external provisioner: the provisioner deletes it. Retain: an administrator does.
        return;
      }
      if (claim.spec?.volumeName === vol.metadata.name) {
        if (vol.status?.phase !== 'Bound') await this.volumeStatus(vol, 'Bound');
        this.enqueue(`claim:${objectKey(claim)}`);
        return;
      }
      // Pre-bound by name only (claimRef without uid): Available. A provisioned volume (claimRef with uid) keeps
      // its phase until the claim's sync binds it, as upstream's syncVolume does; either way the claim is told.
      if (!ref.uid && vol.status?.phase !== 'Available') await this.volumeStatus(vol, 'Available');
      this.enqueue(`claim:${objectKey(claim)}`);
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) this.queue.addAfter(`volume:${name}`, 10);
      else throw err;
    }
  }
}
