import { failure } from '../errors.js';

/** NODES_PATH is where the daemon lists, adds and removes simulated nodes (`minik9s node ...`, `status`). */
export const NODES_PATH = '/minik9s/v1/nodes';

/** SimNode is one simulated node as `minik9s node list` and `status` show it. */
export interface SimNode {
  name: string;
  ip: string;
  controlPlane: boolean;
  healthy: boolean;
}

/** NodeManager adds and removes the simulated cluster's nodes (the cluster). */
export interface NodeManager {
  nodeList(): SimNode[];
  addNode(): Promise<{ opts: { nodeName: string } }>;
  /** An error message, or undefined when the node is gone. */
  removeNode(name: string): Promise<string | undefined>;
}

/**
 * serveNodes answers NODES_PATH: GET lists the nodes, POST adds a worker and answers it, DELETE NODES_PATH/NAME
 * drains and removes one (404 with the reason when it cannot be: unknown, or the control plane).
 */
export async function serveNodes(manager: NodeManager | undefined, method: string, name: string | undefined): Promise<unknown> {
  if (!manager) throw failure(404, 'NotFound', 'this server simulates no nodes');
  if (method === 'GET' && !name) return { nodes: manager.nodeList() };
  if (method === 'POST' && !name) {
    const k = await manager.addNode();
    return manager.nodeList().find((n) => n.name === k.opts.nodeName);
  }
  if (method === 'DELETE' && name) {
    const err = await manager.removeNode(name);
    if (err) throw failure(404, 'NotFound', err);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', message: `node ${name} deleted`, code: 200 };
  }
  throw failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}
