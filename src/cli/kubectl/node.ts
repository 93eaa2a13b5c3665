import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { ApiError } from '../../api/api-error.js';
import { mustKind } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import type { HttpClient } from '../../client/http-client.js';
import { usage, type Command, type Ctx } from './command.js';
import { KILLED_EXIT, Interruption } from './interrupt.js';
import { goDurationText, parseGoDuration } from './go-duration.js';
import { podKind, type PodObject } from './pod-select.js';
import { aggregate } from './errors.js';
import { DRY_RUN_FLAG, type FlagTable } from './flags.js';
import { dryRunOf, dryRunSuffix, writeQuery, type DryRun } from './print-result.js';

const nodeKind = mustKind('v1', 'Node');
type NodeObject = Node & KubeObject;


/**
 * nodesOf finds the nodes a cordon/uncordon/drain line names (by name, or by -l), with kubectl's usage errors;
 * an error on any of them stops the command before anything is changed, as kubectl's builder does.
 */
async function nodesOf(ctx: Ctx, command: string): Promise<{ nodes: NodeObject[]; client: HttpClient } | number | undefined> {
  // `node/NAME` arguments are left to a real kubectl.
  if (ctx.args.some((a) => a.includes('/'))) return undefined;
  const selector = ctx.flags.str('--selector');
  if (!ctx.args.length && !ctx.flags.has('--selector')) return usage(ctx.io, `USAGE: ${command} NODE [flags]`, command);
  if (ctx.args.length && selector) return usage(ctx.io, 'cannot specify both a node name and a --selector option', command);
  const { client } = await ctx.connect();
  const nodes: NodeObject[] = [];
  if (selector) nodes.push(...(await client.list<NodeObject>(nodeKind, undefined, { labelSelector: selector })).items);
  for (const name of ctx.args) nodes.push(await client.get<NodeObject>(nodeKind, undefined, name));
  return { nodes, client };
}

/**
 * cordonNodes sets spec.unschedulable as kubectl's CordonHelper does: a strategic merge patch of the one field
 * (`true`, or `null` to uncordon: the field is omitempty), printing `node/NAME cordoned` or `already cordoned`.
 */
async function cordonNodes(ctx: Ctx, client: HttpClient, nodes: NodeObject[], desired: boolean, dryRun: DryRun): Promise<void> {
  const word = desired ? 'cordon' : 'uncordon';
  const suffix = dryRunSuffix(dryRun);
  for (const node of nodes) {
    const name = node.metadata.name!;
    if (!!node.spec?.unschedulable === desired) {
      ctx.io.out(`node/${name} already ${word}ed${suffix}\n`);
      continue;
    }
    if (dryRun !== 'client') {
      try {
        // kubectl's typed client sends no fieldManager: the server names the manager after its user agent, so name
        // it here.
        const path = `/api/v1/nodes/${encodeURIComponent(name)}${writeQuery('kubectl', dryRun, undefined)}`;
        await client.request('PATCH', path, { spec: { unschedulable: desired ? true : null } }, 'application/strategic-merge-patch+json');
      } catch (err) {
        ctx.io.err(`error: unable to ${word} node "${name}": ${err instanceof ApiError ? err.message : String(err)}\n`);
        continue;
      }
    }
    ctx.io.out(`node/${name} ${word}ed${suffix}\n`);
  }
}

const cordonFlags: FlagTable = { '--selector': ['value', '-l'], '--dry-run': DRY_RUN_FLAG };

function cordonCommand(desired: boolean): Command {
  const command = desired ? 'cordon' : 'uncordon';
  return {
    flags: cordonFlags,
    async run(ctx) {
      const dryRun = dryRunOf(ctx);
      if (dryRun instanceof Error) throw dryRun;
      const found = await nodesOf(ctx, command);
      if (found === undefined || typeof found === 'number') return found;
      await cordonNodes(ctx, found.client, found.nodes, desired, dryRun);
      return 0;
    },
  };
}

/** cordonNodeCommand is `kubectl cordon NODE`: mark the node unschedulable. */
export const cordonNodeCommand = cordonCommand(true);
/** uncordonCommand is `kubectl uncordon NODE`: mark the node schedulable again. */
export const uncordonCommand = cordonCommand(false);

/** DrainOptions are drain.Helper's settings. */
interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  gracePeriod: number;
  timeoutMs: number;
  podSelector?: string;
  disableEviction: boolean;
  skipWaitSeconds: number;
  dryRun: DryRun;
}

