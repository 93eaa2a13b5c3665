import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject, WatchEvent } from '../../api/types.js';
import { ApiError } from '../../api/api-error.js';
import { describePodTemplate } from '../../api/describe/pod.js';
import { DescribeWriter } from '../../api/describe/writer.js';
import { alignTabs } from '../../api/describe/tabwriter.js';
import { resourcePath } from '../../client/http-client.js';
import type { Command, Connection, Ctx } from './command.js';
import { INTERRUPTED_EXIT, Interrupted, Interruption } from './interrupt.js';
import { dryRunOf, dryRunSuffix, writeQuery } from './print-result.js';
import { DRY_RUN_FLAG } from './flags.js';
import { parseGoDuration } from './go-duration.js';
import { objectRef, parseTargets } from './targets.js';
import {
  deploymentKind,
  equalIgnoreHash,
  fetchInfos,
  queryOf,
  replicaSetsOf,
  reportErrors,
  resourceString,
  revisionOf,
  split,
  templateOf,
  withoutHash,
  type Info,
} from './workloads.js';

// `kubectl rollout status|history|undo|restart|pause|resume`, as kubectl 1.35's pkg/cmd/rollout and
// pkg/polymorphichelpers do them: the same requests (watch-list for status, strategic merge patches with the
// kubectl-rollout field manager, the JSON patch of undo), the same words and the same order of output and errors.

type Obj = Record<string, unknown>;
const specOf = (o: KubeObject) => ((o as { spec?: Obj }).spec ?? {}) as Obj;
const statusOf = (o: KubeObject) => ((o as { status?: Obj }).status ?? {}) as Record<string, number | string | undefined>;
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const q = (s: string | undefined) => JSON.stringify(s ?? '');

// ---- status ----

