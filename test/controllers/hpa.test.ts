import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { startCluster, deployment, activePods, deployKind, podKind, recordEvents, type D } from './helpers.js';

const hpaKind = mustKind('autoscaling/v2', 'HorizontalPodAutoscaler');
type HPA = HorizontalPodAutoscaler & KubeObject;

let c: Cluster;
let clock: ManualClock;

beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

/** loaded is a Deployment whose nginx requests 100m CPU and whose pods use `load` millicores (the simulation's knob). */
function loaded(name: string, replicas: number, load?: number, requests = true): KubeObject {
  const d = deployment(name, replicas);
  const t = (d.spec as { template: { metadata: { annotations?: Record<string, string> }; spec: { containers: { resources?: unknown }[] } } }).template;
  if (load !== undefined) t.metadata.annotations = { 'minik9s.io/cpu-millicores': String(load) };
  if (requests) t.spec.containers[0]!.resources = { requests: { cpu: '100m' } };
  return d;
}

const hpa = (name: string, max: number, target = 50): KubeObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
    minReplicas: 1,
    maxReplicas: max,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
  },
});

const getHPA = (name: string) => c.registry.get(hpaKind, 'default', name) as HPA;
const replicasOf = (name: string) => (c.registry.get(deployKind, 'default', name) as D).spec!.replicas;
const cond = (h: HPA, type: string) => h.status?.conditions?.find((x) => x.type === type);

describe('HorizontalPodAutoscalerController', () => {
  it('scales up under load every 15 s, respects maxReplicas, and scales down only after the 5-minute window', async () => {
    await c.client.create(deployKind, 'default', loaded('web', 2, 200));
    await clock.advance(30_000); // pods Running and Ready
    const rec = recordEvents(c);
    await c.client.create(hpaKind, 'default', hpa('web', 10));
    await clock.advance(14_000);
    expect(replicasOf('web')).toBe(2); // nothing before the first 15 s sync
    await clock.advance(1_000);

    // 200% of request against a 50% target: 8 wanted, at most max(2 x 2, 4) = 4 at once.
    expect(replicasOf('web')).toBe(4);
    let h = getHPA('web');
    expect(rec.about('web').filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler').map((e) => [e.reason, e.message])).toEqual([
      ['SuccessfulRescale', 'New size: 4; reason: cpu resource utilization (percentage of request) above target'],
    ]);
    expect(h.status).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 4,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 200, averageValue: '200m' } } }],
    });
    expect(h.status!.lastScaleTime).toBeTruthy();
    expect(cond(h, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' });
    expect(cond(h, 'ScalingActive')).toMatchObject({
      status: 'True',
      reason: 'ValidMetricFound',
      message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    });
    expect(cond(h, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });

    // Later syncs go on up to maxReplicas and stop there.
    await clock.advance(60_000);
    expect(replicasOf('web')).toBe(10);
    h = getHPA('web');
    expect(cond(h, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
    expect(h.status!.desiredReplicas).toBe(10);

    // The load drops to 10% of request: 2 wanted, but the 5-minute window holds the highest recent recommendation.
    for (const p of activePods(c, 'default', 'app=web'))
      await c.client.patch(podKind, 'default', p.metadata.name!, 'merge', { metadata: { annotations: { 'minik9s.io/cpu-millicores': '10' } } });
    await clock.advance(200_000);
    expect(replicasOf('web')).toBe(10);
    h = getHPA('web');
    expect(cond(h, 'AbleToScale')).toMatchObject({
      reason: 'ScaleDownStabilized',
      message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
    });
    await clock.advance(120_000);
    expect(replicasOf('web')).toBe(2);
    expect(rec.about('web').map((e) => e.message)).toContain('New size: 2; reason: All metrics below target');
    rec.stop();
  });

  it('reports pods without CPU requests: ScalingActive False, FailedGetResourceMetric', async () => {
    await c.client.create(deployKind, 'default', loaded('bare', 1, 200, false));
    await clock.advance(30_000);
    const rec = recordEvents(c);
    await c.client.create(hpaKind, 'default', hpa('bare', 5));
    await clock.advance(15_000);
    expect(replicasOf('bare')).toBe(1);
    const pod = activePods(c, 'default', 'app=bare')[0]!.metadata.name!;
    const inner = `failed to get cpu utilization: missing request for cpu in container nginx of Pod ${pod}`;
    const evs = rec.about('bare').filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler');
    expect(evs.map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'FailedGetResourceMetric', inner],
      ['Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${inner}`],
    ]);
    expect(evs[0]!.source).toEqual({ component: 'horizontal-pod-autoscaler' });
    const h = getHPA('bare');
    expect(cond(h, 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${inner}` });
    expect(cond(h, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededGetScale' });
    expect(h.status).toMatchObject({ currentReplicas: 1, desiredReplicas: 0 });
    rec.stop();
  });

  it('reports a missing target: AbleToScale False, FailedGetScale', async () => {
    await c.client.create(hpaKind, 'default', hpa('ghost', 3));
    await clock.advance(15_000);
    const h = getHPA('ghost');
    expect(cond(h, 'AbleToScale')).toMatchObject({ status: 'False', reason: 'FailedGetScale' });
    expect(cond(h, 'AbleToScale')!.message).toMatch(/^the HPA controller was unable to get the target's current scale: deployments\.apps "ghost" not found$/);
  });
});
