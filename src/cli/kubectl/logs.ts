import { ApiError } from '../../api/api-error.js';
import type { KubeObject } from '../../api/types.js';
import type { HttpClient } from '../../client/http-client.js';
import type { PodLogOptions } from '../../client/types.js';
import { usage, type Command, type IO } from './command.js';
import { UsageError } from './flags.js';
import { Interrupted, Interruption } from './interrupt.js';
import { parseGoDuration } from './go-duration.js';
import {
  allContainerNames,
  byLogging,
  containerField,
  DEFAULT_CONTAINER_ANNOTATION,
  fetchTarget,
  hasSeveralContainers,
  podKind,
  podsFor,
  type PodObject,
} from './pod-select.js';

const LOGS_USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** LogRequest is one container's log to read: the pod, the container and the prefix `--prefix` puts on its lines. */
interface LogRequest {
  pod: PodObject;
  container: string;
  prefix: string;
}

/**
 * requestsFor lists the container logs kubectl reads for an object (polymorphichelpers.logsForObject): one
 * container of a pod (named, the default-container annotation's, or the first, with kubectl's notices on stderr),
 * every container with --all-containers, every pod of a list, or the pods behind a workload's selector.
 */
async function requestsFor(client: HttpClient, io: IO, obj: KubeObject | PodObject[], container: string, allContainers: boolean, allPods: boolean): Promise<LogRequest[] | undefined> {
  if (Array.isArray(obj)) {
    const out: LogRequest[] = [];
    for (const p of obj) {
      const r = await requestsFor(client, io, p, container, allContainers, allPods);
      if (!r) return undefined;
      out.push(...r);
    }
    return out;
  }
  if (obj.kind === 'Pod') {
    const pod = obj as PodObject;
    const name = pod.metadata.name!;
    const req = (c: string): LogRequest => ({ pod, container: c, prefix: `[pod/${name}/${c}] ` });
    if (allContainers) {
      const spec = pod.spec;
      return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])].map((c) => req(c.name));
    }
    let chosen = container;
    const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
    if (!chosen && annotated) {
      if (containerField(pod, annotated)) chosen = annotated;
      else io.err(`Default container name "${annotated}" not found in pod ${name}\n`);
    }
    if (!chosen) {
      chosen = pod.spec?.containers[0]?.name ?? '';
      if (hasSeveralContainers(pod) && !allPods) io.err(`Defaulted container "${chosen}" out of: ${allContainerNames(pod)}\n`);
    }
    if (!containerField(pod, chosen)) throw new Error(`container ${chosen} is not valid for pod ${name}`);
    return [req(chosen)];
  }
  const pods = await podsFor(client, obj, byLogging);
  if (!pods) return undefined;
  if (pods.length > 1 && !allPods) io.err(`Found ${pods.length} pods, using pod/${pods[0]!.metadata.name}\n`);
  return requestsFor(client, io, allPods ? pods : pods[0]!, container, allContainers, allPods);
}

/**
 * readLog copies one container's log to out, a line at a time with --prefix; it settles when the log ends, or at
 * once when the command is interrupted (the stream is stopped then).
 */
async function readLog(client: HttpClient, r: LogRequest, o: PodLogOptions, prefix: boolean, out: (text: string) => void, intr: Interruption): Promise<void> {
  const w = client.logs(r.pod.metadata.namespace!, r.pod.metadata.name!, { ...o, container: r.container }, (text) => {
    if (!prefix) return out(text);
    for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) out(r.prefix + line);
  });
  intr.track(w);
  // A stopped stream need not settle: the interruption ends the wait.
  await Promise.race([w.done, intr.happened]);
  intr.check();
}

