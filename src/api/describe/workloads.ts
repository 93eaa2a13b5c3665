import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../types.js';
import { describePodTemplate } from './pod.js';
import { controllerOf, DescribeWriter, formatSelector, rfc1123z, byteOrder } from './writer.js';

type Condition = { type: string; status: string; reason?: string };

function conditions(w: DescribeWriter, list: readonly Condition[] | undefined): void {
  if (!list?.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of list) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

/** sameTemplate compares pod templates as the deployment controller does: ignoring pod-template-hash. */
function templateKey(t: unknown): string {
  const tt = JSON.parse(JSON.stringify(t ?? {})) as { metadata?: { labels?: Record<string, string> } };
  if (tt.metadata?.labels) delete tt.metadata.labels['pod-template-hash'];
  return JSON.stringify(tt, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => byteOrder(a, b))) : v,
  );
}

/** describeDeployment writes `kubectl describe deployment`; `replicaSets` are the namespace's ReplicaSets. */
export function describeDeployment(w: DescribeWriter, d: Deployment, replicaSets: readonly ReplicaSet[], events: readonly KubeObject[] | undefined): void {
  const md = d.metadata ?? {};
  const spec = d.spec!;
  const st = d.status ?? {};
  w.write(0, `Name:\t${md.name}\n`);
  w.write(0, `Namespace:\t${md.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}\n`);
  w.labels('Labels', md.labels);
  w.annotations('Annotations', md.annotations);
  const sel = formatSelector(spec.selector);
  w.write(0, `Selector:\t${sel === '<none>' ? '' : sel}\n`);
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? '<nil>'} max unavailable, ${ru.maxSurge ?? '<nil>'} max surge\n`);
  describePodTemplate(w, spec.template);
  conditions(w, st.conditions as Condition[] | undefined);
  const owned = replicaSets
    .filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === md.uid))
    .sort((a, b) => byteOrder(a.metadata?.creationTimestamp ?? '', b.metadata?.creationTimestamp ?? '') || byteOrder(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  const want = templateKey(spec.template);
  const newRS = owned.find((rs) => templateKey(rs.spec?.template) === want);
  const old = owned.filter((rs) => rs !== newRS);
  const item = (rs: ReplicaSet) => `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`;
  if (owned.length) {
    w.write(0, `OldReplicaSets:\t${old.length ? old.map(item).join(', ') : '<none>'}\n`);
    w.write(0, `NewReplicaSet:\t${newRS ? item(newRS) : '<none>'}\n`);
  }
  w.events(events);
}

/** describeReplicaSet writes `kubectl describe replicaset`; `pods` are the namespace's pods. */
export function describeReplicaSet(w: DescribeWriter, rs: ReplicaSet, pods: readonly Pod[], events: readonly KubeObject[] | undefined): void {
  const md = rs.metadata ?? {};
  w.write(0, `Name:\t${md.name}\n`);
  w.write(0, `Namespace:\t${md.namespace}\n`);
  w.write(0, `Selector:\t${formatSelector(rs.spec?.selector)}\n`);
  w.labels('Labels', md.labels);
  w.annotations('Annotations', md.annotations);
  const ctl = controllerOf(rs as KubeObject);
  if (ctl) w.write(0, `Controlled By:\t${ctl}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  const mine = pods.filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === md.uid));
  const count = (phase: string) => mine.filter((p) => p.status?.phase === phase).length;
  w.write(0, 'Pods Status:\t');
  w.write(0, `${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  describePodTemplate(w, rs.spec?.template);
  conditions(w, rs.status?.conditions as Condition[] | undefined);
  w.events(events);
}
