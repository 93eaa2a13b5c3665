import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint, Toleration } from 'kubernetes-types/core/v1.js';

/**
 * Node fit rules shared by the scheduler and the DaemonSet controller (which decides where daemon pods
 * belong before the scheduler binds them): nodeSelector, required node affinity, taints and tolerations.
 */

/** requirementMatches applies one node selector requirement (In, NotIn, Exists, DoesNotExist, Gt, Lt). */
function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && vals.includes(value);
    case 'NotIn':
      return value === undefined || !vals.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const a = Number.parseInt(value ?? '', 10);
      const b = Number.parseInt(vals[0] ?? '', 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** termMatches tells whether a node satisfies one node selector term (an empty term matches nothing). */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return (
    exprs.every((r) => requirementMatches(r, node.metadata?.labels?.[r.key])) &&
    fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata?.name))
  );
}

/** podFitsNode checks nodeSelector and required node affinity (the NodeAffinity filter's required part). */
export function podFitsNode(spec: PodSpec | undefined, node: Node): boolean {
  const sel = spec?.nodeSelector ?? {};
  if (!Object.entries(sel).every(([k, v]) => node.metadata?.labels?.[k] === v)) return false;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => termMatches(t, node))) return false;
  return true;
}

/** tolerates tells whether some toleration matches the taint (key, value, effect; operator Exists or Equal). */
export const tolerates = (tolerations: Toleration[], taint: Taint) =>
  tolerations.some(
    (t) =>
      (!t.effect || t.effect === taint.effect) &&
      (t.operator === 'Exists' ? !t.key || t.key === taint.key : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')),
  );

