// Field tables for k8s.io/api scheduling/v1 (proto package k8s.io.api.scheduling.v1).
// Field numbers from generated.proto; JSON names, omitempty and pointer-ness from the Go types (types.go).
// Notation: see ./schema.ts.

export const SCHEDULING: Readonly<Record<string, string>> = {
  PriorityClass: 'metadata=1:meta.ObjectMeta value=2:i32! globalDefault=3:b description=4:s preemptionPolicy=5:s!',
};
