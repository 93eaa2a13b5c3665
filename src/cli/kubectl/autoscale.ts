import type { Ctx, Command } from './command.js';
import type { KubeObject } from '../../api/types.js';
import { mustKind } from '../../api/kinds.js';
import { quantity } from '../../api/describe/writer.js';
import { resourcePath } from '../../client/http-client.js';
import { dryRunOf, writeQuery } from './print-result.js';
import { objectRef } from './targets.js';
import { fetchInfos, reportErrors } from './workloads.js';
import { DRY_RUN_FLAG } from './flags.js';

const hpaKind = mustKind('autoscaling/v2', 'HorizontalPodAutoscaler');

type Target = { type: 'Utilization'; averageUtilization: number } | { type: 'AverageValue'; averageValue: string };

/**
 * parseResourceInput is kubectl's reading of --cpu / --memory: `70%` is a utilization, a bare number a quantity in
 * milli-CPU or MiB, anything else a quantity. The answer is the target, an Error (kubectl's words), or undefined
 * for a quantity whose canonical spelling the built-in does not work out (the real kubectl then runs).
 */
function parseResourceInput(input: string, resource: 'cpu' | 'memory'): Target | Error | undefined {
  const text = input.trim();
  if (!text) return new Error('empty input');
  if (text.endsWith('%')) {
    const v = text.slice(0, -1);
    if (!/^[+-]?\d+$/.test(v) || Number(v) < 0 || Number(v) > 2 ** 31 - 1) return new Error(`invalid percentage value: ${v}`);
    return { type: 'Utilization', averageUtilization: Number(v) };
  }
  const m = /^(\d+)(m|Ki|Mi|Gi|Ti)?$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? (resource === 'cpu' ? 'm' : 'Mi');
  // Quantity.String() spells a value in its canonical form: 1000m is 1, 2048Mi is 2Gi.
  if (unit === 'm') {
    if (n % 1000) return { type: 'AverageValue', averageValue: `${n}m` };
    return n / 1000 < 1000 ? { type: 'AverageValue', averageValue: String(n / 1000) } : undefined;
  }
  if (n === 0) return undefined;
  return { type: 'AverageValue', averageValue: quantity(`${n}${unit}`) };
}

/** An int32 flag (kubectl's default -1 when absent), or undefined when pflag could not read it. */
function int32(ctx: Ctx, name: string): number | undefined {
  const v = ctx.flags.str(name);
  if (v === undefined) return -1;
  return /^[+-]?\d+$/.test(v) && Math.abs(Number(v)) < 2 ** 31 ? Number(v) : undefined;
}

/**
 * autoscaleCommand is `kubectl autoscale`, as kubectl 1.35 does it: an autoscaling/v2 HorizontalPodAutoscaler
 * (field manager kubectl-autoscale) with a Resource metric per --cpu / --cpu-percent / --memory; when the server
 * refuses it, the autoscaling/v1 form is tried if the flags fit it, as kubectl falls back.
 */
