import { resolveResource, type KindInfo } from '../../api/kinds.js';
import type { HttpClient } from '../../client/http-client.js';
import { describeObject } from '../../client/describe.js';
import { errorLine } from './errors.js';
import { resourceArgs } from './targets.js';
import type { Command, IO } from './command.js';

/** describeCommand is `kubectl describe`. */
export const describeCommand: Command = {
  flags: { '--all-namespaces': ['bool', '-A'], '--selector': ['value', '-l'] },
  async run(ctx) {
    const conn = await ctx.connect();
    return describe(conn.client, ctx.args, { namespace: conn.namespace, allNamespaces: ctx.flags.bool('--all-namespaces'), selector: ctx.flags.str('--selector'), now: ctx.now() }, ctx.io);
  },
};

/** DescribeOptions are the `kubectl describe` flags the built-in understands. */
export interface DescribeOptions {
  namespace: string;
  allNamespaces: boolean;
  selector?: string;
  now: number;
}

/**
 * describe is `kubectl describe TYPE [NAME...]`, `TYPE/NAME...`, or every object of a type (with -l, -A): each
 * object as kubectl 1.35 describes it (src/api/describe, ages from this machine's clock, as kubectl's), two blank
 * lines between objects, errors worded as kubectl words them after what could be described.
 */
export async function describe(client: HttpClient, args: string[], opts: DescribeOptions, io: IO): Promise<number> {
  if (!args.length) {
    io.err('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
    return 1;
  }
  const targets: { kind: KindInfo; name?: string }[] = [];
  const kindOf = (t: string) => {
    const k = resolveResource(t);
    if (!k) io.err(`error: the server doesn't have a resource type "${t}"\n`);
    return k;
  };
  // The builder's reading of the arguments (its usage errors first), then each type looked up in order.
  const r = resourceArgs(args);
  const wanted: { type: string; name?: string }[] = 'pairs' in r ? r.pairs : r.types.flatMap((type) => (r.names.length ? r.names.map((name) => ({ type, name })) : [{ type }]));
  for (const w of wanted) {
    const k = kindOf(w.type);
    if (!k) return 1;
    targets.push({ kind: k, name: w.name });
  }
  const errors: string[] = [];
  const texts: string[] = [];
  let anyNamespaced = false;
  for (const t of targets) {
    const ns = t.kind.namespaced ? (opts.allNamespaces ? undefined : opts.namespace) : undefined;
    anyNamespaced ||= t.kind.namespaced && !opts.allNamespaces;
    try {
      const objects = t.name
        ? [{ ns, name: t.name }]
        : (await client.list(t.kind, ns, { labelSelector: opts.selector })).items.map((o) => ({ ns: o.metadata.namespace, name: o.metadata.name! }));
      for (const o of objects) texts.push(await describeObject(client, t.kind, o.ns, o.name, opts.now));
    } catch (err) {
      errors.push(errorLine(err));
    }
  }
  io.out(texts.join('\n\n'));
  if (!texts.length && !errors.length) io.err(anyNamespaced ? `No resources found in ${opts.namespace} namespace.\n` : 'No resources found\n');
  for (const e of errors) io.err(`${e}\n`);
  return errors.length ? 1 : 0;
}
