import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { fromLabelSelector, type Selector } from '../api/selectors.js';

/**
 * AffinityTerm is a pod (anti-)affinity term made ready to match: its label selector parsed and the
 * namespaces it applies to resolved as the InterPodAffinity plugin does (the owner pod's namespace when the
 * term names none; every namespace for an empty namespaceSelector).
 */
export interface AffinityTerm {
  topologyKey: string;
  selector: Selector;
  /** undefined = every namespace. */
  namespaces: Set<string> | undefined;
  weight: number;
}

function makeTerm(owner: Pod, t: PodAffinityTerm, weight = 1): AffinityTerm {
  let selector: Selector;
  try {
    selector = fromLabelSelector(t.labelSelector);
  } catch {
    selector = fromLabelSelector(null);
  }
  let namespaces: Set<string> | undefined = new Set(t.namespaces ?? []);
  if (!t.namespaces?.length && !t.namespaceSelector) namespaces = new Set([owner.metadata?.namespace ?? 'default']);
  else if (t.namespaceSelector && !t.namespaceSelector.matchLabels && !t.namespaceSelector.matchExpressions?.length) namespaces = undefined;
  return { topologyKey: t.topologyKey, selector, namespaces, weight };
}

/** termMatchesPod tells whether a pod falls under a term: its namespace and its labels. */
export function termMatchesPod(term: AffinityTerm, pod: Pod): boolean {
  if (term.namespaces && !term.namespaces.has(pod.metadata?.namespace ?? 'default')) return false;
  return term.selector.matches(pod.metadata?.labels ?? {});
}

/** PodAffinityInfo holds a pod's parsed required and preferred affinity and anti-affinity terms. */
export interface PodAffinityInfo {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
}

const weighted = (owner: Pod, ts: WeightedPodAffinityTerm[] | undefined) => (ts ?? []).map((t) => makeTerm(owner, t.podAffinityTerm, t.weight));

/** affinityInfo parses the pod (anti-)affinity of a pod, or returns undefined when it has none. */
export function affinityInfo(pod: Pod): PodAffinityInfo | undefined {
  const a = pod.spec?.affinity;
  if (!a?.podAffinity && !a?.podAntiAffinity) return undefined;
  const info: PodAffinityInfo = {
    requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => makeTerm(pod, t)),
    requiredAntiAffinity: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => makeTerm(pod, t)),
    preferredAffinity: weighted(pod, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(pod, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
  const n = info.requiredAffinity.length + info.requiredAntiAffinity.length + info.preferredAffinity.length + info.preferredAntiAffinity.length;
  return n ? info : undefined;
}

/** topologyPair is the `key=value` domain of a node for a topology key, or undefined if the node lacks the label. */
export function topologyPair(key: string, labels: Record<string, string> | undefined): string | undefined {
  const v = labels?.[key];
  return v === undefined ? undefined : `${key}\u0000${v}`;
}
