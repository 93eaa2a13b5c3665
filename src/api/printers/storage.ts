import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf } from './table.js';

/** accessModesString abbreviates access modes in the fixed order RWO, ROX, RWX, RWOP, as GetAccessModesAsString does. */
export function accessModesString(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** storageClassOf is the class of a volume or claim: the beta annotation wins over spec.storageClassName. */
export function storageClassOf(obj: PersistentVolume | PersistentVolumeClaim): string {
  const ann = obj.metadata?.annotations ?? {};
  if (BETA_STORAGE_CLASS in ann) return ann[BETA_STORAGE_CLASS] ?? '';
  return obj.spec?.storageClassName ?? '';
}

/** persistentVolumePrinter prints volumes: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE, wide: VOLUMEMODE. */
export const persistentVolumePrinter: Printer<PersistentVolume> = {
  columns: [
    nameColumn,
    col('Capacity', "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
    col('Access Modes', 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes'),
    col('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming'),
    col('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase'),
    col('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding'),
    col('StorageClass', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    col('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn,
    col('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.', { priority: 1 }),
  ],
  cells(pv, now) {
    const ref = pv.spec?.claimRef;
    const claim = ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '';
    const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    return [
      pv.metadata?.name ?? '',
      // Go prints a missing storage quantity as the zero Quantity, "0".
      String(pv.spec?.capacity?.['storage'] ?? '0'),
      accessModesString(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase,
      claim,
      storageClassOf(pv),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      sinceOf(pv as never, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** persistentVolumeClaimPrinter prints claims: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE, wide: VOLUMEMODE. */
export const persistentVolumeClaimPrinter: Printer<PersistentVolumeClaim> = {
  columns: [
    nameColumn,
    col('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1'),
    col('StorageClass', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    col('VolumeMode', 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.', { priority: 1 }),
  ],
  cells(pvc, now) {
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    const volume = pvc.spec?.volumeName ?? '';
    // Capacity and access modes show only once the claim is bound to a volume.
    const capacity = volume ? String(pvc.status?.capacity?.['storage'] ?? '0') : '';
    const modes = volume ? accessModesString(pvc.status?.accessModes) : '';
    return [
      pvc.metadata?.name ?? '',
      phase,
      volume,
      capacity,
      modes,
      storageClassOf(pvc),
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      sinceOf(pvc as never, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** isDefaultClass is true for a StorageClass annotated as the cluster default (GA or beta annotation). */
export function isDefaultClass(sc: StorageClass): boolean {
  const ann = sc.metadata?.annotations ?? {};
  return ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

/** storageClassPrinter prints storage classes: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE. */
export const storageClassPrinter: Printer<StorageClass> = {
  columns: [
    nameColumn,
    col('Provisioner', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
    col('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
    col('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    ageColumn,
  ],
  cells: (sc, now) => [
    (sc.metadata?.name ?? '') + (isDefaultClass(sc) ? ' (default)' : ''),
    sc.provisioner ?? '',
    sc.reclaimPolicy ?? 'Delete',
    sc.volumeBindingMode ?? 'Immediate',
    sc.allowVolumeExpansion ?? false,
    sinceOf(sc as never, now),
  ],
};
