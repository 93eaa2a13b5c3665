import type { Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec, ReplicationController } from 'kubernetes-types/core/v1.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf, formatLabels } from './table.js';
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
    col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
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

/** statefulSetPrinter prints stateful sets: NAME READY AGE, wide: CONTAINERS IMAGES. */
export const statefulSetPrinter: Printer<StatefulSet> = {
  columns: [nameColumn, col('Ready', 'Number of the pod with ready state'), ageColumn, containersColumn, imagesColumn],
  cells(s, now) {
    const { names, images } = templateContainers(s.spec?.template);
    return [s.metadata?.name ?? '', `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, sinceOf(s as never, now), names, images];
  },
};

/** daemonSetPrinter prints daemon sets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide: CONTAINERS IMAGES SELECTOR. */
export const daemonSetPrinter: Printer<DaemonSet> = {
  columns: [
    nameColumn,
    col('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/', { type: 'integer' }),
    col('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/', { type: 'integer' }),
    col('Ready', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.', { type: 'integer' }),
    col('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    col('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', { type: 'integer' }),
    col('Node Selector', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
    ageColumn,
    containersColumn,
    imagesColumn,
    col('Selector', "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", { priority: 1 }),
  ],
  cells(ds, now) {
    const st = ds.status;
    const { names, images } = templateContainers(ds.spec?.template);
    return [
      ds.metadata?.name ?? '',
      st?.desiredNumberScheduled ?? 0,
      st?.currentNumberScheduled ?? 0,
      st?.numberReady ?? 0,
      st?.updatedNumberScheduled ?? 0,
      st?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      sinceOf(ds as never, now),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

/** controllerRevisionPrinter prints controller revisions: NAME CONTROLLER REVISION AGE. */
export const controllerRevisionPrinter: Printer<ControllerRevision> = {
  columns: [
    nameColumn,
    col('Controller', 'Controller of the object'),
    col('Revision', 'Revision indicates the revision of the state represented by Data.'),
    ageColumn,
  ],
  cells(cr, now) {
    const ref = (cr.metadata?.ownerReferences ?? []).find((o) => o.controller);
    let controller = '<none>';
    if (ref) {
      // formatResourceName: lower-cased `Kind.group/name`, the group left out for the core group.
      const slash = ref.apiVersion.indexOf('/');
      const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
      controller = `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
    }
    return [cr.metadata?.name ?? '', controller, cr.revision, sinceOf(cr as never, now)];
  },
};

/** replicationControllerPrinter prints replication controllers: NAME DESIRED CURRENT READY AGE, wide: CONTAINERS IMAGES SELECTOR. */
export const replicationControllerPrinter: Printer<ReplicationController> = {
  columns: [
    nameColumn,
    col('Desired', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller', { type: 'integer' }),
    col('Current', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller', { type: 'integer' }),
    col('Ready', 'The number of ready replicas for this replication controller.', { type: 'integer' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    col('Selector', 'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', { priority: 1 }),
  ],
  cells(rc, now) {
    const { names, images } = templateContainers(rc.spec?.template);
    return [
      rc.metadata?.name ?? '',
      rc.spec?.replicas ?? 0,
      rc.status?.replicas ?? 0,
      rc.status?.readyReplicas ?? 0,
      sinceOf(rc as never, now),
      names,
      images,
      formatLabels(rc.spec?.selector),
    ];
  },
};
