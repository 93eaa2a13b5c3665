import { kindFor } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError } from '../../api/api-error.js';
import { resourcePath } from '../../client/http-client.js';
import { threeWayPatch } from '../../client/three-way-patch.js';
import type { Command, Ctx } from './command.js';
import { readManifests } from './manifest.js';
import { dryRunOf, printCollected, report as reportOne, reportOutputSupported, writeQuery } from './print-result.js';
import { errorLine } from './errors.js';
import { LAST_APPLIED, mappingError, placeIn, withLastApplied } from './create.js';
import { DRY_RUN_FLAG } from './flags.js';

/** withSource words a server's answer as kubectl's AddSourceToErr does: `error when creating "FILE": ...`. */
function withSource(err: unknown, verb: string, source: string): unknown {
  if (err instanceof ApiError && err.status.reason) return new ApiError({ ...err.status, message: `error when ${verb} "${source}": ${err.status.message}` });
  return err;
}

/**
 * applyCommand is `kubectl apply -f` (files, directories, -R, stdin): client-side apply as kubectl 1.35 does it —
 * an absent object is created with the last-applied-configuration annotation, a present one gets the three-way
 * strategic merge patch between that annotation, the manifest and the live object ("unchanged" when it is
 * empty) — or, with --server-side, one apply patch per object under the field manager `kubectl`.
 */
export const applyCommand: Command = {
  flags: {
    '--filename': ['list', '-f'],
    '--recursive': ['bool', '-R'],
    '--output': ['value', '-o'],
    '--dry-run': DRY_RUN_FLAG,
    '--server-side': ['bool'],
    '--force-conflicts': ['bool'],
    '--field-manager': ['value'],
  },
  async run(ctx) {
    if (ctx.args.length || !reportOutputSupported(ctx.flags.str('--output'))) return undefined;
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    const serverSide = ctx.flags.bool('--server-side');
    if (ctx.flags.bool('--force-conflicts') && !serverSide) throw new Error('--force-conflicts only works with --server-side');
    if (serverSide && dryRun === 'client') throw new Error("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
    if (!ctx.flags.has('--filename')) throw new Error('must specify one of -f and -k');
    const conn = await ctx.connect();
    const manifests = await readManifests(ctx.flags.list('--filename'), ctx.io, ctx.flags.bool('--recursive'));
    if (!manifests.length) throw new Error('no objects passed to apply');
    const errors: string[] = [];
    // -o yaml|json prints every object at the end, as kubectl's apply does; other reports go out as they come.
    const collected: KubeObject[] = [];
    const collect = ['yaml', 'json'].includes(ctx.flags.str('--output') ?? '');
    const report: typeof reportOne = (c, kind, obj, verb, d) => (collect ? collected.push(obj) : reportOne(c, kind, obj, verb, d));
    for (const m of manifests) {
      try {
        const kind = kindFor(m.object.apiVersion ?? '', m.object.kind ?? '');
        if (!kind) throw mappingError(m, conn.namespace);
        const ns = placeIn(kind, m.object, conn.namespace, conn.explicitNamespace);
        // kubectl's builder writes the namespace into the object, so it is part of what is applied and recorded.
        const obj: KubeObject = ns ? { ...m.object, metadata: { ...m.object.metadata, namespace: ns } } : m.object;
        const name = obj.metadata?.name ?? '';
        if (serverSide) {
          const q = writeQuery(ctx.flags.str('--field-manager') ?? 'kubectl', dryRun, 'Strict', { force: String(ctx.flags.bool('--force-conflicts')) });
          let applied: KubeObject;
          try {
            applied = await conn.client.request<KubeObject>('PATCH', resourcePath(kind, ns, name) + q, obj, 'application/apply-patch+yaml');
          } catch (err) {
            throw withSource(err, 'patching', m.source);
          }
          report(ctx, kind, applied, 'serverside-applied', dryRun);
          continue;
        }
        const manager = writeQuery(ctx.flags.str('--field-manager') ?? 'kubectl-client-side-apply', dryRun);
        let current: KubeObject | undefined;
        try {
          current = await conn.client.request<KubeObject>('GET', resourcePath(kind, ns, name));
        } catch (err) {
          if (!(err instanceof ApiError && err.status.code === 404)) throw err;
        }
        const modified = withLastApplied(obj);
        if (!current) {
          let created = modified;
          if (dryRun !== 'client') {
            try {
              created = await conn.client.request<KubeObject>('POST', resourcePath(kind, ns) + manager, modified);
            } catch (err) {
              throw withSource(err, 'creating', m.source);
            }
          }
          report(ctx, kind, created, 'created', dryRun);
          continue;
        }
        const recorded = current.metadata.annotations?.[LAST_APPLIED];
        if (recorded === undefined) ctx.io.err(`Warning: resource ${kind.resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`);
        let original: unknown;
        try {
          original = recorded ? JSON.parse(recorded) : undefined;
        } catch {
          original = undefined;
        }
        const patch = threeWayPatch(original, modified as unknown as Record<string, unknown>, current);
        if (!Object.keys(patch).length) {
          report(ctx, kind, current, 'unchanged', dryRun);
          continue;
        }
        let patched = current;
        if (dryRun !== 'client') {
          try {
            patched = await conn.client.request<KubeObject>('PATCH', resourcePath(kind, ns, name) + manager, patch, 'application/strategic-merge-patch+json');
          } catch (err) {
            throw withSource(err, 'patching', m.source);
          }
        }
        report(ctx, kind, patched, 'configured', dryRun);
      } catch (err) {
        errors.push(errorLine(err));
      }
    }
    printCollected(ctx, collected);
    for (const e of errors) ctx.io.err(`${e}\n`);
    return errors.length ? 1 : 0;
  },
};
