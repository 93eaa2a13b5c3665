import { resolveResource } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { resourcePath } from '../../client/http-client.js';
import type { Command } from './command.js';
import { COMMON, generated, meta, nameArg, outputBuiltIn, requiredFlags } from './create-kit.js';
import { dryRunOf } from './print-result.js';
import { kindOf } from './targets.js';

// `kubectl create job` and `kubectl create cronjob`: kubectl's create_job.go and create_cronjob.go build these
// objects as Go types, so their `--dry-run=client -o json` keeps the types' field order, written out here.

/** podTemplate is the one-container pod template both generators build: the container named after the object. */
function podTemplate(name: string, image: string, command: string[] | undefined, restartPolicy: string) {
  return {
    metadata: {},
    spec: {
      containers: [{ name, image, ...(command?.length ? { command } : {}), resources: {} }],
      restartPolicy,
    },
  };
}

/**
 * jobFromCronJob is the Job kubectl makes of a CronJob's jobTemplate (`create job --from=cronjob/NAME`): the
 * template's labels, its annotations over `cronjob.kubernetes.io/instantiate: manual`, and the CronJob as its
 * controlling owner (without blockOwnerDeletion, which would need the cronjobs/finalizers permission).
 */
function jobFromCronJob(name: string, namespace: string | undefined, cronJob: KubeObject): KubeObject {
  const template = ((cronJob.spec as Record<string, unknown> | undefined)?.jobTemplate ?? {}) as { metadata?: KubeObject['metadata']; spec?: unknown };
  const labels = template.metadata?.labels;
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels && Object.keys(labels).length ? { labels } : {}),
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...(template.metadata?.annotations ?? {}) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cronJob.metadata.name ?? '', uid: cronJob.metadata.uid ?? '', controller: true }],
    },
    spec: template.spec ?? {},
    status: {},
  } as KubeObject;
}

const jobCmd: Command = {
  flags: { ...COMMON, '--image': ['value'], '--from': ['value'] },
  async run(ctx) {
    const image = ctx.flags.str('--image') ?? '';
    const from = ctx.flags.str('--from') ?? '';
    // A Job copied from a CronJob keeps the server's fields in an order of its own, not Go's.
    if (!outputBuiltIn(ctx, !from)) return undefined;
    const name = nameArg(ctx, 'job');
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    if (!image === !from) throw new Error('either --image or --from must be specified');
    const command = ctx.afterDash;
    if (command?.length && from) throw new Error('cannot specify --from and command');
    const jobs = kindOf('jobs.batch');
    if (image)
      return generated(ctx, 'failed to create job: ', jobs, (ns) => ({
        kind: 'Job',
        apiVersion: 'batch/v1',
        metadata: meta(name, ns),
        spec: { template: podTemplate(name, image, command, 'Never') },
        status: {},
      }));
    // Only `--from=cronjob/NAME` (any spelling of the CronJob resource) is built in; kubectl's builder takes other
    // forms (a bare type, several objects) with answers of its own.
    const slash = from.indexOf('/');
    const source = slash > 0 ? resolveResource(from.slice(0, slash)) : undefined;
    const sourceName = from.slice(slash + 1);
    if (source?.kind !== 'CronJob' || !sourceName || sourceName.includes('/')) return undefined;
    return generated(
      ctx,
      'failed to create job: ',
      jobs,
      async (ns) => {
        const conn = await ctx.connect();
        const cronJob = await conn.client.request<KubeObject>('GET', resourcePath(source, conn.namespace, sourceName));
        return jobFromCronJob(name, ns, cronJob);
      },
      { typedJSON: false },
    );
  },
};

const cronJobCmd: Command = {
  flags: { ...COMMON, '--image': ['value'], '--schedule': ['value'], '--restart': ['value'] },
  async run(ctx) {
    if (!outputBuiltIn(ctx)) return undefined;
    requiredFlags(ctx, ['image', 'schedule']);
    const name = nameArg(ctx, 'cronjob');
    const image = ctx.flags.str('--image') ?? '';
    const schedule = ctx.flags.str('--schedule') ?? '';
    // kubectl takes any restart policy here and leaves its checking to the server.
    const restart = ctx.flags.str('--restart') || 'OnFailure';
    return generated(ctx, 'failed to create cronjob: ', kindOf('cronjobs.batch'), (ns) => ({
      kind: 'CronJob',
      apiVersion: 'batch/v1',
      metadata: meta(name, ns),
      spec: {
        schedule,
        jobTemplate: { metadata: { name }, spec: { template: podTemplate(name, image, ctx.afterDash, restart) } },
      },
      status: {},
    }));
  },
};

export { jobCmd, cronJobCmd };
