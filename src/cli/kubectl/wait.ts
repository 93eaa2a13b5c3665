import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject, WatchEvent } from '../../api/types.js';
import { ApiError } from '../../api/api-error.js';
import { resourcePath, type HttpClient } from '../../client/http-client.js';
import type { Command, Ctx } from './command.js';
import { relaxedJSONPathExpression } from './custom-columns.js';
import { parseGoDuration } from './go-duration.js';
import { Interrupted, Interruption, KILLED_EXIT } from './interrupt.js';
import { JSONPath, goQuote, goSprint, parseJSONPath } from './jsonpath.js';
import { report } from './print-result.js';
import { parseTargets, resourceArgs } from './targets.js';
import { NO_RESOURCES, queryOf, reportErrors, type Info } from './workloads.js';

// `kubectl wait`, as kubectl 1.35's pkg/cmd/wait does it: the builder's objects (named, -l, --all, -A) visited in
// order, each waited for under one deadline shared by the whole command (--timeout, 30s by default; 0 checks once;
// negative is a week) by a watch-list on its name, as watchtools.UntilWithSync does; `--for=create` polls the
// builder every half second as kubectl does. Failures are gathered and printed at the end (ContinueOnError).

type Obj = Record<string, unknown>;

/** A week: what a negative --timeout means. */
const WEEK = 168 * 3_600_000;

/** How kubectl names an object in its wait errors: the resource and the name (`pods/web-1`, `deployments/web`). */
const objectName = (i: Info) => `${i.kind.resource}/${i.name}`;

