import { kindFor, type KindInfo } from '../../api/kinds.js';
import type { KubeObject, WatchEvent } from '../../api/types.js';
import { ApiError } from '../../api/api-error.js';
import { resourcePath, type HttpClient } from '../../client/http-client.js';
import type { Command } from './command.js';
import { DRY_RUN_FLAG, UsageError, goBool } from './flags.js';
import { Interruption } from './interrupt.js';
import { readManifests } from './manifest.js';
import { dryRunOf, dryRunSuffix } from './print-result.js';
import { errorLine } from './errors.js';
import { mappingError, placeIn } from './create.js';
import { kindPrefix, parseTargets } from './targets.js';

interface Victim {
  kind: KindInfo;
  namespace?: string;
  name: string;
  source?: string;
}

/**
 * deleteCommand is `kubectl delete`: objects named (TYPE NAME..., TYPE/NAME...), from manifests (-f), by label
 * (-l) or all of a type (--all, -A), each deleted with kubectl's DeleteOptions (propagation Background unless
 * --cascade says otherwise, --grace-period/--now/--force) and reported as kubectl 1.35 reports it; then, unless
 * --wait=false, it waits until every deleted object is gone (a pod's graceful termination, a namespace's
 * finalization) as kubectl does. Errors are printed after the deletions that worked.
 */
