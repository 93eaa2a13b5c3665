import { openProfile, rememberNodes } from '../profile/profile.js';
import type { SimNode } from '../apiserver/http/nodes-api.js';
import { daemonRequest } from './daemon-api.js';
import { CliError, ExitCode, out } from './output.js';
import { forProfile } from './status.js';

/** shortName is how minikube names a worker in its messages: `m02` for `<profile>-m02`. */
function shortName(profile: string, node: string): string {
  return node.startsWith(`${profile}-`) ? node.slice(profile.length + 1) : node;
}

/** fullName accepts either form (`m02`, `minik9s-m02`) and gives the node's name. */
function fullName(profile: string, name: string): string {
  return /^m\d{2,}$/.test(name) ? `${profile}-${name}` : name;
}

async function listNodes(profile: string): Promise<SimNode[]> {
  return (await daemonRequest<{ nodes: SimNode[] }>(profile, 'GET', '/minik9s/v1/nodes')).nodes;
}

/** remember keeps the profile's nodes, so that `status` of the stopped cluster names them. */
async function remember(profile: string): Promise<void> {
  const conf = openProfile(profile);
  if (conf) rememberNodes(conf, (await listNodes(profile)).map((n) => n.name));
}

/**
 * node is `minik9s node add|list|delete NAME`, as minikube's: add joins a worker (`<profile>-m02`, ...) with its own
 * kubelet, address and pod CIDR; delete drains one and removes it; list prints each node and its address.
 */
export async function node(profile: string, sub: string | undefined, name: string | undefined): Promise<number> {
  switch (sub) {
    case 'list': {
      for (const n of await listNodes(profile)) process.stdout.write(`${n.name}\t${n.ip}\n`);
      return 0;
    }
    case 'add': {
      const before = await listNodes(profile);
      const next = `m${String(Math.max(...before.map((n) => Number(/-m(\d+)$/.exec(n.name)?.[1] ?? 1))) + 1).padStart(2, '0')}`;
      out('happy', `Adding node ${next} to cluster ${profile} as [worker]`);
      out('thumbsUp', `Starting "${profile}-${next}" worker node in "${profile}" cluster`);
      const added = await daemonRequest<SimNode>(profile, 'POST', '/minik9s/v1/nodes');
      await remember(profile);
      out('ready', `Successfully added ${shortName(profile, added.name)} to ${profile}!`);
      return 0;
    }
    case 'delete': {
      if (!name) throw new CliError('usage: minik9s node delete NAME (see "minik9s node list")', ExitCode.Usage, 'MK_USAGE');
      const full = fullName(profile, name);
      const before = await listNodes(profile);
      const target = before.find((n) => n.name === full);
      if (!target) throw new CliError(`retrieving node: Could not find node ${name}`, ExitCode.GuestError, 'GUEST_NODE_RETRIEVE');
      if (target.controlPlane)
        throw new CliError(`node ${name} is the control plane: delete the cluster instead ("${forProfile('minik9s delete', profile)}")`, ExitCode.GuestError, 'GUEST_NODE_DELETE');
      out('deleting', `Deleting node ${shortName(profile, full)} from cluster ${profile}`);
      await daemonRequest(profile, 'DELETE', `/minik9s/v1/nodes/${encodeURIComponent(full)}`);
      await remember(profile);
      out('deleted', `Node ${shortName(profile, full)} was successfully deleted.`);
      return 0;
    }
    default:
      throw new CliError(`usage: minik9s node add | node list | node delete NAME`, ExitCode.Usage, 'MK_USAGE');
  }
}

/** ip prints a node's address, as `minikube ip` does (the control plane's unless --node names another). */
export async function ip(profile: string, nodeName: string | undefined): Promise<number> {
  const nodes = await listNodes(profile);
  const target = nodeName ? nodes.find((n) => n.name === fullName(profile, nodeName)) : nodes.find((n) => n.controlPlane);
  if (!target) throw new CliError(`retrieving node: Could not find node ${nodeName}`, ExitCode.GuestError, 'GUEST_NODE_RETRIEVE');
  process.stdout.write(`${target.ip}\n`);
  return 0;
}
