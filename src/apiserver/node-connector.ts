import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerLog } from '../kubelet/logs.js';
import type { ExecIO, ExecOptions, ExecSession } from '../kubelet/exec.js';

/**
 * NodeConnector is how the API server reaches the kubelet running a pod (kube-apiserver's kubelet client):
 * container logs now, exec and port-forward streams next.
 */
export interface NodeConnector {
  containerLog(pod: Pod, container: string, previous: boolean): { log: ContainerLog } | { error: string };
  exec(pod: Pod, container: string, argv: string[], opts: ExecOptions, io: ExecIO): ExecSession | { error: string };
}
