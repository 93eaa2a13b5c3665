import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf } from './table.js';

/** q prints an optional Quantity the way Go's (*Quantity).String() does, `<nil>` for a nil pointer. */
const q = (v: number | string | undefined | null): string => (v === undefined || v === null ? '<nil>' : String(v));

/** formatHPAMetrics is the TARGETS cell: `current/target` per metric, two at most, then `+ N more...`. */
export function formatHPAMetrics(specs: MetricSpec[] | undefined, statuses: MetricStatus[] | undefined): string {
  if (!specs?.length) return '<none>';
  const st = statuses ?? [];
  const list: string[] = [];
  specs.forEach((spec, i) => {
    const s = st[i];
    switch (spec.type) {
      case 'External': {
        const t = spec.external?.target;
        if (t?.averageValue !== undefined && t.averageValue !== null) {
          const cur = s?.external && s.external.current.averageValue != null ? q(s.external.current.averageValue) : '<unknown>';
          list.push(`${cur}/${q(t.averageValue)} (avg)`);
        } else {
          const cur = s?.external ? q(s.external.current.value) : '<unknown>';
          list.push(`${cur}/${q(t?.value)}`);
        }
        break;
      }
      case 'Pods': {
        const cur = s?.pods ? q(s.pods.current.averageValue) : '<unknown>';
        list.push(`${cur}/${q(spec.pods?.target.averageValue)}`);
        break;
      }
      case 'Object': {
        const t = spec.object?.target;
        if (t?.averageValue !== undefined && t.averageValue !== null) {
          const cur = s?.object && s.object.current.averageValue != null ? q(s.object.current.averageValue) : '<unknown>';
          list.push(`${cur}/${q(t.averageValue)} (avg)`);
        } else {
          const cur = s?.object ? q(s.object.current.value) : '<unknown>';
          list.push(`${cur}/${q(t?.value)}`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const cur = spec.type === 'Resource' ? s?.resource : s?.containerResource;
        const t = src?.target;
        const name = src?.name ?? '';
        if (t?.averageValue !== undefined && t.averageValue !== null) {
          list.push(`${name}: ${cur ? q(cur.current.averageValue) : '<unknown>'}/${q(t.averageValue)}`);
        } else {
          const c = cur?.current.averageUtilization != null ? `${cur.current.averageUtilization}%` : '<unknown>';
          const target = t?.averageUtilization != null ? `${t.averageUtilization}%` : '<auto>';
          list.push(`${name}: ${c}/${target}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

/** horizontalPodAutoscalerPrinter prints HPAs: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. */
export const horizontalPodAutoscalerPrinter: Printer<HorizontalPodAutoscaler> = {
  columns: [
    nameColumn,
    col('Reference', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
    col('Targets', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond.'),
    col('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.'),
    col('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.'),
    col('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    ageColumn,
  ],
  cells(hpa, now) {
    const ref = hpa.spec?.scaleTargetRef;
    return [
      hpa.metadata?.name ?? '',
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
      hpa.spec?.minReplicas != null ? String(hpa.spec.minReplicas) : '<unset>',
      hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      sinceOf(hpa as never, now),
    ];
  },
};