/** The line a status viewer prints for an object and whether the rollout is done (kubectl's StatusViewer). */
function statusLine(kind: string, o: KubeObject, revision: number): { text: string; done: boolean } {
  const name = o.metadata.name;
  const gen = o.metadata.generation ?? 0;
  const st = statusOf(o);
  const spec = specOf(o);
  if (kind === 'Deployment') {
    if (revision > 0) {
      const current = revisionOf(o);
      if (revision !== current) throw new Error(`desired revision (${revision}) is different from the running revision (${current})`);
    }
    if (gen <= num(st.observedGeneration)) {
      const conds = (st.conditions ?? []) as unknown as { type?: string; reason?: string }[];
      if (conds.find((c) => c.type === 'Progressing')?.reason === 'ProgressDeadlineExceeded') throw new Error(`deployment ${q(name)} exceeded its progress deadline`);
      const replicas = spec.replicas as number | undefined;
      const updated = num(st.updatedReplicas);
      if (replicas !== undefined && updated < replicas)
        return { text: `Waiting for deployment ${q(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
      if (num(st.replicas) > updated)
        return { text: `Waiting for deployment ${q(name)} rollout to finish: ${num(st.replicas) - updated} old replicas are pending termination...\n`, done: false };
      if (num(st.availableReplicas) < updated)
        return { text: `Waiting for deployment ${q(name)} rollout to finish: ${num(st.availableReplicas)} of ${updated} updated replicas are available...\n`, done: false };
      return { text: `deployment ${q(name)} successfully rolled out\n`, done: true };
    }
    return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
  }
  if (kind === 'DaemonSet') {
    if ((spec.updateStrategy as Obj | undefined)?.type !== 'RollingUpdate') throw new Error('rollout status is only available for RollingUpdate strategy type');
    if (gen <= num(st.observedGeneration)) {
      const desired = num(st.desiredNumberScheduled);
      if (num(st.updatedNumberScheduled) < desired)
        return { text: `Waiting for daemon set ${q(name)} rollout to finish: ${num(st.updatedNumberScheduled)} out of ${desired} new pods have been updated...\n`, done: false };
      if (num(st.numberAvailable) < desired)
        return { text: `Waiting for daemon set ${q(name)} rollout to finish: ${num(st.numberAvailable)} of ${desired} updated pods are available...\n`, done: false };
      return { text: `daemon set ${q(name)} successfully rolled out\n`, done: true };
    }
    return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
  }
  // StatefulSet
  const strategy = (spec.updateStrategy ?? {}) as { type?: string; rollingUpdate?: { partition?: number } };
  if (strategy.type !== 'RollingUpdate') throw new Error('rollout status is only available for RollingUpdate strategy type');
  if (!num(st.observedGeneration) || gen > num(st.observedGeneration)) return { text: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = spec.replicas as number | undefined;
  if (replicas !== undefined && num(st.readyReplicas) < replicas) return { text: `Waiting for ${replicas - num(st.readyReplicas)} pods to be ready...\n`, done: false };
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && num(st.updatedReplicas) < replicas - partition)
      return { text: `Waiting for partitioned roll out to finish: ${num(st.updatedReplicas)} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    return { text: `partitioned roll out complete: ${num(st.updatedReplicas)} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision)
    return { text: `waiting for statefulset rolling update to complete ${num(st.updatedReplicas)} pods at revision ${st.updateRevision ?? ''}...\n`, done: false };
  return { text: `statefulset rolling update complete ${num(st.currentReplicas)} pods at revision ${st.currentRevision ?? ''}...\n`, done: true };
}

const STATUS_KINDS = new Set(['apps/Deployment', 'apps/DaemonSet', 'apps/StatefulSet']);

/**
 * watchStatus follows one object as kubectl's UntilWithSync does: a watch-list on its name (the current object
 * as ADDED, then every change), one status line per ADDED or MODIFIED event, until the rollout is done, after
 * the first line with --watch=false, or until the timeout (wall clock, as kubectl's context), or until the
 * command is interrupted (it rejects with Interrupted then, having stopped the watch).
 */
async function watchStatus(ctx: Ctx, info: Info, opts: { watch: boolean; revision: number; timeoutMs: number }, intr: Interruption): Promise<void> {
  const { client } = await ctx.connect();
  const k = info.kind;
  let resourceVersion: string | undefined;
  let settled = false;
  let expired = false;
  return new Promise<void>((resolve, reject) => {
    let current: { stop(): void } | undefined;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      current?.stop();
      if (err) reject(err);
      else resolve();
    };
    const timer = opts.timeoutMs > 0 ? setTimeout(() => finish(new Error('timed out waiting for the condition')), opts.timeoutMs) : undefined;
    void intr.happened.then(() => finish(new Interrupted()));
    const onEvent = (e: WatchEvent) => {
      if (settled) return;
      const rv = e.object?.metadata?.resourceVersion;
      if (rv) resourceVersion = rv;
      if (e.type === 'BOOKMARK') return;
      if (e.type === 'DELETED') return finish(new Error('object has been deleted'));
      // The watch ends; a new one resumes below, as the informer's reflector does: from the last revision seen, or,
      // when that is too old for the server (410 Gone: its history was compacted), from a fresh read.
      if (e.type === 'ERROR') {
        if ((e.object as { code?: number } | undefined)?.code === 410) expired = true;
        return;
      }
      let line;
      try {
        line = statusLine(k.kind, e.object, opts.revision);
      } catch (err) {
        return finish(err);
      }
      ctx.io.out(line.text);
      if (line.done || !opts.watch) finish();
    };
    // A watch the server ends (its timeoutSeconds) is opened again from the last revision seen.
    const open = (initial: boolean) => {
      const w = client.watch(
        k,
        info.namespace,
        initial
          ? { fieldSelector: `metadata.name=${info.name}`, sendInitialEvents: true, allowWatchBookmarks: true }
          : { fieldSelector: `metadata.name=${info.name}`, resourceVersion, allowWatchBookmarks: true },
        onEvent,
      );
      current = intr.track(w);
      w.done.then(
        () => {
          if (settled) return;
          open(expired);
          expired = false;
        },
        (err: unknown) => (err instanceof ApiError && err.status.code === 410 && !settled ? open(true) : finish(err)),
      );
    };
    open(true);
  });
}

const statusCommand: Command = {
  flags: { '--selector': ['value', '-l'], '--watch': ['bool', '-w'], '--revision': ['int'], '--timeout': ['value'] },
  async run(ctx) {
    const revision = ctx.flags.int('--revision') ?? 0;
    const timeout = ctx.flags.str('--timeout');
    const timeoutMs = timeout === undefined ? 0 : parseGoDuration(timeout);
    if (timeoutMs === undefined) return undefined;
    if (!ctx.args.length) throw new Error('required resource not specified');
    if (revision < 0) throw new Error(`revision must be a positive integer: ${revision}`);
    const conn = await ctx.connect();
    const fetched = await fetchInfos(conn.client, conn.namespace, ctx.args, { selector: ctx.flags.str('--selector'), allowEmpty: true });
    const watch = !ctx.flags.has('--watch') || ctx.flags.bool('--watch');
    // Only the watch is under kubectl's interrupt handler (io.signal here); it is let go of when the command ends.
    const intr = new Interruption(ctx.io.signal);
    const errors: unknown[] = [];
    try {
      for (const f of fetched) {
        if (!f.info) {
          errors.push(f.error);
          continue;
        }
        if (!STATUS_KINDS.has(`${f.info.kind.group}/${f.info.kind.kind}`)) {
          errors.push(new Error(`no status viewer has been implemented for ${f.info.kind.kind}`));
          continue;
        }
        try {
          await watchStatus(ctx, f.info, { watch, revision, timeoutMs }, intr);
        } catch (err) {
          // kubectl's interrupt handler exits 1 at once: no more objects, and none of the errors so far printed.
          if (err instanceof Interrupted) return INTERRUPTED_EXIT;
          errors.push(err);
        }
      }
    } finally {
      intr.dispose();
    }
    if (!fetched.length) ctx.io.err(`No resources found in ${conn.namespace} namespace.\n`);
    return reportErrors(ctx.io, errors);
  },
};

// ---- history and undo (Deployments; DaemonSets and StatefulSets keep ControllerRevisions, not built in) ----

/**
 * visitEach visits the objects history and undo are given (the arguments or -l) one by one, as kubectl's builder
 * does: a name that is not found and a visit that fails are kept, the rest still run, and they are reported
 * together at the end.
 */
async function visitEach(ctx: Ctx, conn: Connection, visit: (info: Info) => Promise<void>): Promise<number> {
  const fetched = await fetchInfos(conn.client, conn.namespace, ctx.args, { selector: ctx.flags.str('--selector'), allowEmpty: true });
  const errors: unknown[] = [];
  for (const f of fetched) {
    if (!f.info) {
      errors.push(f.error);
      continue;
    }
    try {
      await visit(f.info);
    } catch (err) {
      errors.push(err);
    }
  }
  return reportErrors(ctx.io, errors);
}

/** templateText is kubectl's printTemplate: describe's Pod Template section, its tabs left as they are. */
function templateText(template: unknown): string {
  let text = '';
  // DescribePodTemplate writes through a PrefixWriter straight into a buffer: no tabwriter aligns its cells.
  class RawWriter extends DescribeWriter {
    override write(level: number, t: string): void {
      text += '  '.repeat(level) + t;
    }
  }
  describePodTemplate(new RawWriter(0), template as PodTemplateSpec);
  return text;
}

/** Only Deployments' history is built in; a line naming another kind goes to the real kubectl. */
function deploymentsOnly(args: string[]): boolean {
  try {
    return parseTargets(args).every((t) => isDeployment(t.kind));
  } catch {
    return true; // kubectl's own refusal of the arguments, printed the same by the built-in
  }
}

const isDeployment = (k: KindInfo) => k.group === 'apps' && k.kind === 'Deployment';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

const historyCommand: Command = {
  flags: { '--selector': ['value', '-l'], '--revision': ['int'], '--output': ['value', '-o'] },
  async run(ctx) {
    const revision = ctx.flags.int('--revision') ?? 0;
    const output = ctx.flags.str('--output');
    if ((output !== undefined && output !== 'name') || !deploymentsOnly(ctx.args)) return undefined;
    if (!ctx.args.length) throw new Error('required resource not specified');
    if (revision < 0) throw new Error(`revision must be a positive integer: ${revision}`);
    const conn = await ctx.connect();
    return visitEach(ctx, conn, async (info) => {
      const d = await conn.client.get(deploymentKind, info.namespace, info.name).catch((err: unknown) => {
        throw new Error(`failed to retrieve deployment ${info.name}: ${err instanceof Error ? err.message : String(err)}`);
      });
      const { old, newRS } = await replicaSetsOf(conn.client, d);
      // One entry per revision; a later ReplicaSet with the same revision replaces an earlier one, as a Go map does.
      const byRevision = new Map<number, KubeObject>();
      for (const rs of newRS ? [...old, newRS] : old) byRevision.set(revisionOf(rs), rs);
      const revisions = [...byRevision.keys()].sort((a, b) => a - b);
      if (output === 'name') {
        if (revision) {
          const rs = byRevision.get(revision);
          if (!rs) throw new Error('unable to find the specified revision');
          ctx.io.out(`replicaset.apps/${rs.metadata.name}\n`);
        } else for (const r of revisions) ctx.io.out(`replicaset.apps/${byRevision.get(r)!.metadata.name}\n`);
        return;
      }
      let body: string;
      if (!byRevision.size) body = 'No rollout history found.';
      else if (revision) {
        const rs = byRevision.get(revision);
        if (!rs) throw new Error('unable to find the specified revision');
        body = templateText(templateOf(rs));
      } else {
        const rows = revisions.map((r) => {
          const rs = byRevision.get(r)!;
          const cause = rs.metadata.annotations?.[CHANGE_CAUSE] || (templateOf(rs)?.metadata as KubeObject['metadata'] | undefined)?.annotations?.[CHANGE_CAUSE] || '<none>';
          return `${r}\t${cause}\n`;
        });
        body = alignTabs(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`, 2, 0);
      }
      ctx.io.out(`${objectRef(info.kind, info.name)} ${revision ? `with revision #${revision}` : ''}\n${body}\n`);
    });
  },
};