/** The NotFound kubectl words itself for an object gone before its wait starts (`deployments.apps "web" not found`). */
function notFound(k: KindInfo, name: string): ApiError {
  const gr = k.group ? `${k.resource}.${k.group}` : k.resource;
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${gr} "${name}" not found`, reason: 'NotFound', code: 404 });
}

/** Condition is what `--for` asks: a check of one object (true when met; may throw), or deletion, or creation. */
type Condition = { type: 'delete' } | { type: 'create' } | { type: 'check'; check: (o: KubeObject) => boolean };

/**
 * conditionFor reads --for as kubectl's conditionFuncFor does: `delete` and `create` (any case), `condition=NAME`
 * with an optional `=VALUE` (default true; names and values compared case-insensitively), or `jsonpath=EXPR`
 * with an optional `=VALUE` (a bare expression waits for the field to exist); anything else is its error.
 */
export function conditionFor(spec: string): Condition {
  const lower = spec.toLowerCase();
  if (lower === 'delete') return { type: 'delete' };
  if (lower === 'create') return { type: 'create' };
  if (spec.startsWith('condition=')) {
    let name = spec.slice('condition='.length);
    let value = 'true';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return { type: 'check', check: (o) => conditionMet(o, name, value) };
  }
  if (spec.startsWith('jsonpath=')) {
    const parts = splitJSONPathInput(spec.slice('jsonpath='.length));
    if (parts.length > 2) throw new Error("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'");
    const expr = relaxedJSONPathExpression(parts[0]!);
    let value: string | undefined;
    if (parts.length === 2) {
      value = parts[1]!.replace(/^['"]+|['"]+$/g, '');
      if (!value) throw new Error("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3");
    }
    if (!expr) throw new Error('jsonpath expression cannot be empty');
    const template = parseJSONPath(expr);
    return { type: 'check', check: (o) => jsonPathMet(template, o, value) };
  }
  throw new Error(`unrecognized condition: ${goQuote(spec)}`);
}

/** splitJSONPathInput splits on each single `=`; a `==` (a filter's comparison) stays in its part. */
function splitJSONPathInput(input: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=') {
      if (input[i + 1] === '=') {
        cur += '==';
        i++;
        continue;
      }
      out.push(cur);
      cur = '';
      continue;
    }
    cur += input[i];
  }
  out.push(cur);
  return out;
}

const eqFold = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * conditionMet is kubectl's ConditionalWait.checkCondition: the first status condition of that type with a string
 * status decides, unless its observedGeneration (its own, else the status's) is behind metadata.generation.
 */
function conditionMet(o: KubeObject, name: string, value: string): boolean {
  const status = (o as { status?: Obj }).status;
  const conditions = status?.conditions;
  if (!Array.isArray(conditions)) return false;
  for (const c of conditions as Obj[]) {
    if (typeof c.type !== 'string' || !eqFold(c.type, name)) continue;
    if (typeof c.status !== 'string') continue;
    const generation = o.metadata.generation;
    if (typeof generation === 'number') {
      const observed = typeof c.observedGeneration === 'number' ? c.observedGeneration : status?.observedGeneration;
      if (typeof observed === 'number' && observed < generation) return false;
    }
    return eqFold(c.status, value);
  }
  return false;
}

/** jsonPathMet is kubectl's JSONPathWait.checkCondition: one value found (and equal to `value` when one is given). */
function jsonPathMet(template: ReturnType<typeof parseJSONPath>, o: KubeObject, value: string | undefined): boolean {
  const results = new JSONPath(template, { allowMissingKeys: true }).findResults(o);
  if (!results.length || !results[0]!.length) return false;
  if (results.length > 1) throw new Error('given jsonpath expression matches more than one list');
  if (results[0]!.length > 1) throw new Error('given jsonpath expression matches more than one value');
  if (value === undefined) return true;
  const v = results[0]![0];
  if (v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)) throw new Error('jsonpath leads to a nested object or list which is not supported');
  return goSprint(v).trim() === value.trim();
}

/** Visited is one object the builder yields, or why it could not be had. */
type Visited = { info: Info } | { error: unknown };

/**
 * visit is kubectl's builder for wait (ContinueOnError, Latest): named objects fetched one by one as they are
 * visited, a bare type listed by selector or with --all, across namespaces with -A. Errors thrown are the
 * builder's own refusals, before anything is fetched.
 */
async function visit(client: HttpClient, namespace: string, args: string[], o: { selector?: string; all: boolean; allNamespaces: boolean }): Promise<() => AsyncGenerator<Visited>> {
  if (!args.length) throw new Error(NO_RESOURCES);
  // TYPE/NAME arguments take no selector (the builder's own words for it).
  if ('pairs' in resourceArgs(args) && (o.selector !== undefined || o.all)) throw new Error('selectors and the all flag cannot be used when passing resource/name arguments');
  const targets = parseTargets(args);
  const named = targets.some((t) => t.name !== undefined);
  if (named && o.selector !== undefined) throw new Error('name cannot be provided when a selector is specified');
  if (!named && o.selector === undefined && !o.all) throw new Error('resource(s) were provided, but no name was specified');
  return async function* () {
    for (const t of targets) {
      const ns = t.kind.namespaced ? namespace : undefined;
      try {
        if (t.name !== undefined) {
          yield { info: { kind: t.kind, namespace: ns, name: t.name, object: await client.request<KubeObject>('GET', resourcePath(t.kind, ns, t.name)) } };
          continue;
        }
        const list = await client.request<{ items?: KubeObject[] }>('GET', resourcePath(t.kind, o.allNamespaces ? undefined : ns) + queryOf({ labelSelector: o.selector || undefined }));
        // A list's items carry no kind of their own; the builder gives them their list's.
        const apiVersion = t.kind.group ? `${t.kind.group}/${t.kind.version}` : t.kind.version;
        for (const item of list.items ?? [])
          yield { info: { kind: t.kind, namespace: item.metadata.namespace, name: item.metadata.name!, object: { ...item, apiVersion, kind: t.kind.kind } } };
      } catch (err) {
        yield { error: err };
      }
    }
  };
}

/** The wait's deadline, shared by every object (kubectl's one context): undefined for --timeout=0. */
interface Deadline {
  at: number;
}

const timedOut = (i: Info) => new Error(`timed out waiting for the condition on ${objectName(i)}`);

/**
 * watchUntil follows one object as watchtools.UntilWithSync does: a watch-list on its name; once the initial events
 * are in, an object that is not there is NotFound (or, waiting for deletion, done); then each event is looked at —
 * `done` answers the object to print, or undefined to go on waiting. The watch is opened again from the last
 * version seen when the server ends it (from a fresh list after 410 Gone). Rejects on the deadline (kubectl's
 * timeout error), on interruption (Interrupted), or with what `done` throws.
 */
export function watchUntil(
  client: HttpClient,
  info: Info,
  deadline: Deadline,
  forDelete: boolean,
  done: (e: WatchEvent) => KubeObject | undefined,
  intr: Interruption,
): Promise<KubeObject | undefined> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let current: { stop(): void } | undefined;
    let resourceVersion: string | undefined;
    let expired = false;
    let synced = false;
    let initial: WatchEvent[] = [];
    const finish = (err: unknown, obj?: KubeObject) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      current?.stop();
      if (err) reject(err);
      else resolve(obj);
    };
    const timer = setTimeout(() => finish(timedOut(info)), Math.max(0, deadline.at - Date.now()));
    void intr.happened.then(() => finish(new Interrupted()));
    const look = (e: WatchEvent) => {
      let obj: KubeObject | undefined;
      try {
        obj = done(e);
      } catch (err) {
        return finish(err);
      }
      if (obj) finish(undefined, obj);
    };
    const onEvent = (e: WatchEvent) => {
      if (settled) return;
      const rv = e.object?.metadata?.resourceVersion;
      if (rv) resourceVersion = rv;
      if (e.type === 'ERROR') {
        if ((e.object as { code?: number } | undefined)?.code === 410) expired = true;
        return;
      }
      if (e.type === 'BOOKMARK') {
        if (synced || e.object?.metadata?.annotations?.['k8s.io/initial-events-end'] !== 'true') return;
        synced = true;
        // UntilWithSync's precondition, once the store is filled: is the object there?
        const present = initial.some((i) => i.object?.metadata?.name === info.name);
        if (!present) return forDelete ? finish(undefined, info.object) : finish(notFound(info.kind, info.name));
        for (const i of initial) if (!settled) look(i);
        initial = [];
        return;
      }
      if (!synced) initial.push(e);
      else look(e);
    };
    const open = (fresh: boolean) => {
      if (settled) return;
      const selector = `metadata.name=${info.name}`;
      const w = client.watch(
        info.kind,
        info.namespace,
        fresh ? { fieldSelector: selector, sendInitialEvents: true, allowWatchBookmarks: true } : { fieldSelector: selector, resourceVersion, allowWatchBookmarks: true },
        onEvent,
      );
      current = intr.track(w);
      w.done.then(
        () => {
          if (settled) return;
          // A relist after the watch's history expired: the informer would report an object now absent as deleted.
          open(expired || !synced);
          expired = false;
        },
        (err: unknown) => (err instanceof ApiError && err.status.code === 410 && !settled ? open(true) : finish(err)),
      );
    };
    open(true);
  });
}

/**
 * waitDeleted is kubectl's wait.IsDeleted for one object: read it (gone is done), then follow it until it is
 * deleted (or replaced: another uid than `uid`). Answers the object to print; rejects as watchUntil does, or with
 * kubectl's `condition not met` for a --timeout of 0.
 */
export async function waitDeleted(client: HttpClient, info: Info, deadline: Deadline | undefined, intr: Interruption, uid?: string): Promise<KubeObject> {
  if (deadline && Date.now() >= deadline.at) throw new Error('client rate limiter Wait returned an error: context deadline exceeded');
  let got: KubeObject;
  try {
    got = await client.request<KubeObject>('GET', resourcePath(info.kind, info.namespace, info.name));
  } catch (err) {
    if (err instanceof ApiError && err.status.code === 404) return info.object;
    throw err;
  }
  if (uid && got.metadata.uid !== uid) return got;
  if (!deadline) throw new Error(`condition not met for ${objectName(info)}`);
  await watchUntil(client, info, deadline, true, (e) => (e.type === 'DELETED' ? got : undefined), intr);
  return got;
}

/** waitCondition is kubectl's getObjAndCheckCondition: one read for --timeout=0, else a watch until the check is met. */
async function waitCondition(client: HttpClient, info: Info, deadline: Deadline | undefined, check: (o: KubeObject) => boolean, intr: Interruption): Promise<KubeObject> {
  if (!deadline) {
    const got = await client.request<KubeObject>('GET', resourcePath(info.kind, info.namespace, info.name));
    if (!check(got)) throw new Error(`condition not met for ${objectName(info)}`);
    return got;
  }
  if (Date.now() >= deadline.at) throw timedOut(info);
  // A deleted object is waited for still (it may come back); anything else is checked.
  const obj = await watchUntil(client, info, deadline, false, (e) => (e.type !== 'DELETED' && check(e.object) ? e.object : undefined), intr);
  return obj!;
}

/** waitCommand is `kubectl wait`. */
export const waitCommand: Command = {
  flags: {
    '--for': ['value'],
    '--timeout': ['value'],
    '--selector': ['value', '-l'],
    '--all': ['bool'],
    '--all-namespaces': ['bool', '-A'],
    '--output': ['value', '-o'],
  },
  async run(ctx) {
    const f = ctx.flags;
    const output = f.str('--output');
    if (output !== undefined && output !== 'name' && output !== 'yaml' && output !== 'json') return undefined;
    const timeoutText = f.str('--timeout');
    let timeoutMs = 30_000;
    if (timeoutText !== undefined) {
      const ms = parseGoDuration(timeoutText, { signed: true });
      if (ms === undefined) {
        // pflag's words for a value time.ParseDuration refuses (other refusals are left to kubectl).
        if (!/^[a-zA-Z]*$/.test(timeoutText)) return undefined;
        ctx.io.err(`error: invalid argument ${goQuote(timeoutText)} for "--timeout" flag: time: invalid duration ${goQuote(timeoutText)}\nSee 'kubectl wait --help' for usage.\n`);
        return 1;
      }
      timeoutMs = ms;
    }
    const allNamespaces = f.bool('--all-namespaces');
    try {
      // -A with names asks the builder for something it words differently: left to kubectl.
      if (allNamespaces && parseTargets(ctx.args).some((t) => t.name !== undefined)) return undefined;
    } catch {
      // the builder's refusal, worded below
    }
    const condition = conditionFor(f.str('--for') ?? '');
    if (timeoutMs < 0) timeoutMs = WEEK;
    const conn = await ctx.connect();
    const deadline = timeoutMs === 0 ? undefined : { at: Date.now() + timeoutMs };
    const items = await visit(conn.client, conn.namespace, ctx.args, { selector: f.str('--selector'), all: f.bool('--all'), allNamespaces });
    const errors: unknown[] = [];

    if (condition.type === 'create') {
      // kubectl polls the builder every half second (not under its interrupt handler: ctrl-c kills it).
      const intr = new Interruption(ctx.io.signal);
      try {
        const found = await pollCreated(items, deadline, intr);
        if (found !== true) return reportErrors(ctx.io, [found]);
      } catch (err) {
        if (err instanceof Interrupted) return KILLED_EXIT;
        throw err;
      } finally {
        intr.dispose();
      }
    }

    // The waits are under kubectl's interrupt handler (io.signal here): interrupted, it exits 1 there and then.
    const intr = new Interruption(ctx.io.signal);
    const io = intr.guard(ctx.io);
    const out: Ctx = { ...ctx, io };
    const work = async () => {
      let visited = 0;
      for await (const v of items()) {
        if ('error' in v) {
          // Waiting for deletion, an object already gone is no failure.
          if (!(condition.type === 'delete' && v.error instanceof ApiError && v.error.status.code === 404)) errors.push(v.error);
          continue;
        }
        visited++;
        try {
          let obj: KubeObject;
          if (condition.type === 'delete') obj = await waitDeleted(conn.client, v.info, deadline, intr);
          else if (condition.type === 'create') obj = v.info.object;
          else obj = await waitCondition(conn.client, v.info, deadline, condition.check, intr);
          report(out, v.info.kind, obj, 'condition met', 'none');
        } catch (err) {
          if (err instanceof Interrupted) throw err;
          errors.push(err);
        }
      }
      if (!errors.length && !visited && condition.type !== 'delete') errors.push(new Error('no matching resources found'));
      return reportErrors(io, errors);
    };
    return intr.race(work());
  },
};

/**
 * pollCreated is kubectl's wait for `--for=create`: the builder is visited at once and then every 500 ms until it
 * yields an object (only NotFound answers keep it polling); true when found, else the error to report — kubectl's
 * bare `timed out waiting for the condition` at the deadline.
 */
async function pollCreated(items: () => AsyncGenerator<Visited>, deadline: Deadline | undefined, intr: Interruption): Promise<true | unknown> {
  for (;;) {
    let found = false;
    const errs: unknown[] = [];
    for await (const v of items()) {
      if ('error' in v) errs.push(v.error);
      else found = true;
    }
    const missing = errs.some((e) => e instanceof ApiError && e.status.code === 404);
    if (!missing && errs.length) return errs[0];
    if (!errs.length && found) return true;
    if (!deadline || Date.now() + 500 > deadline.at) {
      if (deadline) await intr.sleep(Math.max(0, deadline.at - Date.now()));
      return new Error('timed out waiting for the condition');
    }
    await intr.sleep(500);
  }
}