export const autoscaleCommand: Command = {
  flags: {
    '--min': ['value'],
    '--max': ['value'],
    '--cpu-percent': ['value'],
    '--cpu': ['value'],
    '--memory': ['value'],
    '--name': ['value'],
    '--dry-run': DRY_RUN_FLAG,
    '--field-manager': ['value'],
    '--output': ['value', '-o'],
  },
  async run(ctx) {
    const output = ctx.flags.str('--output');
    const min = int32(ctx, '--min');
    const max = int32(ctx, '--max');
    const cpuPercent = int32(ctx, '--cpu-percent');
    if ((output !== undefined && output !== 'name') || min === undefined || max === undefined || cpuPercent === undefined) return undefined;
    const cpu = ctx.flags.str('--cpu') ?? '';
    const memory = ctx.flags.str('--memory') ?? '';
    const cpuTarget = cpu ? parseResourceInput(cpu, 'cpu') : undefined;
    const memoryTarget = memory ? parseResourceInput(memory, 'memory') : undefined;
    if ((cpu && !cpuTarget) || (memory && !memoryTarget)) return undefined;
    // pflag reports a deprecated flag as it reads it, before anything else.
    if (ctx.flags.has('--cpu-percent'))
      ctx.io.err("Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n");
    if (!ctx.flags.has('--max')) throw new Error('required flag(s) "max" not set');
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    if (max < 1) throw new Error(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
    if (max < min) throw new Error(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
    if (cpuPercent > 0 && cpu) throw new Error('--cpu-percent and --cpu are mutually exclusive');
    if (cpuTarget instanceof Error) throw cpuTarget;
    if (memoryTarget instanceof Error) throw memoryTarget;

    const conn = await ctx.connect();
    const fetched = await fetchInfos(conn.client, conn.namespace, ctx.args, { allowEmpty: false });
    const errors: unknown[] = [];
    let count = 0;
    for (const f of fetched) {
      if (!f.info) {
        errors.push(f.error);
        continue;
      }
      const { kind, name } = f.info;
      if (!kind.subresources.some((s) => s.name === 'scale')) {
        errors.push(new Error(`cannot autoscale a ${kind.kind}: could not find scale subresource for ${kind.group}/${kind.version}, Resource=${kind.resource} in discovery information`));
        continue;
      }
      const apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
      const hpaName = ctx.flags.str('--name') || name;
      const metadata: KubeObject['metadata'] = { name: hpaName, ...(conn.explicitNamespace ? { namespace: conn.namespace } : {}) };
      const metrics: unknown[] = [];
      if (cpuPercent > 0) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpuPercent } } });
      if (cpuTarget) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: cpuTarget } });
      if (memoryTarget) metrics.push({ type: 'Resource', resource: { name: 'memory', target: memoryTarget } });
      // What kubectl's protobuf body decodes to: the status a typed object always carries, no empty metrics.
      const v2 = {
        kind: 'HorizontalPodAutoscaler',
        apiVersion: 'autoscaling/v2',
        metadata,
        spec: { scaleTargetRef: { kind: kind.kind, name, apiVersion }, ...(min > 0 ? { minReplicas: min } : {}), maxReplicas: max, ...(metrics.length ? { metrics } : {}) },
        status: { desiredReplicas: 0 },
      } as unknown as KubeObject;
      const create = async (obj: KubeObject, version: string) => {
        if (dryRun === 'client') return ctx.io.out(output === 'name' ? `${objectRef(hpaKind, hpaName)}\n` : `${objectRef(hpaKind, hpaName)} created (dry run)\n`);
        const q = writeQuery(ctx.flags.str('--field-manager') ?? 'kubectl-autoscale', dryRun, undefined);
        const made = await conn.client.request<KubeObject>('POST', resourcePath({ ...hpaKind, version }, conn.namespace) + q, obj);
        const ref = objectRef(hpaKind, made.metadata.name ?? hpaName);
        ctx.io.out(output === 'name' ? `${ref}\n` : `${ref} autoscaled${dryRun === 'server' ? ' (server dry run)' : ''}\n`);
      };
      try {
        try {
          await create(v2, 'v2');
        } catch {
          // kubectl falls back to autoscaling/v1 when the flags can be said in it (a CPU utilization at most).
          const cpuForV1 = cpu ? parseResourceInput(cpu, 'cpu') : new Error('empty input');
          if (cpuForV1 instanceof Error) throw new Error(`failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: ${cpuForV1.message}`);
          if (!((cpuPercent >= 0 && !memory) || (!memory && cpuForV1?.type === 'Utilization')))
            throw new Error('failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: %!w(<nil>)');
          const v1 = {
            kind: 'HorizontalPodAutoscaler',
            apiVersion: 'autoscaling/v1',
            metadata,
            spec: {
              scaleTargetRef: { kind: kind.kind, name, apiVersion },
              ...(min > 0 ? { minReplicas: min } : {}),
              maxReplicas: max,
              ...(cpuPercent >= 0 ? { targetCPUUtilizationPercentage: cpuPercent } : {}),
            },
            status: { currentReplicas: 0, desiredReplicas: 0 },
          } as unknown as KubeObject;
          await create(v1, 'v1');
        }
        count++;
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) return reportErrors(ctx.io, errors);
    if (!count) throw new Error('no objects passed to autoscale');
    return 0;
  },
};