/** The Deployment annotations undo keeps from the Deployment rather than taking from the ReplicaSet. */
const KEEP_ON_UNDO = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** The ReplicaSet to roll back to: the given revision's, or (0) the one before the newest. */
function rollbackTarget(d: KubeObject, all: KubeObject[], toRevision: number): KubeObject {
  let latest: KubeObject | undefined;
  let latestRev = -1;
  let previous: KubeObject | undefined;
  let previousRev = -1;
  for (const rs of all) {
    let v: number;
    try {
      v = revisionOf(rs);
    } catch {
      continue;
    }
    if (toRevision === 0) {
      if (latestRev < v) {
        previousRev = latestRev;
        previous = latest;
        latestRev = v;
        latest = rs;
      } else if (previousRev < v) {
        previousRev = v;
        previous = rs;
      }
    } else if (toRevision === v) return rs;
  }
  if (toRevision > 0) throw new Error(`unable to find specified revision ${toRevision} in history`);
  if (!previous) throw new Error(`no rollout history found for deployment ${q(d.metadata.name)}`);
  return previous;
}

const undoCommand: Command = {
  flags: { '--selector': ['value', '-l'], '--to-revision': ['int'], '--dry-run': DRY_RUN_FLAG, '--output': ['value', '-o'] },
  async run(ctx) {
    const toRevision = ctx.flags.int('--to-revision') ?? 0;
    const output = ctx.flags.str('--output');
    if ((output !== undefined && output !== 'name') || !deploymentsOnly(ctx.args)) return undefined;
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    if (!ctx.args.length) throw new Error('required resource not specified');
    const conn = await ctx.connect();
    return visitEach(ctx, conn, async (info) => {
      if (toRevision < 0) throw new Error(`unable to find specified revision ${toRevision} in history`);
      const d = await conn.client.get(deploymentKind, info.namespace, info.name).catch((err: unknown) => {
        throw new Error(`failed to retrieve Deployment ${info.name}: ${err instanceof Error ? err.message : String(err)}`);
      });
      const { old, newRS } = await replicaSetsOf(conn.client, d);
      const rs = rollbackTarget(d, newRS ? [...old, newRS] : old, toRevision);
      let result: string;
      if (dryRun === 'client') result = templateText(templateOf(rs));
      else if (specOf(d).paused) throw new Error("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
      else if (equalIgnoreHash(templateOf(rs), templateOf(d))) result = `skipped rollback (current template already matches revision ${toRevision})`;
      else {
        const annotations: Record<string, string> = {};
        for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (KEEP_ON_UNDO.has(k)) annotations[k] = v;
        for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!KEEP_ON_UNDO.has(k)) annotations[k] = v;
        const patch = [
          { op: 'replace', path: '/spec/template', value: withoutHash(templateOf(rs)) },
          { op: 'replace', path: '/metadata/annotations', value: annotations },
        ];
        // No field manager is named: the API server takes `kubectl` from kubectl's User-Agent, so name it here.
        const path = resourcePath(deploymentKind, d.metadata.namespace, d.metadata.name) + writeQuery('kubectl', dryRun, undefined);
        try {
          await conn.client.request('PATCH', path, patch, 'application/json-patch+json');
        } catch (err) {
          throw new Error(`failed restoring revision ${toRevision}: ${err instanceof Error ? err.message : String(err)}`);
        }
        result = 'rolled back';
      }
      printRef(ctx, info.kind, info.name, result, dryRun);
    });
  },
};

