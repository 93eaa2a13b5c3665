import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerLog } from '../kubelet/logs.js';
import type { ExecIO, ExecOptions, ExecSession } from '../kubelet/exec.js';
import type { PodConnection } from '../kubelet/serving.js';

/**
 * NodeConnector is how the API server reaches the kubelet running a pod (kube-apiserver's kubelet client):
 * container logs, exec sessions and port-forward connections.
 */
export interface NodeConnector {
  containerLog(pod: Pod, container: string, previous: boolean): { log: ContainerLog } | { error: string };
  exec(pod: Pod, container: string, argv: string[], opts: ExecOptions, io: ExecIO): ExecSession | { error: string };
  connectPod(namespace: string, name: string, port: number): PodConnection;
}