/** PodStatus is what drain's filters decide for a pod: delete it or not, and a warning or an error to report. */
interface PodStatus {
  delete: boolean;
  reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  message?: string;
}

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

const ok: PodStatus = { delete: true, reason: 'Okay' };
const finished = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const controllerOf = (p: PodObject) => p.metadata.ownerReferences?.find((r) => r.controller);

/** PodList is GetPodsForDeletion's answer: each pod on the node with its status. */
type PodList = { pod: PodObject; status: PodStatus }[];

/** Warnings joins the warnings by message: `message: ns/a, ns/b; other: ns/c` (drain's PodDeleteList.Warnings). */
function warningsOf(list: PodList): string {
  const by = new Map<string, string[]>();
  for (const { pod, status } of list) if (status.reason === 'Warning') by.set(status.message!, [...(by.get(status.message!) ?? []), `${pod.metadata.namespace}/${pod.metadata.name}`]);
  return [...by].map(([m, pods]) => `${m}: ${pods.join(', ')}`).join('; ');
}

function errorsOf(list: PodList): string[] {
  const by = new Map<string, string[]>();
  for (const { pod, status } of list)
    if (status.reason === 'Error') {
      const m = status.message || 'unexpected error';
      by.set(m, [...(by.get(m) ?? []), `${pod.metadata.namespace}/${pod.metadata.name}`]);
    }
  return [...by].map(([m, pods]) => `cannot delete ${m}: ${pods.join(', ')}`);
}


/**
 * Drainer is kubectl's drain.Helper: it lists the pods on a node, runs drain's filters over them (DaemonSet,
 * mirror, emptyDir, unmanaged), and evicts (or deletes) the rest, waiting for each to go. Waits are on the wall
 * clock, as kubectl's are.
 */
class Drainer {
  constructor(
    private readonly ctx: Ctx,
    private readonly client: HttpClient,
    private readonly o: DrainOptions,
    private readonly deadline: number,
    private readonly intr: Interruption,
  ) {}