/** printRef is kubectl's name printer: `deployment.apps/web OPERATION`, with the dry-run note, or `-o name`. */
function printRef(ctx: Ctx, kind: KindInfo, name: string, operation: string, dryRun: 'none' | 'client' | 'server' = 'none'): void {
  const ref = objectRef(kind, name);
  if (ctx.flags.str('--output') === 'name') return ctx.io.out(`${ref}\n`);
  const op = operation + dryRunSuffix(dryRun);
  ctx.io.out(op ? `${ref} ${op}\n` : `${ref}\n`);
}

// ---- restart, pause, resume: one strategic merge patch each, as CalculatePatches computes it ----

/** rfc3339Local is Go's time.Now().Format(time.RFC3339): local time with its offset, `Z` for UTC. */
function rfc3339Local(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const p = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${p(off / 60)}:${p(off % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/**
 * The patch each sub-command makes for an object, or the error its ObjectRestarter/Pauser/Resumer gives;
 * `{}` is "no change".
 */
const PATCHERS: Record<'restart' | 'pause' | 'resume', (k: KindInfo, o: KubeObject, now: number) => Obj> = {
  restart(k, o, now) {
    if (k.group !== 'apps' || !['Deployment', 'DaemonSet', 'StatefulSet'].includes(k.kind)) throw new Error('restarting is not supported');
    if (k.kind === 'Deployment' && specOf(o).paused) throw new Error("can't restart paused deployment (run rollout resume first)");
    const at = rfc3339Local(now);
    const current = (templateOf(o)?.metadata as KubeObject['metadata'] | undefined)?.annotations?.[RESTARTED_AT];
    return current === at ? {} : { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } } };
  },
  pause(k, o) {
    if (!isDeployment(k)) throw new Error('pausing is not supported');
    if (specOf(o).paused) throw new Error('is already paused');
    return { spec: { paused: true } };
  },
  resume(k, o) {
    if (!isDeployment(k)) throw new Error('resuming is not supported');
    if (!specOf(o).paused) throw new Error('is not paused');
    return { spec: { paused: null } };
  },
};

function patchCommand(verb: 'restart' | 'pause' | 'resume', done: string): Command {
  return {
    flags: { '--selector': ['value', '-l'], '--field-manager': ['value'], '--output': ['value', '-o'] },
    async run(ctx) {
      const output = ctx.flags.str('--output');
      if (output !== undefined && output !== 'name') return undefined;
      if (!ctx.args.length) throw new Error('required resource not specified');
      const conn = await ctx.connect();
      const fetched = await fetchInfos(conn.client, conn.namespace, ctx.args, { selector: ctx.flags.str('--selector'), allowEmpty: true });
      const { infos, errors } = split(fetched);
      if (!infos.length && !errors.length) {
        ctx.io.err(`No resources found in ${conn.namespace} namespace.\n`);
        return 0;
      }
      // Every patch is worked out first (the restart time is read once per object, as CalculatePatches does).
      const patches = infos.map((info) => {
        try {
          return { info, patch: PATCHERS[verb](info.kind, info.object, ctx.now()) };
        } catch (err) {
          return { info, err: err as Error };
        }
      });
      for (const { info, patch, err } of patches) {
        if (err) {
          errors.push(new Error(`error: ${resourceString(info.kind)} ${q(info.name)} ${err.message}`));
          continue;
        }
        if (!Object.keys(patch).length) {
          if (verb === 'restart')
            errors.push(new Error(`failed to create patch for ${info.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`));
          else printRef(ctx, info.kind, info.name, verb === 'pause' ? 'already paused' : 'already resumed');
          continue;
        }
        const path = resourcePath(info.kind, info.namespace, info.name) + queryOf({ fieldManager: ctx.flags.str('--field-manager') ?? 'kubectl-rollout' });
        try {
          await conn.client.request('PATCH', path, patch, 'application/strategic-merge-patch+json');
        } catch (e) {
          errors.push(new Error(`failed to patch: ${e instanceof Error ? e.message : String(e)}`));
          continue;
        }
        printRef(ctx, info.kind, info.name, done);
      }
      return reportErrors(ctx.io, errors);
    },
  };
}

/** rolloutCommand is `kubectl rollout`; each sub-command brings its flags. */
export const rolloutCommand: Command = {
  flags: {},
  sub: {
    status: statusCommand,
    history: historyCommand,
    undo: undoCommand,
    restart: patchCommand('restart', 'restarted'),
    pause: patchCommand('pause', 'paused'),
    resume: patchCommand('resume', 'resumed'),
  },
};
