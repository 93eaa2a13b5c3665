// Field tables for k8s.io/api rbac/v1 (proto package k8s.io.api.rbac.v1).
// Field numbers from generated.proto; JSON names, omitempty and pointer-ness from the Go types (types.go).
// Notation: see ./schema.ts.

export const RBAC: Readonly<Record<string, string>> = {
  AggregationRule: 'clusterRoleSelectors=1:meta.LabelSelector*',
  ClusterRole: 'metadata=1:meta.ObjectMeta rules=2:PolicyRule* aggregationRule=3:AggregationRule!',
  ClusterRoleBinding: 'metadata=1:meta.ObjectMeta subjects=2:Subject* roleRef=3:RoleRef!',
  PolicyRule: 'verbs=1:s* apiGroups=2:s* resources=3:s* resourceNames=4:s* nonResourceURLs=5:s*',
  Role: 'metadata=1:meta.ObjectMeta rules=2:PolicyRule*',
  RoleBinding: 'metadata=1:meta.ObjectMeta subjects=2:Subject* roleRef=3:RoleRef!',
  RoleRef: 'apiGroup=1:s! kind=2:s! name=3:s!',
  Subject: 'kind=1:s! apiGroup=2:s name=3:s! namespace=4:s',
};
