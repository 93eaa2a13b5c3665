import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import type { Ctx } from './command.js';
import { goBool } from './flags.js';
import { objectRef } from './targets.js';
import { toYAML } from './yaml.js';
import { goJSON } from './go-json.js';
import { queryOf, withoutManagedFields } from './workloads.js';

/** DryRun is kubectl's --dry-run: none, client (nothing sent) or server (sent with dryRun=All). */
export type DryRun = 'none' | 'client' | 'server';

/** The commands whose deprecated --dry-run spelling has been warned about (a command may read the flag twice). */
const dryRunWarned = new WeakSet<Ctx>();

/** dryRunSuffix is what kubectl's printers put after the operation for a dry run. */
export const dryRunSuffix = (d: DryRun) => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

/**
 * dryRunOf reads --dry-run as kubectl 1.35's GetDryRunStrategy does: none, client or server; a bare --dry-run
 * (pflag's NoOptDefVal "unchanged") is a client dry run, and so is a Go bool true (false is none), each with klog's
 * deprecation warning on stderr; anything else is kubectl's error.
 */
export function dryRunOf(ctx: Ctx): DryRun | Error {
  const v = ctx.flags.str('--dry-run');
  if (v === undefined || v === 'none') return 'none';
  if (v === 'client' || v === 'server') return v;
  const warn = (line: number, text: string) => {
    if (dryRunWarned.has(ctx)) return;
    dryRunWarned.add(ctx);
    ctx.io.err(klogWarning('helpers.go', line, text));
  };
  if (v === 'unchanged') {
    warn(719, '--dry-run is deprecated and can be replaced with --dry-run=client.');
    return 'client';
  }
  const b = goBool(v);
  if (b === undefined) return new Error(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  warn(b ? 733 : 736, `--dry-run=${v} is deprecated (boolean value) and can be replaced with --dry-run=${b ? 'client' : 'none'}.`);
  return b ? 'client' : 'none';
}

/**
 * klogWarning is a line as kubectl's klog.Warning writes it to stderr: `W` MMDD hh:mm:ss.uuuuuu (local time), the
 * process id right-aligned in 7 columns, then the Go source file and line that logged it.
 */
export function klogWarning(file: string, line: number, text: string): string {
  const t = performance.timeOrigin + performance.now();
  const d = new Date(Math.floor(t));
  const two = (n: number) => String(n).padStart(2, '0');
  const micro = String(Math.floor((t % 1000) * 1000)).padStart(6, '0');
  const stamp = `${two(d.getMonth() + 1)}${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${micro}`;
  return `W${stamp} ${String(process.pid).padStart(7)} ${file}:${line}] ${text}\n`;
}

/**
 * The -o values a command's report understands: name, yaml, and json — except for objects kubectl holds as Go
 * types (what `create deployment` and its kin build and get back), whose JSON keeps the types' field order.
 */
export function reportOutputSupported(output: string | undefined, typed = false): boolean {
  return output === undefined || output === 'name' || output === 'yaml' || (output === 'json' && !typed);
}

/** How many objects a command has printed as YAML (kubectl puts `---` between them). */
const printed = new WeakMap<Ctx, number>();

/**
 * report prints what a writing command did to one object as kubectl's printers do: `deployment.apps/web created`,
 * with ` (dry run)` / ` (server dry run)`, just the reference for `-o name`, or the object itself for -o yaml|json
 * (without managedFields, several YAML documents separated by `---`).
 */
export function report(ctx: Ctx, kind: KindInfo, obj: KubeObject, verb: string, dryRun: DryRun): void {
  const output = ctx.flags.str('--output');
  if (output === 'yaml' || output === 'json') {
    const n = printed.get(ctx) ?? 0;
    printed.set(ctx, n + 1);
    const bare = withoutManagedFields(obj);
    ctx.io.out(output === 'yaml' ? `${n ? '---\n' : ''}${toYAML(bare)}` : `${goJSON(bare)}\n`);
    return;
  }
  const ref = objectRef(kind, obj.metadata.name ?? '');
  if (output === 'name') {
    ctx.io.out(`${ref}\n`);
    return;
  }
  ctx.io.out(`${ref} ${verb}${dryRunSuffix(dryRun)}\n`);
}

/**
 * printCollected prints what `kubectl apply -o yaml|json` collected, at the end: one object as itself, several in
 * a List (kubectl's typed v1.List: in JSON its fields in Go's order, kind first, `metadata: {}`), without
 * managedFields.
 */
export function printCollected(ctx: Ctx, objects: KubeObject[]): void {
  const output = ctx.flags.str('--output');
  const bare = objects.map(withoutManagedFields);
  if (!bare.length) return;
  if (output === 'yaml') ctx.io.out(toYAML(bare.length === 1 ? bare[0] : { apiVersion: 'v1', items: bare, kind: 'List', metadata: {} }));
  else if (bare.length === 1) ctx.io.out(`${goJSON(bare[0])}\n`);
  else {
    const items = bare.map((o) => goJSON(o).replace(/\n/g, '\n        '));
    ctx.io.out(`{\n    "kind": "List",\n    "apiVersion": "v1",\n    "metadata": {},\n    "items": [\n        ${items.join(',\n        ')}\n    ]\n}\n`);
  }
}

/**
 * writeQuery is the query kubectl puts on its writes, in its order: dry run (server), the field manager, field
 * validation (undefined for the typed clients that send none), then any extra parameters that are set
 * (server-side apply's `force`).
 */
export function writeQuery(fieldManager: string, dryRun: DryRun, validation: 'Strict' | undefined = 'Strict', extra: Record<string, string | undefined> = {}): string {
  return queryOf({ dryRun: dryRun === 'server' ? 'All' : undefined, fieldManager, fieldValidation: validation, ...extra });
}
