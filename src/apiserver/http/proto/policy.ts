// Field tables for k8s.io/api policy/v1 (proto package k8s.io.api.policy.v1).
// Field numbers from generated.proto; JSON names, omitempty and pointer-ness from the Go types (types.go).
// Notation: see ./schema.ts.

export const POLICY: Readonly<Record<string, string>> = {
  Eviction: 'metadata=1:meta.ObjectMeta deleteOptions=2:meta.DeleteOptions!',
  PodDisruptionBudget: 'metadata=1:meta.ObjectMeta spec=2:PodDisruptionBudgetSpec status=3:PodDisruptionBudgetStatus',
  PodDisruptionBudgetSpec:
    'minAvailable=1:IntOrString! selector=2:meta.LabelSelector! maxUnavailable=3:IntOrString! ' +
    'unhealthyPodEvictionPolicy=4:s!',
  PodDisruptionBudgetStatus:
    'observedGeneration=1:i64 disruptedPods=2:map:Time disruptionsAllowed=3:i32! currentHealthy=4:i32! ' +
    'desiredHealthy=5:i32! expectedPods=6:i32! conditions=7:meta.Condition*',
};
