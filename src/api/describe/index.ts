import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap, Namespace, Node, Pod, Secret, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KindInfo } from '../kinds.js';
import type { KubeObject } from '../types.js';
import { describePod } from './pod.js';
import { describeDeployment, describeReplicaSet } from './workloads.js';
import { describeConfigMap, describeNamespace, describeNode, describeSecret, describeService } from './core.js';
import { describeGeneric } from './generic.js';
import { DescribeWriter } from './writer.js';

/**
 * Related are the other objects a description needs: the object's events (undefined when they could not be read:
 * no Events section then, as kubectl), and per kind its ReplicaSets, pods, EndpointSlices, Lease, quotas.
 */
export interface Related {
  events?: readonly KubeObject[];
  replicaSets?: readonly KubeObject[];
  pods?: readonly KubeObject[];
  endpointSlices?: readonly KubeObject[];
  lease?: KubeObject;
  quotas?: readonly KubeObject[];
  limitRanges?: readonly KubeObject[];
}

/** What describe needs to read besides the object, per kind (the client side reads it). */
export function relatedNeeds(kind: KindInfo): (keyof Related)[] {
  const core = kind.group === '';
  const apps = kind.group === 'apps';
  if (apps && kind.kind === 'Deployment') return ['events', 'replicaSets'];
  if (apps && kind.kind === 'ReplicaSet') return ['events', 'pods'];
  if (core && kind.kind === 'Service') return ['events', 'endpointSlices'];
  if (core && kind.kind === 'Node') return ['events', 'pods', 'lease'];
  if (core && kind.kind === 'Namespace') return ['quotas', 'limitRanges'];
  if (core && kind.kind === 'Secret') return [];
  return ['events'];
}

/**
 * describe writes what `kubectl describe` prints for an object: the kinds learners describe most (pods,
 * Deployments, ReplicaSets, Services, nodes, namespaces, ConfigMaps, Secrets) with kubectl 1.35's own layout,
 * every other kind with its generic describer. `now` is the clock the ages are measured against.
 */
export function describe(kind: KindInfo, obj: KubeObject, related: Related, now: number): string {
  const w = new DescribeWriter(now);
  const core = kind.group === '';
  const key = core || kind.group === 'apps' ? kind.kind : '';
  const ev = related.events;
  switch (key) {
    case 'Pod':
      describePod(w, obj as unknown as Pod, ev);
      break;
    case 'Deployment':
      describeDeployment(w, obj as unknown as Deployment, (related.replicaSets ?? []) as unknown as ReplicaSet[], ev);
      break;
    case 'ReplicaSet':
      describeReplicaSet(w, obj as unknown as ReplicaSet, (related.pods ?? []) as unknown as Pod[], ev);
      break;
    case 'Service':
      describeService(w, obj as unknown as Service, (related.endpointSlices ?? []) as unknown as EndpointSlice[], ev);
      break;
    case 'Node':
      describeNode(w, obj as unknown as Node, (related.pods ?? []) as unknown as Pod[], related.lease, ev);
      break;
    case 'Namespace':
      describeNamespace(w, obj as unknown as Namespace, related.quotas ?? [], related.limitRanges ?? []);
      break;
    case 'ConfigMap':
      describeConfigMap(w, obj as unknown as ConfigMap, ev);
      break;
    case 'Secret':
      describeSecret(w, obj as unknown as Secret);
      break;
    default:
      describeGeneric(w, obj, ev);
  }
  return w.toString();
}
