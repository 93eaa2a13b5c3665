import { apiVersionOf, groupVersions, kindFor, type KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError } from '../../api/api-error.js';
import { resourcePath, type HttpClient } from '../../client/http-client.js';
import type { Command, Ctx } from './command.js';
import { LAST_APPLIED, mappingError, placeIn, withLastApplied } from './create.js';
import { DRY_RUN_FLAG } from './flags.js';
import { cascadeOf } from './delete.js';
import { parseGoDuration } from './go-duration.js';
import { Interrupted, Interruption, KILLED_EXIT } from './interrupt.js';
import { readManifests, type Manifest } from './manifest.js';
import { dryRunOf, report, writeQuery, type DryRun } from './print-result.js';
import { kindPrefix } from './targets.js';
import { waitDeleted } from './wait.js';
import { reportErrors } from './workloads.js';

// `kubectl replace -f`, as kubectl 1.35's pkg/cmd/replace does it: each object of the manifests is PUT whole
// (with the live object's resourceVersion when the manifest has none) under the field manager kubectl-replace;
// with --force every object is deleted first, then each is waited for until it is gone, then all are created.
// Failures are gathered and printed at the end, as the builder's ContinueOnError does.

/** One object of the manifests, placed, or why it could not be. */
type Item = { kind: KindInfo; namespace: string | undefined; name: string; object: KubeObject; source: string } | { error: unknown };

/** withSource words an error as kubectl's AddSourceToErr: `error when VERB "FILE": ...`. */
function withSource(err: unknown, verb: string, source: string): unknown {
  if (err instanceof ApiError) return new ApiError({ ...err.status, message: `error when ${verb} "${source}": ${err.status.message}` });
  return new Error(`error when ${verb} "${source}": ${err instanceof Error ? err.message : String(err)}`);
}

/** items reads the manifests as the builder does: each object's kind looked up and its namespace placed (and written in). */
function items(manifests: Manifest[], namespace: string, explicit: boolean): Item[] {
  const out: Item[] = [];
  for (const m of manifests) {
    try {
      const kind = kindFor(m.object.apiVersion ?? '', m.object.kind ?? '');
      // replace validates against the server's schema first: a group version it does not serve has none.
      if (!kind && !servedGroupVersion(m.object.apiVersion ?? ''))
        throw new Error(`error validating "${m.source}": error validating data: the server could not find the requested resource; if you choose to ignore these errors, turn validation off with --validate=false`);
      if (!kind) throw mappingError(m, namespace);
      const ns = placeIn(kind, m.object, namespace, explicit);
      const object: KubeObject = ns ? { ...m.object, metadata: { ...m.object.metadata, namespace: ns } } : m.object;
      out.push({ kind, namespace: ns, name: object.metadata?.name ?? '', object, source: m.source });
    } catch (err) {
      out.push({ error: err });
    }
  }
  return out;
}

/** servedGroupVersion says whether the cluster serves an apiVersion (`apps/v1`, `v1`) at all. */
const servedGroupVersion = (apiVersion: string) => groupVersions().some((gv) => apiVersionOf(gv) === apiVersion);

/** annotated is util.CreateOrUpdateAnnotation: the last-applied annotation written with --save-config, or kept up to date when the manifest has one. */
function annotated(ctx: Ctx, obj: KubeObject): KubeObject {
  return ctx.flags.bool('--save-config') || obj.metadata?.annotations?.[LAST_APPLIED] !== undefined ? withLastApplied(obj) : obj;
}


export const replaceCommand: Command = {
  flags: {
    '--filename': ['list', '-f'],
    '--recursive': ['bool', '-R'],
    '--output': ['value', '-o'],
    '--dry-run': DRY_RUN_FLAG,
    '--force': ['bool'],
    '--grace-period': ['int'],
    '--timeout': ['value'],
    '--wait': ['bool'],
    '--cascade': ['optional', undefined, 'background'],
    '--save-config': ['bool'],
    '--field-manager': ['value'],
  },
  async run(ctx) {
    const f = ctx.flags;
    const output = f.str('--output');
    if (output !== undefined && output !== 'name' && output !== 'yaml' && output !== 'json') return undefined;
    // Arguments besides -f mean something only to --force's delete, worded by kubectl; stdin is read there through a temporary file.
    if (ctx.args.length && f.has('--filename')) return undefined;
    if (f.bool('--force') && f.list('--filename').includes('-')) return undefined;
    const timeoutText = f.str('--timeout') ?? '0s';
    const timeoutMs = parseGoDuration(timeoutText, { signed: true });
    if (timeoutMs === undefined) return undefined;
    // Complete, in kubectl's order: the dry run, the delete flags, then -f.
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    const policy = cascadeOf(f.str('--cascade') ?? 'background', ctx.io.err);
    let grace = f.int('--grace-period') ?? -1;
    let wait = f.bool('--wait');
    if (!f.has('--filename')) throw new Error('must specify one of -f and -k');
    // Validate.
    const force = f.bool('--force');
    if (grace >= 0 && !force) throw new Error('--grace-period must have --force specified');
    if (timeoutMs !== 0 && !force) throw new Error('--timeout must have --force specified');
    if (force && dryRun !== 'none') throw new Error('--dry-run can not be used when --force is set');
    // kubectl turns --grace-period=0 into 1 and a wait, so nothing is lost by accident.
    if (grace === 0) {
      grace = 1;
      wait = true;
    }
    const conn = await ctx.connect();
    const manifests = await readManifests(f.list('--filename'), ctx.io, f.bool('--recursive'));
    // A served group version with a kind it lacks: the schema's words for that are kubectl's.
    if (manifests.some((m) => !kindFor(m.object.apiVersion ?? '', m.object.kind ?? '') && servedGroupVersion(m.object.apiVersion ?? ''))) return undefined;
    const list = items(manifests, conn.namespace, conn.explicitNamespace);
    if (force) return forceReplace(ctx, conn.client, list, { grace, policy, wait, timeoutMs });

    const errors: unknown[] = [];
    for (const it of list) {
      if ('error' in it) {
        errors.push(it.error);
        continue;
      }
      const obj = annotated(ctx, it.object);
      if (dryRun === 'client') {
        report(ctx, it.kind, obj, 'replaced', dryRun);
        continue;
      }
      try {
        report(ctx, it.kind, await put(ctx, conn.client, it, obj, dryRun), 'replaced', dryRun);
      } catch (err) {
        errors.push(withSource(err, 'replacing', it.source));
      }
    }
    return reportErrors(ctx.io, errors);
  },
};

