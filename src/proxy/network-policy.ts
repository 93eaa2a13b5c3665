import type { Namespace, Pod } from 'kubernetes-types/core/v1.js';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { fromLabelSelector } from '../api/selectors.js';
import { inCidr } from '../api/ip.js';
import type { SharedInformers } from '../controllers/controller.js';

type NP = NetworkPolicy & KubeObject;
type P = Pod & KubeObject;

const npKind = mustKind('networking.k8s.io/v1', 'NetworkPolicy');
const nsKind = mustKind('v1', 'Namespace');
const podKind = mustKind('v1', 'Pod');

/** Endpoint is one end of a connection: its address, and the pod when it is one. */
export interface Endpoint {
  ip: string;
  pod?: P;
}

/**
 * NetworkPolicies enforce networking.k8s.io/v1 NetworkPolicy on the simulated traffic, as a CNI plugin that
 * supports them (Calico, Cilium) would: a pod selected by a policy with Ingress in its policyTypes takes only the
 * connections some selecting policy's ingress rule allows (from pods by podSelector/namespaceSelector, or from an
 * ipBlock; to the listed ports, by number or by the container port's name); a pod selected by an Egress policy
 * opens only the connections its egress rules allow. Anything else is dropped: the caller waits and times out.
 * (minikube's default CNI ignores NetworkPolicies; here they work, so that a learner sees them do something.)
 */
export class NetworkPolicies {
  private readonly policies;
  private readonly namespaces;
  private readonly pods;

  constructor(informers: SharedInformers) {
    this.policies = informers.for<NP>(npKind);
    this.namespaces = informers.for<Namespace & KubeObject>(nsKind);
    this.pods = informers.for<P>(podKind);
  }

  /** podByIP finds the running pod with an address (host-network pods are their node, not a pod, to policies). */
  podByIP(ip: string): P | undefined {
    return this.pods.list().find((p) => p.status?.podIP === ip && !p.spec?.hostNetwork && !p.metadata.deletionTimestamp);
  }

  private selecting(pod: P, type: 'Ingress' | 'Egress'): NP[] {
    return this.policies.list().filter((np) => {
      if (np.metadata.namespace !== pod.metadata.namespace) return false;
      const types = np.spec?.policyTypes ?? (np.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
      return types.includes(type) && fromLabelSelector(np.spec?.podSelector ?? {}).matches(pod.metadata.labels);
    });
  }

  /** peerMatches tells whether the other end of a connection is a rule's peer (a rule's namespace is the policy's). */
  private peerMatches(peer: NetworkPolicyPeer, policyNamespace: string, other: Endpoint): boolean {
    if (peer.ipBlock) return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
    const pod = other.pod;
    if (!pod) return false;
    if (peer.namespaceSelector) {
      const ns = this.namespaces.get(pod.metadata.namespace!);
      const labels = { 'kubernetes.io/metadata.name': pod.metadata.namespace!, ...(ns?.metadata.labels ?? {}) };
      if (!fromLabelSelector(peer.namespaceSelector).matches(labels)) return false;
    } else if (pod.metadata.namespace !== policyNamespace) return false;
    return !peer.podSelector || fromLabelSelector(peer.podSelector).matches(pod.metadata.labels);
  }

  /** portMatches tells whether a rule's ports include the destination port (a name is the container port's). */
  private portMatches(ports: NetworkPolicyPort[] | undefined, port: number, dst: Endpoint): boolean {
    if (!ports?.length) return true;
    return ports.some((p) => {
      if ((p.protocol ?? 'TCP') !== 'TCP') return false;
      if (p.port === undefined) return true;
      if (typeof p.port === 'number') return p.endPort ? port >= p.port && port <= p.endPort : port === p.port;
      return (dst.pod?.spec?.containers ?? []).some((c) => c.ports?.some((cp) => cp.name === p.port && cp.containerPort === port));
    });
  }

  /** allows tells whether a TCP connection from src to dst:port gets through every policy on the way. */
  allows(src: Endpoint, dst: Endpoint, port: number): boolean {
    if (src.pod) {
      const egress = this.selecting(src.pod, 'Egress');
      const out = !egress.length || egress.some((np) => (np.spec?.egress ?? []).some((r) => (!r.to?.length || r.to.some((peer) => this.peerMatches(peer, np.metadata.namespace!, dst))) && this.portMatches(r.ports, port, dst)));
      if (!out) return false;
    }
    if (dst.pod) {
      const ingress = this.selecting(dst.pod, 'Ingress');
      if (ingress.length && !ingress.some((np) => (np.spec?.ingress ?? []).some((r) => (!r.from?.length || r.from.some((peer) => this.peerMatches(peer, np.metadata.namespace!, src))) && this.portMatches(r.ports, port, dst)))) return false;
    }
    return true;
  }
}
