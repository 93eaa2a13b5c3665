import type { Pod } from 'kubernetes-types/core/v1.js';
import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerCondition,
  HPAScalingRules,
  MetricSpec,
  MetricStatus,
} from 'kubernetes-types/autoscaling/v2.js';
import type { KubeObject } from '../api/types.js';
import { kindFor, mustKind } from '../api/kinds.js';
import { fromLabelSelector } from '../api/selectors.js';
import { isNotFound } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { objectKey } from '../client/informer.js';
import { podUsage } from '../kubelet/metrics.js';
import { milliValue } from '../scheduler/quantity.js';
import { Controller, type ControllerContext, splitKey } from './controller.js';
import { cloneJSON } from '../api/clone.js';

type HPA = HorizontalPodAutoscaler & KubeObject;
type P = Pod & KubeObject;

const hpaKind = mustKind('autoscaling/v2', 'HorizontalPodAutoscaler');
const podKind = mustKind('v1', 'Pod');

/** --horizontal-pod-autoscaler-sync-period: every HPA is looked at this often. */
export const HPA_SYNC_PERIOD_MS = 15_000;
/** --horizontal-pod-autoscaler-downscale-stabilization. */
const DOWNSCALE_STABILIZATION_MS = 300_000;
/** --horizontal-pod-autoscaler-tolerance. */
const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period and --...-initial-readiness-delay. */
const CPU_INITIALIZATION_PERIOD_MS = 300_000;
const DELAY_OF_INITIAL_READINESS_MS = 30_000;
/** The window metrics-server reports for pod samples (as the simulated metrics API does). */
const METRIC_WINDOW_MS = 10_500;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

/**
 * The simulation's load knob: a pod annotated `minik9s.io/cpu-millicores: "450"` uses 450m of CPU (the whole pod)
 * as far as the autoscaler is concerned, instead of its image's idle usage from the kubelet's usage model. Put it
 * on a Deployment's pod template (or annotate running pods) to drive an HPA up and remove it to let it come down.
 */
export const CPU_LOAD_ANNOTATION = 'minik9s.io/cpu-millicores';

interface Rec {
  replicas: number;
  at: number;
}
interface ScaleEvent {
  change: number;
  at: number;
}

class MetricError extends Error {}

