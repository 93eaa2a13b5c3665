import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError } from '../../api/api-error.js';
import { mergePatch, strategicMergePatch } from '../../apiserver/patch.js';
import { RawBody, resourcePath } from '../../client/http-client.js';
import type { Command } from './command.js';
import { DRY_RUN_FLAG } from './flags.js';
import { goJSON } from './go-json.js';
import { goFileError, goQuote } from './jsonpath.js';
import { dryRunOf, report, writeQuery } from './print-result.js';
import { parseTargets } from './targets.js';
import { NO_RESOURCES, reportErrors } from './workloads.js';

// `kubectl patch TYPE NAME... -p PATCH`, as kubectl 1.35's pkg/cmd/patch does it: each object is read (through
// the subresource when one is named), then the patch is sent as it was given (YAML turned into JSON first) with
// the patch type's Content-Type under the field manager kubectl-patch; "patched (no change)" when the server's
// answer equals what was read. A client dry run patches the object read, locally.

/** The patch types and their Content-Types (kubectl's patchTypes). */
const PATCH_TYPES: Record<string, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/**
 * toJSON is apimachinery's yaml.ToJSON: text that starts (after white space) like JSON is sent as it is, valid or
 * not; anything else is read as YAML and written as JSON. Undefined for YAML the reader refuses (whose Go error
 * text is kubectl's to word).
 */
function toJSON(text: string): string | undefined {
  if (/^\s*[{[]/.test(text)) return text;
  const doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length) return undefined;
  return goJSON(doc.toJS(), { indent: 0 });
}

/** The `TYPE/NAME` kubectl's name printer makes from an object's own apiVersion and kind (`scale.autoscaling/web`). */
function printedKind(o: KubeObject): KindInfo {
  const apiVersion = o.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return { kind: o.kind ?? '', group } as KindInfo;
}

/** sameJSON is reflect.DeepEqual of two unstructured objects. */
const sameJSON = (a: unknown, b: unknown) => goJSON(a, { indent: 0 }) === goJSON(b, { indent: 0 });

export const patchCommand: Command = {
  flags: {
    '--patch': ['value', '-p'],
    '--patch-file': ['value'],
    '--type': ['value'],
    '--subresource': ['value'],
    '--dry-run': DRY_RUN_FLAG,
    '--output': ['value', '-o'],
    '--field-manager': ['value'],
  },
  async run(ctx) {
    const f = ctx.flags;
    const output = f.str('--output');
    if (output !== undefined && output !== 'name' && output !== 'yaml' && output !== 'json') return undefined;
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    // Validate, in kubectl's order.
    const patchText = f.str('--patch') ?? '';
    const patchFile = f.str('--patch-file') ?? '';
    if (patchText && patchFile) throw new Error('cannot specify --patch and --patch-file together');
    if (!patchText && !patchFile) throw new Error('must specify --patch or --patch-file containing the contents of the patch');
    const typeName = f.str('--type') ?? 'strategic';
    const type = typeName ? typeName.toLowerCase() : 'strategic';
    if (typeName && !PATCH_TYPES[type]) throw new Error(`--type must be one of [json merge strategic], not ${goQuote(typeName)}`);
    // A client dry run of a JSON patch runs evanphx/json-patch locally, whose errors are kubectl's to word.
    if (dryRun === 'client' && type === 'json') return undefined;
    let raw = patchText;
    if (patchFile) {
      try {
        raw = readFileSync(patchFile, 'utf8');
      } catch (err) {
        throw new Error(`unable to read patch file: ${goFileError(patchFile, err)}`);
      }
    }
    const body = toJSON(raw);
    if (body === undefined) return undefined;
    let local: unknown;
    if (dryRun === 'client') {
      try {
        local = JSON.parse(body);
      } catch {
        return undefined;
      }
    }

    const conn = await ctx.connect();
    if (!ctx.args.length) throw new Error(NO_RESOURCES);
    const targets = parseTargets(ctx.args);
    if (targets.some((t) => t.name === undefined)) throw new Error('resource(s) were provided, but no name was specified');
    const subresource = f.str('--subresource') || undefined;
    const errors: unknown[] = [];
    let count = 0;
    for (const t of targets) {
      const ns = t.kind.namespaced ? conn.namespace : undefined;
      const path = resourcePath(t.kind, ns, t.name, subresource);
      try {
        const before = await conn.client.request<KubeObject>('GET', path);
        count++;
        let after: KubeObject;
        if (dryRun === 'client') {
          after = (type === 'merge' ? mergePatch(before as never, local as never) : strategicMergePatch(before as never, local as never)) as unknown as KubeObject;
        } else {
          try {
            after = await conn.client.request<KubeObject>('PATCH', path + writeQuery(f.str('--field-manager') ?? 'kubectl-patch', dryRun, undefined), new RawBody(body), PATCH_TYPES[type]);
          } catch (err) {
            if (err instanceof ApiError && err.status.code === 415) {
              const apiVersion = t.kind.group ? `${t.kind.group}/${t.kind.version}` : t.kind.version;
              throw new Error(`${PATCH_TYPES[type]} is not supported by ${apiVersion}, Kind=${t.kind.kind}: ${err.status.message}`);
            }
            throw err;
          }
        }
        // No "(dry run)" here: kubectl sets the printer's operation after its dry-run suffix, replacing it.
        report(ctx, printedKind(after), after, sameJSON(before, after) ? 'patched (no change)' : 'patched', 'none');
      } catch (err) {
        errors.push(err);
      }
    }
    if (!errors.length && !count) throw new Error('no objects passed to patch');
    return reportErrors(ctx.io, errors);
  },
};