export const deleteCommand: Command = {
  flags: {
    '--filename': ['list', '-f'],
    '--recursive': ['bool', '-R'],
    '--selector': ['value', '-l'],
    '--all': ['bool'],
    '--all-namespaces': ['bool', '-A'],
    '--grace-period': ['int'],
    '--now': ['bool'],
    '--force': ['bool'],
    '--wait': ['bool'],
    // pflag's NoOptDefVal: a bare --cascade is "background" and never takes the next word.
    '--cascade': ['optional', undefined, 'background'],
    '--ignore-not-found': ['bool'],
    '--dry-run': DRY_RUN_FLAG,
    '--output': ['value', '-o'],
  },
  async run(ctx) {
    const f = ctx.flags;
    // kubectl reads --cascade first (DeleteFlags.ToOptions), before any other check.
    const policy = cascadeOf(f.str('--cascade') ?? 'background', ctx.io.err);
    const output = f.str('--output');
    let grace = f.int('--grace-period') ?? -1;
    const selector = f.str('--selector');
    const bulk = f.bool('--all') || selector !== undefined;
    const ignoreNotFound = f.has('--ignore-not-found') ? f.bool('--ignore-not-found') : bulk;
    if (f.bool('--now')) {
      if (grace !== -1) throw new Error('--now and --grace-period cannot be specified together');
      grace = 1;
    }
    if (grace === 0 && !f.bool('--force')) grace = 1;
    if (f.bool('--force') && grace < 0) grace = 0;
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    // kubectl's resource builder refuses this before the delete command's own check ("cannot set --all and
    // --selector at the same time") is reached, with its own words (trailing space included).
    if (f.bool('--all') && selector !== undefined) throw new Error("setting 'all' parameter but found a non empty selector. ");
    // Then Validate's checks, in its order.
    if (output !== undefined && output !== 'name') throw new Error(`unexpected -o output mode: ${output}. We only support '-o name'`);
    if (grace === 0 && f.bool('--force'))
      ctx.io.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
    else if (grace > 0 && f.bool('--force')) throw new Error('--force and --grace-period greater than 0 cannot be specified together');

    const conn = await ctx.connect();
    const all = f.bool('--all-namespaces');
    const errors: string[] = [];
    const victims: Victim[] = [];
    if (f.has('--filename')) {
      if (ctx.args.length) throw new UsageError("resources and -f are mutually exclusive... (hint: remove resources or remove -f)");
      for (const m of await readManifests(f.list('--filename'), ctx.io, f.bool('--recursive'))) {
        const kind = kindFor(m.object.apiVersion ?? '', m.object.kind ?? '');
        if (!kind) {
          errors.push(errorLine(mappingError(m, conn.namespace)));
          continue;
        }
        victims.push({ kind, namespace: placeIn(kind, m.object, conn.namespace, conn.explicitNamespace), name: m.object.metadata?.name ?? '', source: m.source });
      }
    } else {
      if (!ctx.args.length)
        throw new UsageError(
          `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
        );
      const targets = parseTargets(ctx.args);
      const named = targets.filter((t) => t.name !== undefined);
      if (!named.length && !bulk) throw new UsageError(`resource(s) were provided, but no name was specified`);
      if (named.length && bulk) throw new UsageError('name cannot be provided when a selector is specified');
      for (const t of targets) {
        const ns = t.kind.namespaced ? conn.namespace : undefined;
        if (t.name !== undefined) {
          victims.push({ kind: t.kind, namespace: ns, name: t.name });
          continue;
        }
        const q = selector ? `?labelSelector=${encodeURIComponent(selector)}` : '';
        const list = await conn.client.request<{ items: KubeObject[] }>('GET', resourcePath(t.kind, all ? undefined : ns) + q);
        for (const o of list.items) victims.push({ kind: t.kind, namespace: o.metadata.namespace, name: o.metadata.name! });
      }
    }

    const gone: { v: Victim; uid?: string }[] = [];
    for (const v of victims) {
      const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
      if (grace >= 0) body.gracePeriodSeconds = grace;
      body.propagationPolicy = policy;
      if (dryRun !== 'client') {
        try {
          const q = dryRun === 'server' ? '?dryRun=All' : '';
          const answer = await conn.client.request<KubeObject & { details?: { uid?: string } }>('DELETE', resourcePath(v.kind, v.namespace, v.name) + q, body);
          gone.push({ v, uid: answer.kind === 'Status' ? answer.details?.uid : answer.metadata?.uid });
        } catch (err) {
          if (ignoreNotFound && err instanceof ApiError && err.status.code === 404) continue;
          if (err instanceof ApiError && err.status.reason && v.source) errors.push(errorLine(new ApiError({ ...err.status, message: `error when deleting "${v.source}": ${err.status.message}` })));
          else errors.push(errorLine(err));
          continue;
        }
      }
      if (output === 'name') ctx.io.out(`${kindPrefix(v.kind)}/${v.name}\n`);
      else {
        let op = grace === 0 ? 'force deleted' : 'deleted';
        if (v.kind.namespaced) op += ` from ${v.namespace} namespace`;
        op += dryRunSuffix(dryRun);
        ctx.io.out(`${kindPrefix(v.kind)} "${v.name}" ${op}\n`);
      }
    }
    if (!errors.length && !victims.length) ctx.io.out('No resources found\n');
    if (!errors.length && dryRun === 'none' && (f.has('--wait') ? f.bool('--wait') : true)) {
      // The wait is under kubectl's interrupt handler (io.signal here): interrupted, it exits 1 there and then.
      const intr = new Interruption(ctx.io.signal);
      const waited = await intr.race(
        (async () => {
          for (const g of gone) await waitGone(conn.client, g.v, g.uid, intr);
          return 0;
        })(),
      );
      if (waited) return waited;
    }
    for (const e of errors) ctx.io.err(`${e}\n`);
    return errors.length ? 1 : 0;
  },
};

/**
 * cascadeOf reads --cascade as kubectl's parseCascadingFlag does: background, foreground or orphan; a Go bool is
 * still taken (true is background, false orphan) with kubectl's deprecation warning; anything else is its error.
 */
export function cascadeOf(v: string, err: (text: string) => void): string {
  const b = goBool(v);
  if (b !== undefined) {
    err(`warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=${b ? 'background' : 'orphan'}.\n`);
    return b ? 'Background' : 'Orphan';
  }
  const policy = ({ background: 'Background', foreground: 'Foreground', orphan: 'Orphan' } as Record<string, string>)[v];
  if (!policy) throw new Error(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
  return policy;
}

/**
 * waitGone waits until an object is deleted (gone, or replaced by another of the same name: a new uid), reading
 * it and then watching it from the version read, as kubectl's wait does; interrupted, it throws Interrupted.
 */
async function waitGone(client: HttpClient, v: Victim, uid: string | undefined, intr: Interruption): Promise<void> {
  for (;;) {
    intr.check();
    let cur: KubeObject;
    try {
      cur = await client.request<KubeObject>('GET', resourcePath(v.kind, v.namespace, v.name));
    } catch (err) {
      if (err instanceof ApiError && err.status.code === 404) return;
      throw err;
    }
    if (uid && cur.metadata.uid !== uid) return;
    let deleted = false;
    const w = client.watch(v.kind, v.namespace, { resourceVersion: cur.metadata.resourceVersion, fieldSelector: `metadata.name=${v.name}` }, (e: WatchEvent) => {
      if (e.type === 'DELETED') {
        deleted = true;
        w.stop();
      }
    });
    intr.track(w);
    await Promise.race([w.done.catch(() => undefined), intr.happened]);
    if (deleted) return;
  }
}
