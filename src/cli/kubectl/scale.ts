import type { KubeObject } from '../../api/types.js';
import { isConflict } from '../../api/api-error.js';
import { resourcePath } from '../../client/http-client.js';
import type { Command } from './command.js';
import { goJSON } from './go-json.js';
import { Interruption, KILLED_EXIT } from './interrupt.js';
import { dryRunOf, dryRunSuffix, writeQuery } from './print-result.js';
import { objectRef, parseTargets } from './targets.js';
import { fetchInfos, reportErrors, split, withoutManagedFields } from './workloads.js';

/** The kinds `kubectl scale` scales through their scale subresource. */
const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);

/**
 * scaleCommand is `kubectl scale`, as kubectl 1.35's pkg/cmd/scale and pkg/scale do it: every object is fetched
 * (a missing one is reported after the others are scaled), then its scale subresource is patched with
 * `{"spec":{"replicas":N}}` (merge patch), or, with --current-replicas / --resource-version, read, checked and
 * written back whole; a conflict is tried again each second. The object printed is the one fetched before.
 */
export const scaleCommand: Command = {
  flags: {
    '--replicas': ['int'],
    '--current-replicas': ['int'],
    '--resource-version': ['value'],
    '--selector': ['value', '-l'],
    '--all': ['bool'],
    '--dry-run': ['optional', undefined, 'unchanged'], // flags.ts DRY_RUN_FLAG: a bare --dry-run is a client dry run
    '--output': ['value', '-o'],
  },
  async run(ctx) {
    const output = ctx.flags.str('--output');
    if (output !== undefined && output !== 'name' && output !== 'json') return undefined;
    const replicas = ctx.flags.int('--replicas') ?? 0;
    const current = ctx.flags.int('--current-replicas') ?? -1;
    // A kind without a scale subresource: the real kubectl words that.
    try {
      if (!parseTargets(ctx.args).every((t) => SCALABLE.has(`${t.kind.group}/${t.kind.kind}`))) return undefined;
    } catch {
      // the builder's refusal, worded below as kubectl words it
    }
    if (!ctx.flags.has('--replicas')) throw new Error('required flag(s) "replicas" not set');
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    if (replicas < 0) throw new Error('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    if (current < -1) throw new Error('The --current-replicas must specify an integer of -1 or greater');

    const conn = await ctx.connect();
    const { infos, errors } = split(
      await fetchInfos(conn.client, conn.namespace, ctx.args, { selector: ctx.flags.str('--selector'), all: ctx.flags.bool('--all'), allowEmpty: false }),
    );
    const resourceVersion = ctx.flags.str('--resource-version') ?? '';
    if (resourceVersion && infos.length > 1) throw new Error('cannot use --resource-version with multiple resources');
    if (!infos.length) {
      if (errors.length) return reportErrors(ctx.io, errors);
      throw new Error('no objects passed to scale');
    }
    for (const info of infos) {
      if (dryRun !== 'client') {
        const path = resourcePath(info.kind, info.namespace, info.name, 'scale');
        // No field manager is named by kubectl: the API server takes `kubectl` from its User-Agent, so name it here.
        const write = async () => {
          if (current === -1 && !resourceVersion) {
            await conn.client.request('PATCH', path + writeQuery('kubectl', dryRun, undefined), { spec: { replicas } }, 'application/merge-patch+json');
            return;
          }
          const scale = await conn.client.request<KubeObject & { spec?: { replicas?: number } }>('GET', path);
          const have = scale.spec?.replicas ?? 0;
          if (current !== -1 && have !== current) throw new Error(`Expected replicas to be ${current}, was ${have}`);
          if (resourceVersion && scale.metadata.resourceVersion !== resourceVersion)
            throw new Error(`Expected resource version to be ${resourceVersion}, was ${scale.metadata.resourceVersion ?? ''}`);
          await conn.client.request('PUT', path + writeQuery('kubectl', dryRun, undefined), { ...scale, spec: { ...scale.spec, replicas } });
        };
        // kubectl polls every second for up to five minutes while the write meets a conflict.
        for (let tries = 0; ; tries++) {
          try {
            await write();
            break;
          } catch (err) {
            if (!isConflict(err) || tries >= 300) throw err;
            // kubectl scale has no interrupt handler: a SIGINT kills it mid-retry. Interrupted (io.signal), the
            // built-in stops retrying, prints nothing more, and answers what a shell reports for that.
            const intr = new Interruption(ctx.io.signal);
            try {
              await intr.sleep(1000);
            } catch {
              return KILLED_EXIT;
            } finally {
              intr.dispose();
            }
          }
        }
      }
      if (output === 'json') ctx.io.out(`${goJSON(withoutManagedFields(info.object))}\n`);
      else if (output === 'name') ctx.io.out(`${objectRef(info.kind, info.name)}\n`);
      else ctx.io.out(`${objectRef(info.kind, info.name)} scaled${dryRunSuffix(dryRun)}\n`);
    }
    return reportErrors(ctx.io, errors);
  },
};
