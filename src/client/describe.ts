import { mustKind, type KindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/types.js';
import { describe, relatedNeeds, type Related } from '../api/describe/index.js';
import type { KubeClient } from './types.js';

const K = {
  event: mustKind('v1', 'Event'),
  rs: mustKind('apps/v1', 'ReplicaSet'),
  pod: mustKind('v1', 'Pod'),
  slice: mustKind('discovery.k8s.io/v1', 'EndpointSlice'),
  lease: mustKind('coordination.k8s.io/v1', 'Lease'),
  quota: mustKind('v1', 'ResourceQuota'),
  limits: mustKind('v1', 'LimitRange'),
};

/** items lists a kind, or undefined when the list is refused (no Events section then, as kubectl). */
async function items(p: Promise<{ items: KubeObject[] }>): Promise<KubeObject[] | undefined> {
  try {
    return (await p).items;
  } catch {
    return undefined;
  }
}

/**
 * describeObject reads an object and what its description needs, the way kubectl describe does (events by
 * involvedObject field selector, the Deployment's ReplicaSets, the Service's EndpointSlices, the node's pods and
 * Lease), and returns the text. A missing object throws the server's NotFound.
 */
export async function describeObject(client: KubeClient, kind: KindInfo, namespace: string | undefined, name: string, now: number): Promise<string> {
  const obj = await client.get(kind, kind.namespaced ? namespace : undefined, name);
  const ns = obj.metadata.namespace;
  const related: Related = {};
  const needs = relatedNeeds(kind);
  await Promise.all(
    needs.map(async (n) => {
      switch (n) {
        case 'events': {
          const sel = [`involvedObject.name=${name}`, ...(ns ? [`involvedObject.namespace=${ns}`] : []), ...(kind.kind === 'Pod' ? [] : [`involvedObject.kind=${kind.kind}`]), `involvedObject.uid=${obj.metadata.uid}`];
          related.events = await items(client.list(K.event, ns, { fieldSelector: sel.join(',') }));
          // The kubelet names its node by name in its events' uid: kubectl reads those too.
          if (kind.kind === 'Node' && related.events) {
            const byName = await items(client.list(K.event, undefined, { fieldSelector: `involvedObject.name=${name},involvedObject.kind=Node,involvedObject.uid=${name}` }));
            related.events = [...related.events, ...(byName ?? [])];
          }
          return;
        }
        case 'replicaSets':
          related.replicaSets = (await items(client.list(K.rs, ns))) ?? [];
          return;
        case 'pods':
          related.pods = (await items(client.list(K.pod, kind.kind === 'Node' ? undefined : ns, kind.kind === 'Node' ? { fieldSelector: `spec.nodeName=${name}` } : {}))) ?? [];
          return;
        case 'endpointSlices':
          related.endpointSlices = (await items(client.list(K.slice, ns, { labelSelector: `kubernetes.io/service-name=${name}` }))) ?? [];
          return;
        case 'lease':
          related.lease = await client.get(K.lease, 'kube-node-lease', name).catch(() => undefined);
          return;
        case 'quotas':
          related.quotas = (await items(client.list(K.quota, name))) ?? [];
          return;
        case 'limitRanges':
          related.limitRanges = (await items(client.list(K.limits, name))) ?? [];
          return;
      }
    }),
  );
  return describe(kind, obj, related, now);
}
