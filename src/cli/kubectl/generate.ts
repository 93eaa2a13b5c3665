// Helpers of kubectl's pkg/generate, which the object generators of `run` and `expose` share.

/** parseLabels is generate.ParseLabels: a `k=v,k=v` set (for run --labels, expose --labels and --selector). */
export function parseLabels(spec: string): Record<string, string> {
  if (!spec) throw new Error('no label spec passed');
  const labels: Record<string, string> = {};
  for (const s of spec.split(',')) {
    const kv = s.split('=');
    if (kv.length !== 2) throw new Error(`unexpected label spec: ${s}`);
    if (!kv[0]) throw new Error('unexpected empty label key');
    labels[kv[0]] = kv[1]!;
  }
  return labels;
}
