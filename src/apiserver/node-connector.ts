import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerLog } from '../kubelet/logs.js';

/**
 * NodeConnector is how the API server reaches the kubelet running a pod (kube-apiserver's kubelet client):
 * container logs now, exec and port-forward streams next.
 */
export interface NodeConnector {
  containerLog(pod: Pod, container: string, previous: boolean): { log: ContainerLog } | { error: string };
}