/**
 * put is resource.Helper's Replace with overwrite: a manifest without a resourceVersion takes the live object's
 * (when it can be read), then the object is PUT.
 */
async function put(ctx: Ctx, client: HttpClient, it: { kind: KindInfo; namespace: string | undefined; name: string }, obj: KubeObject, dryRun: DryRun): Promise<KubeObject> {
  const path = resourcePath(it.kind, it.namespace, it.name);
  let body = obj;
  if (!obj.metadata?.resourceVersion) {
    try {
      const live = await client.request<KubeObject>('GET', path);
      body = { ...obj, metadata: { ...obj.metadata, resourceVersion: live.metadata.resourceVersion } };
    } catch {
      // Not there: the PUT says so.
    }
  }
  return client.request<KubeObject>('PUT', path + writeQuery(ctx.flags.str('--field-manager') ?? 'kubectl-replace', dryRun), body);
}

/**
 * forceReplace is kubectl's replace --force: every object deleted (those not there skipped), waited for with
 * --wait or --grace-period=0, then each read every second until it is gone (up to --timeout, else five minutes),
 * then all created from the manifests again.
 */
async function forceReplace(ctx: Ctx, client: HttpClient, list: Item[], o: { grace: number; policy: string; wait: boolean; timeoutMs: number }): Promise<number> {
  const output = ctx.flags.str('--output');
  // Deleting: the builder's errors and the deletions' are reported together, and nothing is created then.
  const errors: unknown[] = [];
  const deleted: { it: Extract<Item, { kind: KindInfo }>; uid?: string }[] = [];
  let found = 0;
  for (const it of list) {
    if ('error' in it) {
      errors.push(it.error);
      continue;
    }
    found++;
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (o.grace >= 0) body.gracePeriodSeconds = o.grace;
    body.propagationPolicy = o.policy;
    try {
      const answer = await client.request<KubeObject & { details?: { uid?: string } }>('DELETE', resourcePath(it.kind, it.namespace, it.name), body);
      deleted.push({ it, uid: answer.kind === 'Status' ? answer.details?.uid : answer.metadata?.uid });
    } catch (err) {
      if (err instanceof ApiError && err.status.code === 404) continue;
      errors.push(withSource(err, 'deleting', it.source));
      continue;
    }
    if (output === 'name') ctx.io.out(`${kindPrefix(it.kind)}/${it.name}\n`);
    else ctx.io.out(`${kindPrefix(it.kind)} "${it.name}" deleted${it.kind.namespaced ? ` from ${it.namespace} namespace` : ''}\n`);
  }
  if (errors.length) return reportErrors(ctx.io, errors);
  if (!found) ctx.io.out('No resources found\n');
  // The waits: kubectl's wait for deletion is under its interrupt handler (exit 1); its polling is not (killed).
  const intr = new Interruption(ctx.io.signal);
  try {
    if (o.wait && found) {
      const deadline = { at: Date.now() + (o.timeoutMs || 168 * 3_600_000) };
      try {
        for (const d of deleted) await waitDeleted(client, { ...d.it }, deadline, intr, d.uid);
      } catch (err) {
        if (err instanceof Interrupted) return 1;
        return reportErrors(ctx.io, [err]);
      }
    }
    const until = Date.now() + (o.timeoutMs || 5 * 60_000);
    for (const it of list) {
      if ('error' in it) continue;
      for (;;) {
        try {
          await client.request('GET', resourcePath(it.kind, it.namespace, it.name));
        } catch (err) {
          if (err instanceof ApiError && err.status.code === 404) break;
          return reportErrors(ctx.io, [err]);
        }
        if (Date.now() + 1000 > until) return reportErrors(ctx.io, [new Error('context deadline exceeded')]);
        await intr.sleep(1000);
      }
    }
  } catch (err) {
    if (err instanceof Interrupted) return KILLED_EXIT;
    throw err;
  } finally {
    intr.dispose();
  }
  // Creating (kubectl's second builder reads the same manifests again).
  let count = 0;
  for (const it of list) {
    if ('error' in it) continue;
    try {
      const created = await client.request<KubeObject>('POST', resourcePath(it.kind, it.namespace) + writeQuery(ctx.flags.str('--field-manager') ?? 'kubectl-replace', 'none'), annotated(ctx, it.object));
      count++;
      report(ctx, it.kind, created, 'replaced', 'none');
    } catch (err) {
      errors.push(err);
    }
  }
  if (!errors.length && !count) throw new Error('no objects passed to replace');
  return reportErrors(ctx.io, errors);
}