  private async status(pod: PodObject): Promise<PodStatus> {
    const o = this.o;
    const del = pod.metadata.deletionTimestamp;
    // skipDeletedFilter: deletion timestamps are the cluster's time, so they are compared with ctx.now() (the wall
    // clock for the CLI, the cluster's clock in the dashboard); the drain's own timeouts stay on the wall clock.
    if (o.skipWaitSeconds > 0 && del && Math.trunc((this.ctx.now() - Date.parse(del)) / 1000) > o.skipWaitSeconds) return { delete: false, reason: 'Skip' };
    // daemonSetFilter
    const ref = controllerOf(pod);
    if (ref && ref.kind === 'DaemonSet' && ref.apiVersion === 'apps/v1' && !finished(pod)) {
      try {
        await this.client.get(mustKind('apps/v1', 'DaemonSet'), pod.metadata.namespace, ref.name);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        if (err instanceof ApiError && err.code === 404 && o.force) return { delete: true, reason: 'Warning', message: msg };
        return { delete: false, reason: 'Error', message: msg };
      }
      if (!o.ignoreDaemonSets) return { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
      return { delete: false, reason: 'Warning', message: DAEMONSET_WARNING };
    }
    return ok;
  }

  /** filters runs drain's filters in order; a status that does not delete ends the run, a later one replaces it. */
  private async filter(pod: PodObject): Promise<PodStatus> {
    let s = await this.status(pod);
    if (!s.delete) return s;
    if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return { delete: false, reason: 'Skip' };
    if ((pod.spec?.volumes ?? []).some((v) => v.emptyDir) && !finished(pod) && !this.o.deleteEmptyDirData) return { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
    // The emptyDir warning (LOCAL_STORAGE_WARNING) deletes, so the next filter's status replaces it: a pod with a
    // controller ends Okay, one without ends with the --force warning. kubectl never prints it.
    if (finished(pod) || controllerOf(pod)) return ok;
    if (this.o.force) return { delete: true, reason: 'Warning', message: UNMANAGED_WARNING };
    return { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
  }

  async podsFor(node: string): Promise<PodList> {
    const list = await this.client.list<PodObject>(podKind, undefined, { labelSelector: this.o.podSelector, fieldSelector: `spec.nodeName=${node}`, limit: 500 });
    const out: PodList = [];
    for (const pod of list.items) out.push({ pod, status: await this.filter(pod) });
    return out;
  }

  /** evictionSupported: discovery of /api/v1 lists pods/eviction (policy/v1 Eviction). */
  private async evictionSupported(): Promise<boolean> {
    const r = await this.client.request<{ resources?: { name: string; kind: string; group?: string; version?: string }[] }>('GET', '/api/v1');
    return (r.resources ?? []).some((x) => x.name === 'pods/eviction' && x.kind === 'Eviction' && x.group && x.version);
  }

  private deleteOptions(): Record<string, unknown> {
    const d: Record<string, unknown> = {};
    if (this.o.gracePeriod >= 0) d.gracePeriodSeconds = this.o.gracePeriod;
    if (this.o.dryRun === 'server') d.dryRun = ['All'];
    return d;
  }

  private report(pod: PodObject, eviction: boolean, failed: boolean): void {
    const verb = eviction ? (failed ? 'eviction failed' : 'evicted') : failed ? 'deletion failed' : 'deleted';
    this.ctx.io.out(`pod/${pod.metadata.name} ${verb}${dryRunSuffix(this.o.dryRun)}\n`);
  }

  /** waitGone polls the pod every second until it is gone (or replaced by one with another uid), or the deadline. */
  private async waitGone(pod: PodObject, eviction: boolean): Promise<void> {
    for (;;) {
      try {
        const p = await this.client.get<PodObject>(podKind, pod.metadata.namespace, pod.metadata.name!);
        if (p.metadata.uid !== pod.metadata.uid) return this.report(pod, eviction, false);
        const del = p.metadata.deletionTimestamp;
        if (this.o.skipWaitSeconds > 0 && del && Math.trunc((this.ctx.now() - Date.parse(del)) / 1000) > this.o.skipWaitSeconds) {
          this.ctx.io.out(`pod "${pod.metadata.name}" has DeletionTimestamp older than ${this.o.skipWaitSeconds} seconds, skipping\n`);
          return;
        }
      } catch (err) {
        if (err instanceof ApiError && err.code === 404) return this.report(pod, eviction, false);
        this.report(pod, eviction, true);
        throw err;
      }
      const left = this.deadline - Date.now();
      if (left <= 0) throw new Error('context deadline exceeded');
      await this.intr.sleep(Math.min(1000, left));
      if (Date.now() >= this.deadline) throw new Error('context deadline exceeded');
    }
  }

  private async evict(pod: PodObject): Promise<void> {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name!;
    for (;;) {
      this.intr.check();
      this.ctx.io.out(`evicting pod ${ns}/${name}${this.o.dryRun === 'server' ? ' (server dry run)' : ''}\n`);
      if (Date.now() >= this.deadline) throw new Error(`error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${goDurationText(this.o.timeoutMs)}`);
      try {
        await this.client.create(podKind, ns, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: ns }, deleteOptions: this.deleteOptions() } as unknown as KubeObject, {
          subresource: 'eviction',
          name,
        });
        break;
      } catch (err) {
        if (err instanceof ApiError && err.code === 404) return;
        if (err instanceof ApiError && err.code === 429) {
          this.ctx.io.err(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${err.message}\n`);
          await this.intr.sleep(5000);
          continue;
        }
        throw new Error(`error when evicting pods/"${name}" -n "${ns}": ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (this.o.dryRun === 'server') return;
    try {
      await this.waitGone(pod, true);
    } catch (err) {
      throw new Error(`error when waiting for pod "${name}" in namespace "${ns}" to terminate: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** deleteOrEvict is DeleteOrEvictPods: evictions run side by side; their errors are gathered. */
  async deleteOrEvict(pods: PodObject[]): Promise<string[]> {
    if (!pods.length) return [];
    if (!this.o.disableEviction && (await this.evictionSupported())) {
      const results = await Promise.all(pods.map((p) => this.evict(p).then(() => undefined, (e: unknown) => (e instanceof Error ? e.message : String(e)))));
      return results.filter((e): e is string => e !== undefined);
    }
    for (const p of pods) {
      this.intr.check();
      try {
        await this.client.delete(podKind, p.metadata.namespace, p.metadata.name!, this.deleteOptions());
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) return [err instanceof ApiError ? err.message : String(err)];
      }
    }
    const errs: string[] = [];
    await Promise.all(
      pods.map((p) =>
        this.waitGone(p, false).catch((e: unknown) => {
          errs.push(e instanceof Error ? e.message : String(e));
        }),
      ),
    );
    return errs.slice(0, 1);
  }
}

/** drainCommand is `kubectl drain NODE`: cordon it, then evict its pods (drain's filters decide which). */
export const drainCommand: Command = {
  flags: {
    '--force': ['bool'],
    '--ignore-daemonsets': ['bool'],
    '--delete-emptydir-data': ['bool'],
    '--grace-period': ['value'],
    '--timeout': ['value'],
    '--pod-selector': ['value'],
    '--disable-eviction': ['bool'],
    '--skip-wait-for-delete-timeout': ['value'],
    '--selector': ['value', '-l'],
    '--dry-run': DRY_RUN_FLAG,
  },
  async run(ctx) {
    const f = ctx.flags;
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    const grace = f.str('--grace-period') ?? '-1';
    const skip = f.str('--skip-wait-for-delete-timeout') ?? '0';
    const timeoutMs = f.str('--timeout') === undefined ? 0 : parseGoDuration(f.str('--timeout')!, { signed: true });
    // Values pflag refuses are left to a real kubectl, which words the refusal.
    if (!/^-?\d+$/.test(grace) || !/^-?\d+$/.test(skip) || timeoutMs === undefined) return undefined;
    const found = await nodesOf(ctx, 'drain');
    if (found === undefined || typeof found === 'number') return found;
    const { client, nodes } = found;
    const o: DrainOptions = {
      force: f.bool('--force'),
      ignoreDaemonSets: f.bool('--ignore-daemonsets'),
      deleteEmptyDirData: f.bool('--delete-emptydir-data'),
      gracePeriod: Number(grace),
      timeoutMs,
      podSelector: f.str('--pod-selector'),
      disableEviction: f.bool('--disable-eviction'),
      skipWaitSeconds: Number(skip),
      dryRun,
    };
    // kubectl drain has no interrupt handler: a SIGINT kills it wherever it is. Interrupted (io.signal), the
    // built-in stops evicting and waiting, prints nothing more, and answers what a shell reports for that.
    const intr = new Interruption(ctx.io.signal);
    const c: Ctx = { ...ctx, io: intr.guard(ctx.io) };
    return intr.race(
      (async () => {
        await cordonNodes(c, client, nodes, true, dryRun);
        const drainer = new Drainer(c, client, o, timeoutMs > 0 ? Date.now() + timeoutMs : Infinity, intr);
        const fatal: string[][] = [];
        const pending: string[] = [];
        for (const node of nodes) {
          intr.check();
          const name = node.metadata.name!;
          const errs = await drainNode(c, drainer, name, o);
          if (!errs.length) {
            c.io.out(`node/${name} drained${dryRunSuffix(dryRun)}\n`);
            continue;
          }
          c.io.err(`error: unable to drain node "${name}" due to error: ${aggregate(errs)}, continuing command...\n`);
          fatal.push(errs);
          pending.push(name);
        }
        if (!pending.length) return 0;
        c.io.err(`There are pending nodes to be drained:\n${pending.map((n) => ` ${n}\n`).join('')}`);
        // CheckErr on an aggregate: one line per error, without the `error: ` prefix.
        const lines = fatal.length === 1 ? fatal[0]! : fatal.map(aggregate);
        c.io.err(lines.map((l) => `${l}\n`).join(''));
        return 1;
      })(),
      KILLED_EXIT,
    );
  },
};

/** drainNode is deleteOrEvictPodsSimple: the errors that kept the node from being drained (none when it was). */
async function drainNode(ctx: Ctx, drainer: Drainer, node: string, o: DrainOptions): Promise<string[]> {
  const list = await drainer.podsFor(node);
  const errs = errorsOf(list);
  if (errs.length) return errs;
  const warnings = warningsOf(list);
  if (warnings) ctx.io.err(`Warning: ${warnings}\n`);
  const pods = list.filter((x) => x.status.delete).map((x) => x.pod);
  if (o.dryRun === 'client') {
    for (const p of pods) ctx.io.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
    return [];
  }
  const failed = await drainer.deleteOrEvict(pods);
  if (!failed.length) return [];
  const err = aggregate(failed);
  const again = await drainer.podsFor(node);
  const left = again.filter((x) => x.status.delete).map((x) => x.pod);
  if (left.length) ctx.io.err(`There are pending pods in node "${node}" when an error occurred: ${err}\n${left.map((p) => `pod/${p.metadata.name}\n`).join('')}`);
  const newErrs = errorsOf(again);
  if (newErrs.length) ctx.io.err(`Following errors occurred while getting the list of pods to delete:\n${aggregate(newErrs)}`);
  return [err];
}