/** formatMilli writes a milli-value as resource.NewMilliQuantity(v, DecimalSI) prints it: `250m`, `1`, `12k`. */
export function formatMilli(milli: number): string {
  const m = Math.round(milli);
  if (m % 1000 !== 0) return `${m}m`;
  let n = m / 1000;
  const suffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let i = 0;
  while (n !== 0 && n % 1000 === 0 && i < suffixes.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n}${suffixes[i]}`;
}

/**
 * HorizontalPodAutoscalerController is kube-controller-manager's horizontal-pod-autoscaler for autoscaling/v2:
 * every 15 s of cluster time it reads the target's scale, the pods' resource usage from the simulation (what
 * metrics-server would report) against their requests, computes ceil(ready * utilization / target) with the 10%
 * tolerance and upstream's handling of unready and missing pods, applies min/max, the scale-up limit and the
 * 5-minute downscale stabilization (or spec.behavior's windows and policies), scales the target, and writes
 * status (currentReplicas, desiredReplicas, currentMetrics, lastScaleTime, AbleToScale / ScalingActive /
 * ScalingLimited) with the upstream reasons, messages and events.
 */
export class HorizontalPodAutoscalerController extends Controller {
  private readonly hpas;
  private readonly pods;
  private readonly recommendations = new Map<string, Rec[]>();
  private readonly scaleUpEvents = new Map<string, ScaleEvent[]>();
  private readonly scaleDownEvents = new Map<string, ScaleEvent[]>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'horizontal-pod-autoscaler');
    this.hpas = ctx.informers.for<HPA>(hpaKind);
    this.pods = ctx.informers.for<P>(podKind);
    // Upstream adds every HPA with the resync period as delay, and drops an add while one is waiting.
    const later = (h: HPA) => this.queue.addAfter(objectKey(h), HPA_SYNC_PERIOD_MS);
    this.hpas.on({
      add: later,
      update: later,
      delete: (h) => {
        const key = objectKey(h);
        this.recommendations.delete(key);
        this.scaleUpEvents.delete(key);
        this.scaleDownEvents.delete(key);
      },
    });
  }

  async reconcile(key: string): Promise<void> {
    const hpa = this.hpas.get(key);
    if (!hpa) return;
    try {
      await this.reconcileAutoscaler(cloneJSON(hpa) as HPA, key);
    } finally {
      if (this.hpas.get(key)) this.queue.addAfter(key, HPA_SYNC_PERIOD_MS);
    }
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  private setCondition(hpa: HPA, type: string, status: 'True' | 'False', reason: string, message: string): void {
    const st = (hpa.status ??= { desiredReplicas: 0 });
    const list = (st.conditions ??= []) as HorizontalPodAutoscalerCondition[];
    let c = list.find((x) => x.type === type);
    if (!c) list.push((c = { type, status }));
    if (c.status !== status || !c.lastTransitionTime) c.lastTransitionTime = formatTime(this.now());
    c.status = status;
    c.reason = reason;
    c.message = message;
  }

  private async reconcileAutoscaler(hpa: HPA, key: string): Promise<void> {
    const original = JSON.stringify(hpa.status ?? {});
    const { namespace } = splitKey(key);
    const ref = hpa.spec!.scaleTargetRef;
    const reference = `${ref.kind}/${namespace}/${ref.name}`;
    // The scale subresource of the target.
    const kind = kindFor(ref.apiVersion ?? '', ref.kind);
    let target: KubeObject | undefined;
    let scaleErr: string | undefined;
    if (!kind) {
      const group = (ref.apiVersion ?? '').includes('/') ? ref.apiVersion!.split('/')[0] : '';
      scaleErr = `no matches for kind "${ref.kind}" in group "${group}"`;
    } else if (!kind.subresources.some((s) => s.name === 'scale')) {
      scaleErr = `${kind.resource}${kind.group ? '.' + kind.group : ''} "${ref.name}" not found`;
    } else {
      try {
        target = await this.ctx.client.get(kind, namespace, ref.name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        scaleErr = err instanceof Error ? err.message : String(err);
      }
    }
    if (!target || !kind) {
      this.recorder.event(hpa, 'Warning', 'FailedGetScale', scaleErr!);
      this.setCondition(hpa, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${scaleErr}`);
      await this.updateStatusIfNeeded(original, hpa);
      return;
    }
    this.setCondition(hpa, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const spec = (target.spec ?? {}) as { replicas?: number; selector?: Parameters<typeof fromLabelSelector>[0] };
    const currentReplicas = spec.replicas ?? 1;
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ replicas: currentReplicas, at: this.now() }]);

    const minReplicas = hpa.spec!.minReplicas ?? 1;
    const maxReplicas = hpa.spec!.maxReplicas;
    let desiredReplicas = 0;
    let rescaleReason = '';
    let rescale = true;
    let metricStatuses: MetricStatus[] | undefined;

    if (currentReplicas === 0 && minReplicas !== 0) {
      rescale = false;
      this.setCondition(hpa, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else if (currentReplicas > maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      const r = this.computeReplicasForMetrics(hpa, namespace!, spec.selector, currentReplicas);
      metricStatuses = r.statuses;
      if (r.replicas === -1) {
        this.setStatus(hpa, currentReplicas, hpa.status?.desiredReplicas ?? 0, metricStatuses, false);
        await this.updateStatusIfNeeded(original, hpa);
        this.recorder.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', r.error!);
        return;
      }
      if (r.replicas > desiredReplicas) desiredReplicas = r.replicas;
      if (desiredReplicas > currentReplicas) rescaleReason = `${r.metric} above target`;
      if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
      desiredReplicas = hpa.spec!.behavior
        ? this.normalizeWithBehaviors(hpa, key, currentReplicas, desiredReplicas, minReplicas)
        : this.normalize(hpa, key, currentReplicas, desiredReplicas, minReplicas);
      rescale = desiredReplicas !== currentReplicas;
    }

    if (rescale) {
      try {
        await this.ctx.client.patch(kind, namespace, ref.name, 'merge', { spec: { replicas: desiredReplicas } });
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        this.recorder.event(hpa, 'Warning', 'FailedRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${msg}`);
        this.setCondition(hpa, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${msg}`);
        this.setStatus(hpa, currentReplicas, hpa.status?.desiredReplicas ?? 0, metricStatuses, false);
        await this.updateStatusIfNeeded(original, hpa);
        throw new Error(`failed to rescale ${reference}: ${msg}`);
      }
      this.setCondition(hpa, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`);
      this.recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`);
      this.storeScaleEvent(hpa, key, currentReplicas, desiredReplicas);
    } else desiredReplicas = currentReplicas;
    this.setStatus(hpa, currentReplicas, desiredReplicas, metricStatuses, rescale);
    await this.updateStatusIfNeeded(original, hpa);
  }

  private setStatus(hpa: HPA, current: number, desired: number, metrics: MetricStatus[] | undefined, rescale: boolean): void {
    const old = hpa.status ?? { desiredReplicas: 0 };
    const status: NonNullable<HPA['status']> = { currentReplicas: current, desiredReplicas: desired };
    if (old.lastScaleTime) status.lastScaleTime = old.lastScaleTime;
    if (rescale) status.lastScaleTime = formatTime(this.now());
    if (metrics?.length) status.currentMetrics = metrics;
    if (old.conditions) status.conditions = old.conditions;
    if (old.observedGeneration !== undefined) status.observedGeneration = old.observedGeneration;
    hpa.status = status;
  }

  private async updateStatusIfNeeded(original: string, hpa: HPA): Promise<void> {
    if (JSON.stringify(hpa.status ?? {}) === original) return;
    const body = { ...hpa, metadata: { ...hpa.metadata, resourceVersion: undefined } } as KubeObject;
    try {
      await this.ctx.client.update(hpaKind, hpa.metadata.namespace, body, { subresource: 'status' });
    } catch (err) {
      if (isNotFound(err)) return;
      this.recorder.event(hpa, 'Warning', 'FailedUpdateStatus', err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  /** computeReplicasForMetrics: the largest proposal over the metrics; -1 when none (or a scale-down with some) could be computed. */
  private computeReplicasForMetrics(
    hpa: HPA,
    namespace: string,
    selector: Parameters<typeof fromLabelSelector>[0],
    specReplicas: number,
  ): { replicas: number; metric: string; statuses: MetricStatus[]; error?: string } {
    const specs = hpa.spec!.metrics ?? [];
    if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
      this.recorder.event(hpa, 'Warning', 'SelectorRequired', 'selector is required');
      this.setCondition(hpa, 'ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
      return { replicas: -1, metric: '', statuses: [], error: 'selector is required' };
    }
    const sel = fromLabelSelector(selector);
    const pods = this.pods.list().filter((p) => p.metadata.namespace === namespace && sel.matches(p.metadata.labels));
    const statuses: MetricStatus[] = specs.map(() => ({ type: '' }) as MetricStatus);
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let firstErr: string | undefined;
    let firstCond: { reason: string; message: string } | undefined;
    specs.forEach((ms, i) => {
      try {
        const r = this.computeReplicasForMetric(ms, pods, specReplicas, statuses, i);
        if (replicas === 0 || r.replicas > replicas) {
          replicas = r.replicas;
          metric = r.metric;
        }
      } catch (err) {
        if (!(err instanceof MetricError)) throw err;
        const [reason, wrapped] = err.message.split('\u0000') as [string, string];
        const inner = err.cause as string;
        if (invalid === 0) {
          firstErr = wrapped;
          firstCond = { reason, message: `the HPA was unable to compute the replica count: ${inner}` };
        }
        invalid++;
        this.recorder.event(hpa, 'Warning', reason, inner);
      }
    });
    const error = firstErr ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstErr}` : undefined;
    if (invalid >= specs.length || (invalid > 0 && replicas < specReplicas)) {
      this.setCondition(hpa, 'ScalingActive', 'False', firstCond!.reason, firstCond!.message);
      return { replicas: -1, metric: '', statuses, error };
    }
    this.setCondition(hpa, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`);
    return { replicas, metric, statuses, error };
  }

  private fail(reason: string, inner: string, wrapped: string): never {
    throw new MetricError(`${reason}\u0000${wrapped}`, { cause: inner });
  }

  private computeReplicasForMetric(ms: MetricSpec, pods: P[], current: number, statuses: MetricStatus[], i: number): { replicas: number; metric: string } {
    switch (ms.type) {
      case 'Resource': {
        const res = ms.resource!;
        const name = res.name;
        const t = res.target;
        try {
          if (t.averageValue !== undefined) {
            const r = this.rawResourceReplicas(pods, current, milliValue(t.averageValue), name);
            statuses[i] = { type: 'Resource', resource: { name, current: { averageValue: formatMilli(r.raw) } } };
            return { replicas: r.replicas, metric: `${name} resource` };
          }
          if (t.averageUtilization === undefined)
            throw new Error('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
          const r = this.resourceReplicas(pods, current, t.averageUtilization, name);
          statuses[i] = { type: 'Resource', resource: { name, current: { averageUtilization: r.utilization, averageValue: formatMilli(r.raw) } } };
          return { replicas: r.replicas, metric: `${name} resource utilization (percentage of request)` };
        } catch (err) {
          if (err instanceof MetricError) throw err;
          const what = t.averageValue !== undefined ? 'usage' : 'utilization';
          const inner = `failed to get ${name} ${what}: ${(err as Error).message}`;
          this.fail('FailedGetResourceMetric', inner, `failed to get ${name} resource metric value: ${inner}`);
        }
      }
      // falls through (fail never returns)
      case 'ContainerResource': {
        const cr = ms.containerResource!;
        const inner = `failed to get ${cr.name} utilization: unable to get metrics for resource ${cr.name}: container resource metrics are not simulated`;
        this.fail('FailedGetContainerResourceMetric', inner, `failed to get ${cr.container} container metric value: ${inner}`);
      }
      // falls through
      case 'Pods': {
        const n = ms.pods!.metric.name;
        const inner = `unable to get metric ${n}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
        this.fail('FailedGetPodsMetric', inner, `failed to get pods metric value: ${inner}`);
      }
      // falls through
      case 'Object': {
        const o = ms.object!;
        const inner = `unable to get metric ${o.metric.name}: ${o.describedObject.kind} on ${o.describedObject.name} unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
        this.fail('FailedGetObjectMetric', inner, `failed to get object metric value: ${inner}`);
      }
      // falls through
      case 'External': {
        const n = ms.external!.metric.name;
        const inner = `unable to get external metric ${n}: unable to fetch metrics from external metrics API: no external metrics API (external.metrics.k8s.io) registered`;
        this.fail('FailedGetExternalMetric', inner, `failed to get ${n} external metric value: ${inner}`);
      }
      // falls through
      default: {
        const inner = `unknown metric source type "${ms.type}"`;
        this.fail('InvalidMetricSourceType', inner, inner);
      }
    }
  }

  /** podMetrics is what metrics-server reports: running pods only, the pod's summed usage in milli-units. */
  private podMetrics(pods: P[], resource: string): Map<string, number> {
    const out = new Map<string, number>();
    const now = this.now();
    for (const p of pods) {
      if (p.status?.phase !== 'Running') continue;
      const knob = p.metadata.annotations?.[CPU_LOAD_ANNOTATION];
      if (resource === 'cpu' && knob !== undefined && /^\d+(\.\d+)?$/.test(knob.trim())) {
        out.set(p.metadata.name!, Math.round(Number(knob)));
        continue;
      }
      const usage = podUsage(p, now);
      if (!usage.length) continue;
      let sum = 0;
      for (const u of usage) sum += resource === 'cpu' ? Math.ceil(u.cpuNanoCores / 1e6) : u.memoryBytes * 1000;
      out.set(p.metadata.name!, sum);
    }
    if (!out.size) throw new Error(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
    return out;
  }

  /** groupPods is upstream's: ignored (deleted, failed), unready (pending; cpu: not ready while initializing), missing, ready. */
  private groupPods(pods: P[], metrics: Map<string, number>, resource: string) {
    const now = this.now();
    let ready = 0;
    const unready = new Set<string>();
    const missing = new Set<string>();
    const ignored = new Set<string>();
    for (const p of pods) {
      const name = p.metadata.name!;
      if (p.metadata.deletionTimestamp || p.status?.phase === 'Failed') {
        ignored.add(name);
        continue;
      }
      if (p.status?.phase === 'Pending') {
        unready.add(name);
        continue;
      }
      if (!metrics.has(name)) {
        missing.add(name);
        continue;
      }
      if (resource === 'cpu') {
        const cond = (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
        const start = p.status?.startTime ? Date.parse(p.status.startTime) : NaN;
        let isUnready: boolean;
        if (!cond || Number.isNaN(start)) isUnready = true;
        else {
          const transition = cond.lastTransitionTime ? Date.parse(cond.lastTransitionTime) : start;
          if (start + CPU_INITIALIZATION_PERIOD_MS > now) isUnready = cond.status === 'False' || now < transition + METRIC_WINDOW_MS;
          else isUnready = cond.status === 'False' && start + DELAY_OF_INITIAL_READINESS_MS > transition;
        }
        if (isUnready) {
          unready.add(name);
          continue;
        }
      }
      ready++;
    }
    return { ready, unready, missing, ignored };
  }

  /** requestsOf sums each pod's container requests; a container without one is an error (upstream's calculatePodRequests). */
  private requestsOf(pods: P[], resource: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const p of pods) {
      let sum = 0;
      const containers = [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
      for (const c of containers) {
        const q = c.resources?.requests?.[resource];
        if (q === undefined) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${p.metadata.name}`);
        sum += resource === 'cpu' ? milliValue(q) : milliValue(q);
      }
      out.set(p.metadata.name!, sum);
    }
    return out;
  }

  private utilizationRatio(metrics: Map<string, number>, requests: Map<string, number>, target: number) {
    let total = 0;
    let req = 0;
    let n = 0;
    for (const [name, v] of metrics) {
      const r = requests.get(name);
      if (r === undefined) continue;
      total += v;
      req += r;
      n++;
    }
    if (req === 0) throw new Error('no metrics returned matched known pods');
    const utilization = Math.trunc((total * 100) / req);
    return { ratio: utilization / target, utilization, raw: Math.trunc(total / n) };
  }

  private resourceReplicas(pods: P[], current: number, target: number, resource: string) {
    const metrics = this.podMetrics(pods, resource);
    if (!pods.length) throw new Error('no pods returned by selector while calculating replica count');
    const g = this.groupPods(pods, metrics, resource);
    for (const n of [...g.ignored, ...g.unready]) metrics.delete(n);
    if (!metrics.size) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
    const requests = this.requestsOf(pods, resource);
    const { ratio, utilization, raw } = this.utilizationRatio(metrics, requests, target);
    const within = (r: number) => Math.abs(1 - r) <= TOLERANCE;
    const scaleUpWithUnready = g.unready.size > 0 && ratio > 1;
    if (!scaleUpWithUnready && g.missing.size === 0) {
      if (within(ratio)) return { replicas: current, utilization, raw };
      return { replicas: Math.ceil(ratio * g.ready), utilization, raw };
    }
    if (g.missing.size) {
      if (ratio < 1) for (const n of g.missing) metrics.set(n, ((requests.get(n) ?? 0) * Math.max(100, target)) / 100);
      else if (ratio > 1) for (const n of g.missing) metrics.set(n, 0);
    }
    if (scaleUpWithUnready) for (const n of g.unready) metrics.set(n, 0);
    const next = this.utilizationRatio(metrics, requests, target).ratio;
    if (within(next) || (ratio < 1 && next > 1) || (ratio > 1 && next < 1)) return { replicas: current, utilization, raw };
    const replicas = Math.ceil(next * metrics.size);
    if ((next < 1 && replicas > current) || (next > 1 && replicas < current)) return { replicas: current, utilization, raw };
    return { replicas, utilization, raw };
  }

  private rawResourceReplicas(pods: P[], current: number, targetMilli: number, resource: string) {
    const metrics = this.podMetrics(pods, resource);
    if (!pods.length) throw new Error('no pods returned by selector while calculating replica count');
    const g = this.groupPods(pods, metrics, resource);
    for (const n of [...g.ignored, ...g.unready]) metrics.delete(n);
    if (!metrics.size) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
    const ratioOf = (m: Map<string, number>) => {
      let total = 0;
      for (const v of m.values()) total += v;
      return { ratio: total / m.size / targetMilli, raw: Math.trunc(total / m.size) };
    };
    const { ratio, raw } = ratioOf(metrics);
    const within = (r: number) => Math.abs(1 - r) <= TOLERANCE;
    const scaleUpWithUnready = g.unready.size > 0 && ratio > 1;
    if (!scaleUpWithUnready && g.missing.size === 0) {
      if (within(ratio)) return { replicas: current, raw };
      return { replicas: Math.ceil(ratio * g.ready), raw };
    }
    if (g.missing.size) for (const n of g.missing) metrics.set(n, ratio < 1 ? targetMilli : 0);
    if (scaleUpWithUnready) for (const n of g.unready) metrics.set(n, 0);
    const next = ratioOf(metrics).ratio;
    if (within(next) || (ratio < 1 && next > 1) || (ratio > 1 && next < 1)) return { replicas: current, raw };
    const replicas = Math.ceil(next * metrics.size);
    if ((next < 1 && replicas > current) || (next > 1 && replicas < current)) return { replicas: current, raw };
    return { replicas, raw };
  }

  /** normalize is upstream's normalizeDesiredReplicas (no spec.behavior): 5-minute downscale stabilization, scale-up limit max(2x, 4). */
  private normalize(hpa: HPA, key: string, current: number, desired: number, min: number): number {
    const now = this.now();
    const recs = this.recommendations.get(key) ?? [];
    let stabilized = desired;
    let oldIdx = -1;
    recs.forEach((r, i) => {
      if (r.at < now - DOWNSCALE_STABILIZATION_MS) oldIdx = i;
      else if (r.replicas > stabilized) stabilized = r.replicas;
    });
    if (oldIdx >= 0) recs[oldIdx] = { replicas: desired, at: now };
    else recs.push({ replicas: desired, at: now });
    this.recommendations.set(key, recs);
    if (stabilized !== desired)
      this.setCondition(hpa, 'AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
    else this.setCondition(hpa, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');

    const max = hpa.spec!.maxReplicas;
    const scaleUpLimit = Math.trunc(Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM));
    let maxAllowed: number;
    let reason: string;
    let message: string;
    if (max > scaleUpLimit) {
      maxAllowed = scaleUpLimit;
      reason = 'ScaleUpLimit';
      message = 'the desired replica count is increasing faster than the maximum scale rate';
    } else {
      maxAllowed = max;
      reason = 'TooManyReplicas';
      message = 'the desired replica count is more than the maximum replica count';
    }
    let result = stabilized;
    if (stabilized < min) {
      result = min;
      reason = 'TooFewReplicas';
      message = 'the desired replica count is less than the minimum replica count';
    } else if (stabilized > maxAllowed) result = maxAllowed;
    else {
      reason = 'DesiredWithinRange';
      message = 'the desired count is within the acceptable range';
    }
    this.setCondition(hpa, 'ScalingLimited', result === stabilized ? 'False' : 'True', reason, message);
    return result;
  }

  /** normalizeWithBehaviors is upstream's normalizeDesiredReplicasWithBehaviors: stabilization windows, then rate policies. */
  private normalizeWithBehaviors(hpa: HPA, key: string, current: number, desired: number, min: number): number {
    const behavior = hpa.spec!.behavior!;
    const up = this.rules(behavior.scaleUp, true);
    const down = this.rules(behavior.scaleDown, false);
    const now = this.now();
    const upCutoff = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
    const downCutoff = now - (down.stabilizationWindowSeconds ?? 300) * 1000;
    let upRec = desired;
    let downRec = desired;
    let oldIdx = -1;
    const recs = this.recommendations.get(key) ?? [];
    recs.forEach((r, i) => {
      if (r.at > upCutoff) upRec = Math.min(r.replicas, upRec);
      if (r.at > downCutoff) downRec = Math.max(r.replicas, downRec);
      if (r.at < upCutoff && r.at < downCutoff) oldIdx = i;
    });
    let stabilized = current;
    if (stabilized < upRec) stabilized = upRec;
    if (stabilized > downRec) stabilized = downRec;
    if (oldIdx >= 0) recs[oldIdx] = { replicas: desired, at: now };
    else recs.push({ replicas: desired, at: now });
    this.recommendations.set(key, recs);
    if (stabilized !== desired) {
      if (desired >= current)
        this.setCondition(hpa, 'AbleToScale', 'True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation');
      else
        this.setCondition(hpa, 'AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
    } else this.setCondition(hpa, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');

    const max = hpa.spec!.maxReplicas;
    let result = stabilized;
    let reason = 'DesiredWithinRange';
    let message = 'the desired count is within the acceptable range';
    const ups = this.scaleUpEvents.get(key) ?? [];
    const downs = this.scaleDownEvents.get(key) ?? [];
    if (stabilized > current) {
      let limit = this.scaleUpLimit(current, ups, downs, up);
      if (limit < current) limit = current;
      let maxAllowed = max;
      let r = 'TooManyReplicas';
      let m = 'the desired replica count is more than the maximum replica count';
      if (maxAllowed > limit) {
        maxAllowed = limit;
        r = 'ScaleUpLimit';
        m = 'the desired replica count is increasing faster than the maximum scale rate';
      }
      if (stabilized > maxAllowed) [result, reason, message] = [maxAllowed, r, m];
    } else if (stabilized < current) {
      let limit = this.scaleDownLimit(current, ups, downs, down);
      if (limit > current) limit = current;
      let minAllowed = min;
      let r = 'TooFewReplicas';
      let m = 'the desired replica count is less than the minimum replica count';
      if (minAllowed < limit) {
        minAllowed = limit;
        r = 'ScaleDownLimit';
        m = 'the desired replica count is decreasing faster than the maximum scale rate';
      }
      if (stabilized < minAllowed) [result, reason, message] = [minAllowed, r, m];
    }
    this.setCondition(hpa, 'ScalingLimited', result === stabilized ? 'False' : 'True', reason, message);
    return result;
  }

  private rules(r: HPAScalingRules | undefined, up: boolean): HPAScalingRules {
    return {
      stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? (up ? 0 : 300),
      selectPolicy: r?.selectPolicy ?? 'Max',
      policies:
        r?.policies ??
        (up
          ? [
              { type: 'Pods', value: 4, periodSeconds: 15 },
              { type: 'Percent', value: 100, periodSeconds: 15 },
            ]
          : [{ type: 'Percent', value: 100, periodSeconds: 15 }]),
    };
  }

  private changeInPeriod(periodSeconds: number, events: ScaleEvent[]): number {
    const cutoff = this.now() - periodSeconds * 1000;
    return events.filter((e) => e.at > cutoff).reduce((s, e) => s + e.change, 0);
  }

  private scaleUpLimit(current: number, ups: ScaleEvent[], downs: ScaleEvent[], rules: HPAScalingRules): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const minChange = rules.selectPolicy === 'Min';
    let result = minChange ? Infinity : -Infinity;
    for (const p of rules.policies ?? []) {
      const start = current - this.changeInPeriod(p.periodSeconds, ups) + this.changeInPeriod(p.periodSeconds, downs);
      const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
      result = minChange ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  }

  private scaleDownLimit(current: number, ups: ScaleEvent[], downs: ScaleEvent[], rules: HPAScalingRules): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const minChange = rules.selectPolicy === 'Min';
    let result = minChange ? -Infinity : Infinity;
    for (const p of rules.policies ?? []) {
      const start = current - this.changeInPeriod(p.periodSeconds, ups) + this.changeInPeriod(p.periodSeconds, downs);
      const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
      result = minChange ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }

  private storeScaleEvent(hpa: HPA, key: string, prev: number, next: number): void {
    const behavior = hpa.spec!.behavior;
    if (!behavior) return;
    const upward = next > prev;
    const rules = this.rules(upward ? behavior.scaleUp : behavior.scaleDown, upward);
    const longest = Math.max(0, ...(rules.policies ?? []).map((p) => p.periodSeconds));
    const map = upward ? this.scaleUpEvents : this.scaleDownEvents;
    const cutoff = this.now() - longest * 1000;
    const events = (map.get(key) ?? []).filter((e) => e.at >= cutoff);
    events.push({ change: Math.abs(next - prev), at: this.now() });
    map.set(key, events);
  }
}