/** logsCommand is `kubectl logs`: a pod's (or a workload's pod's) container logs, followed with -f. */
export const logsCommand: Command = {
  flags: {
    '--container': ['value', '-c'],
    '--follow': ['bool', '-f'],
    '--previous': ['bool', '-p'],
    '--tail': ['int'],
    '--timestamps': ['bool'],
    '--selector': ['value', '-l'],
    '--all-containers': ['bool'],
    '--all-pods': ['bool'],
    '--prefix': ['bool'],
    '--limit-bytes': ['int'],
    '--since': ['value'],
    '--ignore-errors': ['bool'],
    '--max-log-requests': ['int'],
  },
  async run(ctx) {
    const f = ctx.flags;
    const args = ctx.args;
    const selector = f.str('--selector') ?? '';
    const tail = f.int('--tail') ?? -1;
    const limitBytes = f.int('--limit-bytes') ?? 0;
    const maxRequests = f.int('--max-log-requests') ?? 5;
    const since = f.str('--since') === undefined ? 0 : parseGoDuration(f.str('--since')!, { signed: true });
    // A --since pflag refuses is left to a real kubectl, which words the refusal.
    if (since === undefined) return undefined;
    // kubectl sends a non-zero --since as whole seconds, time.Duration.Round(time.Second): halves away from zero
    // (so -400ms is 0, which passes its `must be greater than 0` check, and the server judges it).
    const sinceSeconds = since ? Math.sign(since) * Math.round(Math.abs(since) / 1000) + 0 : undefined;

    if (args.length === 0 && !selector) return usage(ctx.io, LOGS_USAGE, 'logs');
    if (args.length === 1 && selector) return usage(ctx.io, 'only a selector (-l) or a POD name is allowed', 'logs');
    if (args.length > 2) return usage(ctx.io, LOGS_USAGE, 'logs');
    let container = f.str('--container') ?? '';
    if (args.length === 2) container = args[1]!;
    const allPods = f.bool('--all-pods');
    const prefix = f.bool('--prefix') || allPods;

    // kubectl guards all of it with its interrupt handler: interrupted (io.signal), the logs stop and it exits 1.
    const intr = new Interruption(ctx.io.signal);
    const io = intr.guard(ctx.io);
    return intr.race(
      (async () => {
        const conn = await ctx.connect();
        const { client, namespace } = conn;
        let target: KubeObject | PodObject[];
        if (selector) {
          const list = await client.list<PodObject>(podKind, namespace, { labelSelector: selector });
          target = list.items;
          if (!list.items.length) io.err(`No resources found in ${namespace} namespace.\n`);
        } else {
          try {
            target = await fetchTarget(client, namespace, args[0]!);
          } catch (err) {
            if (err instanceof ApiError && err.code === 404) throw new Error(`error from server (NotFound): ${err.status.message} in namespace "${namespace}"`);
            throw err;
          }
        }

        // kubectl validates after it has found the object.
        if (f.bool('--all-containers') && container) throw new UsageError(`--all-containers=true should not be specified with container name ${container}`);
        if (f.has('--container') && args.length === 2) throw new UsageError('only one of -c or an inline [CONTAINER] arg is allowed');
        if (limitBytes < 0) throw new UsageError('--limit-bytes must be greater than 0');
        if (sinceSeconds !== undefined && sinceSeconds < 0) throw new UsageError('--since must be greater than 0');
        if (tail < -1) throw new UsageError('--tail must be greater than or equal to -1');

        const o: PodLogOptions = {
          follow: f.bool('--follow'),
          previous: f.bool('--previous'),
          timestamps: f.bool('--timestamps'),
          // With a selector kubectl shows the last 10 lines unless --tail says otherwise.
          tailLines: selector && tail === -1 && !f.has('--tail') ? 10 : tail !== -1 ? tail : undefined,
          limitBytes: limitBytes || undefined,
          sinceSeconds,
        };
        const requests = await requestsFor(client, io, target, container, f.bool('--all-containers'), allPods);
        if (!requests) return undefined;
        const out = (t: string) => io.out(t);
        const ignore = f.bool('--ignore-errors');
        const consume = async (r: LogRequest) => {
          try {
            await readLog(client, r, o, prefix, out, intr);
          } catch (err) {
            if (!ignore || err instanceof Interrupted) throw err;
            io.out(`error: ${err instanceof Error ? err.message : String(err)}\n`);
          }
        };
        if (o.follow && requests.length > 1) {
          if (requests.length > maxRequests)
            throw new Error(`you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit`);
          await Promise.all(requests.map(consume));
          return 0;
        }
        for (const r of requests) await consume(r);
        return 0;
      })(),
    );
  },
};
