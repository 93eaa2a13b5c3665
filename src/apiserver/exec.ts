import type { Pod } from 'kubernetes-types/core/v1.js';
import { mustKind } from '../api/kinds.js';
import type { Registry } from './registry.js';
import type { NodeConnector } from './node-connector.js';
import { badRequest } from './errors.js';

const podKind = mustKind('v1', 'Pod');

/**
 * execTarget makes the checks kube-apiserver makes on pods/NAME/exec before it reaches the kubelet, with its words:
 * the pod exists, the container is named (or is the only one) and is the pod's, the pod has not completed, it runs
 * on a node. Whatever carries the exec (WebSocket for kubectl, a call for the in-process client) starts from here.
 */
export function execTarget(
  registry: Registry,
  nodes: NodeConnector | undefined,
  namespace: string,
  name: string,
  container: string | undefined,
): { pod: Pod; container: string; nodes: NodeConnector } {
  const pod = registry.get(podKind, namespace, name) as unknown as Pod;
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const chosen = container || (containers.length === 1 ? containers[0]! : '');
  if (!chosen) throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
  if (!containers.includes(chosen)) throw badRequest(`container ${chosen} is not valid for pod ${name}`);
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')
    throw badRequest(`cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  if (!nodes) throw badRequest(`pod ${name} does not have a host assigned`);
  return { pod, container: chosen, nodes };
}
