import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf } from './table.js';
import { formatLabelSelector } from '../selectors.js';

const containersColumn = col('Containers', 'Names of each container in the template.', { priority: 1 });
const imagesColumn = col('Images', 'Images referenced by each container in the template.', { priority: 1 });
const selectorColumn = col('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', { priority: 1 });

/** templateContainers lists a pod template's container names and images, comma-joined, as the wide columns show. */
export function templateContainers(t: PodTemplateSpec | undefined): { names: string; images: string } {
  const cs = t?.spec?.containers ?? [];
  return { names: cs.map((c) => c.name).join(','), images: cs.map((c) => c.image ?? '').join(',') };
}

/** deploymentPrinter prints deployments: NAME READY UP-TO-DATE AVAILABLE AGE, wide: CONTAINERS IMAGES SELECTOR. */
export const deploymentPrinter: Printer<Deployment> = {
  columns: [
    nameColumn,
    col('Ready', 'Number of the pod with ready state'),
    col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', { type: 'integer' }),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', { type: 'integer' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  cells(d, now) {
    const { names, images } = templateContainers(d.spec?.template);
    return [
      d.metadata?.name ?? '',
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      sinceOf(d as never, now),
      names,
      images,
      formatLabelSelector(d.spec?.selector),
    ];
  },
};

/** replicaSetPrinter prints replica sets: NAME DESIRED CURRENT READY AGE, wide: CONTAINERS IMAGES SELECTOR. */
export const replicaSetPrinter: Printer<ReplicaSet> = {
  columns: [
    nameColumn,
    col('Desired', 'Number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.', { type: 'integer' }),
    col('Current', 'Replicas is the most recently observed number of non-terminating pods.', { type: 'integer' }),
    col('Ready', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.', { type: 'integer' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    col('Selector', 'Selector is a label query over pods that should match the replica count.', { priority: 1 }),
  ],
  cells(rs, now) {
    const { names, images } = templateContainers(rs.spec?.template);
    return [
      rs.metadata?.name ?? '',
      rs.spec?.replicas ?? 0,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      sinceOf(rs as never, now),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};
