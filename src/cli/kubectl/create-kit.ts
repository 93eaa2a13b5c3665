import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { resourcePath } from '../../client/http-client.js';
import { ApiError } from '../../api/api-error.js';
import type { Ctx } from './command.js';
import { DRY_RUN_FLAG, UsageError, goBool, type FlagTable } from './flags.js';
import { dryRunOf, report, reportOutputSupported, writeQuery } from './print-result.js';
import { goJSON } from './go-json.js';

// What every `kubectl create KIND NAME` generator shares (create.ts and the create-*.ts generators use it).

/** The flags every `kubectl create` form takes. */
export const COMMON: FlagTable = {
  '--output': ['value', '-o'],
  '--dry-run': DRY_RUN_FLAG,
  '--save-config': ['bool'],
  '--field-manager': ['value'],
};

/**
 * withLastApplied adds the `kubectl.kubernetes.io/last-applied-configuration` annotation as kubectl writes it:
 * the object's JSON (Go's encoding: keys sorted, compact, a trailing newline) taken with the annotation itself
 * removed (which leaves `"annotations":{}` when it was the only one).
 */
export function withLastApplied(obj: KubeObject): KubeObject {
  const annotations = { ...(obj.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const bare = { ...obj, metadata: { ...obj.metadata, annotations } };
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED]: `${goJSON(bare, { indent: 0 })}\n` } } };
}

/** LAST_APPLIED is the annotation client-side apply keeps the applied manifest in. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * generated creates an object kubectl's `create KIND` builds (typed, so its JSON keeps Go's field order) and
 * reports it. A failure is worded as each generator wraps it (`failed to create deployment: ...`, `failed to
 * create secret ...`, `failed to create ClusterIP service: ...`; `create namespace` does not wrap), given as the
 * prefix, or undefined for none. build may read the cluster first (`create job --from`); `typedJSON: false` says
 * the object built is not in Go's field order, so `--dry-run=client -o json` is left to a real kubectl.
 */
export async function generated(
  ctx: Ctx,
  failurePrefix: string | undefined,
  kind: KindInfo,
  build: (namespace: string | undefined) => KubeObject | Promise<KubeObject>,
  opts: { typedJSON?: boolean } = {},
): Promise<number | undefined> {
  const output = ctx.flags.str('--output');
  const dryRun = dryRunOf(ctx);
  if (dryRun instanceof Error) throw dryRun;
  if (!reportOutputSupported(output, true) && !(dryRun === 'client' && output === 'json' && opts.typedJSON !== false)) return undefined;
  const conn = await ctx.connect();
  // The namespace goes into the object only when -n was given (kubectl's EnforceNamespace).
  let obj = await build(kind.namespaced && conn.explicitNamespace ? conn.namespace : undefined);
  if (ctx.flags.bool('--save-config')) obj = withLastApplied(obj);
  if (dryRun === 'client' && output === 'json') {
    ctx.io.out(`${goJSON(obj, { sort: false })}\n`);
    return 0;
  }
  if (dryRun !== 'client') {
    try {
      obj = await conn.client.request<KubeObject>('POST', resourcePath(kind, kind.namespaced ? conn.namespace : undefined) + writeQuery(ctx.flags.str('--field-manager') ?? 'kubectl-create', dryRun), obj);
    } catch (err) {
      if (failurePrefix === undefined) throw err;
      throw new Error(`${failurePrefix}${err instanceof ApiError ? err.status.message : (err as Error).message}`);
    }
  }
  report(ctx, kind, obj, 'created', dryRun);
  return 0;
}

/**
 * nameArg is the one NAME a `create KIND NAME` takes (the words before any `--`), with kubectl's usage error
 * (NameFromCommandArgs) when there is none or more than one.
 */
export function nameArg(ctx: Ctx, command: string): string {
  if (ctx.args.length !== 1) throw new UsageError(`exactly one NAME is required, got ${ctx.args.length}\nSee 'kubectl create ${command} -h' for help and examples`);
  return ctx.args[0]!;
}

/**
 * requiredFlags is cobra's check of flags marked required, made before the command runs (so before its NAME is
 * read): each unset one named, in the flags' sorted order.
 */
export function requiredFlags(ctx: Ctx, names: string[]): void {
  const missing = names.filter((n) => !ctx.flags.has(`--${n}`)).sort();
  if (missing.length) throw new UsageError(`required flag(s) ${missing.map((n) => JSON.stringify(n)).join(', ')} not set`);
}

/** meta is the ObjectMeta a generator builds: the name, the namespace when -n was given, labels if any. */
export const meta = (name: string, namespace: string | undefined, labels?: Record<string, string>) => ({
  name,
  ...(namespace ? { namespace } : {}),
  ...(labels ? { labels } : {}),
});

/**
 * outputBuiltIn says whether the built-in prints what -o asks for a generated object (generated's own check, made
 * before a generator's validation so that kubectl's printer errors come from a real kubectl as they would first);
 * a bad --dry-run counts as built in, the generator then failing with kubectl's error.
 */
export function outputBuiltIn(ctx: Ctx, typedJSON = true): boolean {
  const output = ctx.flags.str('--output');
  if (reportOutputSupported(output, true)) return true;
  // Read without dryRunOf, whose deprecation warning must not be printed for a line a real kubectl then runs.
  const v = ctx.flags.str('--dry-run');
  const client = v === 'client' || v === 'unchanged' || goBool(v ?? '') === true;
  const bad = v !== undefined && v !== 'none' && v !== 'server' && !client && goBool(v) === undefined;
  return bad || (typedJSON && client && output === 'json');
}
