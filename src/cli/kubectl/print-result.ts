import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import type { Ctx } from './command.js';
import { objectRef } from './targets.js';

/** DryRun is kubectl's --dry-run: none, client (nothing sent) or server (sent with dryRun=All). */
export type DryRun = 'none' | 'client' | 'server';

/** dryRunOf reads --dry-run as kubectl 1.35 does (a bare --dry-run is no longer accepted). */
export function dryRunOf(ctx: Ctx): DryRun | Error {
  const v = ctx.flags.str('--dry-run');
  if (v === undefined || v === 'none') return 'none';
  if (v === 'client' || v === 'server') return v;
  return new Error(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** The -o values a command's one-line report understands (json and yaml come when the object printers do). */
export function reportOutputSupported(output: string | undefined): boolean {
  return output === undefined || output === 'name';
}

/**
 * report prints what a writing command did to one object as kubectl's printers do: `deployment.apps/web created`,
 * with ` (dry run)` / ` (server dry run)`, or just the reference for `-o name`.
 */
export function report(ctx: Ctx, kind: KindInfo, obj: KubeObject, verb: string, dryRun: DryRun): void {
  const ref = objectRef(kind, obj.metadata.name ?? '');
  if (ctx.flags.str('--output') === 'name') {
    ctx.io.out(`${ref}\n`);
    return;
  }
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  ctx.io.out(`${ref} ${verb}${suffix}\n`);
}

/** writeQuery is the query kubectl puts on its writes: the field manager, field validation, dry run. */
export function writeQuery(fieldManager: string, dryRun: DryRun, validation: 'Strict' | undefined = 'Strict'): string {
  const q = new URLSearchParams();
  if (dryRun === 'server') q.set('dryRun', 'All');
  q.set('fieldManager', fieldManager);
  if (validation) q.set('fieldValidation', validation);
  return `?${q}`;
}
