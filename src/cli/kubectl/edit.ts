import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { ApiError } from '../../api/api-error.js';
import { kindFor, type KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { resourcePath } from '../../client/http-client.js';
import { deepEqual, threeWayPatch } from '../../client/three-way-patch.js';
import type { Command, Ctx, IO } from './command.js';
import { writeQuery } from './print-result.js';
import { objectRef } from './targets.js';
import { fetchInfos, reportErrors, resourceString, split, withoutManagedFields, type Info } from './workloads.js';
import { toYAML } from './yaml.js';
import { aggregate } from './errors.js';
import { goJSON } from './go-json.js';

type Obj = Record<string, unknown>;

/** The comment kubectl puts at the top of the file it opens (normal edit mode). */
const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** A reason the file is opened again: a head line and, for an invalid object, its causes. */
interface Reason {
  head: string;
  other: string[];
}

/** hashOnLineBreak keeps a multi-line reason inside the comment: each line break gets a `# `. */
function hashOnLineBreak(s: string): string {
  let r = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (i + 1 < s.length && ch === '\n' && s[i + 1] !== '#') r += '\n# ';
    else r += ch;
  }
  return r;
}

function headerWith(reasons: Reason[]): string {
  let h = HEADER;
  for (const r of reasons) {
    h += r.other.length ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) h += `# * ${hashOnLineBreak(o)}\n`;
    h += '#\n';
  }
  return h;
}

/** manualStrip drops comment lines (but not `#!`), as kubectl's ManualStrip does. */
function manualStrip(text: string): string {
  return text
    .split('\n')
    .filter((line) => {
      const t = line.trim();
      return !(t.startsWith('#') && !t.startsWith('#!'));
    })
    .join('\n');
}

/** stripComments is kubectl's StripComments: the file's first document as JSON, else the text without comments. */
function stripComments(text: string): string {
  const doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length) return `text:${manualStrip(text)}`;
  return `json:${goJSON(doc.toJS(), { indent: 0 })}`;
}

/** objectKindErrors is the validator's getObjectKind: what is wrong with an object's apiVersion and kind. */
function objectKindErrors(v: unknown): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return ['invalid object to validate'];
  const o = v as Obj;
  const errs: string[] = [];
  if (o.apiVersion === undefined || o.apiVersion === null) errs.push('apiVersion not set');
  else if (typeof o.apiVersion !== 'string') errs.push("apiVersion isn't string type");
  else if (o.apiVersion.split('/').length > 2) errs.push(`unexpected GroupVersion string: ${o.apiVersion}`);
  if (o.kind === undefined || o.kind === null) errs.push('kind not set');
  else if (typeof o.kind !== 'string') errs.push("kind isn't string type");
  return errs;
}

/**
 * validationError is kubectl's client-side check of the saved file (its ParamVerifyingSchema): the file must read
 * as YAML and name an apiVersion and kind. Objects of kinds whose PATCH takes fieldValidation are left to the
 * server; a List is not such a kind, so its items are checked against the OpenAPI v2 schema, which fails when the
 * server has none (kubectl then words the 404 as client-go does).
 */
async function validationError(ctx: Ctx, text: string): Promise<string | undefined> {
  let doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length) {
    doc = parseDocument(manualStrip(text), { version: '1.1' });
    const e = doc.errors[0];
    if (e) return `error converting YAML to JSON: yaml: line ${e.linePos?.[0].line ?? 1}: ${e.message.split('\n')[0]}`;
  }
  const value = doc.toJS() as unknown;
  const errs = objectKindErrors(value);
  if (errs.length) return aggregate(errs);
  const o = value as Obj;
  if (o.apiVersion !== 'v1' || o.kind !== 'List') return undefined;
  if (!Array.isArray(o.items)) return 'invalid object to validate';
  const itemErrs = o.items.flatMap((i) => objectKindErrors(i));
  const good = o.items.filter((i) => !objectKindErrors(i).length);
  if (good.length) {
    try {
      const conn = await ctx.connect();
      await conn.client.request('GET', '/openapi/v2');
    } catch (err) {
      const message = err instanceof ApiError && err.status.code === 404 ? 'the server could not find the requested resource' : (err as Error).message;
      for (let i = 0; i < good.length; i++) itemErrs.push(message);
    }
  }
  return itemErrs.length ? aggregate(itemErrs) : undefined;
}

/** hasLines tells whether the file holds anything but blank lines and comments. */
const hasLines = (text: string) => text.split('\n').some((l) => l.trim().length > 0 && !l.trim().startsWith('#'));

/** editorCommand is kubectl's choice of editor: $KUBE_EDITOR, $EDITOR, else vi; with quotes, through the shell. */
function editorCommand(): { args: string[]; shell: boolean } {
  const editor = process.env.KUBE_EDITOR || process.env.EDITOR || 'vi';
  if (!editor.includes(' ')) return { args: [editor], shell: false };
  if (!/["'\\]/.test(editor)) return { args: editor.split(' '), shell: false };
  return { args: [process.env.SHELL || '/bin/bash', '-c', editor], shell: true };
}

/** launch runs the editor on the file, with the terminal handed over, and waits for it; failures in kubectl's words. */
async function launch(file: string, io: IO): Promise<void> {
  const { args, shell } = editorCommand();
  const argv = [...args];
  if (shell) argv[argv.length - 1] = `${argv[argv.length - 1]} ${JSON.stringify(path.resolve(file))}`;
  else argv.push(path.resolve(file));
  const joined = args.join(' ');
  await new Promise<void>((resolve, reject) => {
    // On a terminal the editor gets it whole; otherwise what the editor prints is passed on to the command's
    // own output, where kubectl's child would have written it.
    const tty = Boolean(process.stdout.isTTY);
    const child = spawn(argv[0]!, argv.slice(1), { stdio: tty ? 'inherit' : ['inherit', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => io.out(d.toString()));
    child.stderr?.on('data', (d: Buffer) => io.err(d.toString()));
    // Go says "unable to launch" only when a bare name is not found on PATH (exec.ErrNotFound); a missing path
    // is just "a problem".
    const notFound = (err: NodeJS.ErrnoException) => err.code === 'ENOENT' && !argv[0]!.includes('/');
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(notFound(err) ? `unable to launch the editor ${JSON.stringify(joined)}` : `there was a problem with the editor ${JSON.stringify(joined)}`)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`there was a problem with the editor ${JSON.stringify(joined)}`))));
  });
}

/** tempFile creates an empty file as Go's os.CreateTemp("", "kubectl-edit-*.yaml") does. */
function tempFile(): string {
  for (;;) {
    const p = path.join(os.tmpdir(), `kubectl-edit-${randomInt(0, 2 ** 32)}.yaml`);
    try {
      closeSync(openSync(p, 'wx', 0o600));
      return p;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Edited is one object read back from the file, with the kind it maps to. */
interface Edited {
  kind: KindInfo;
  object: KubeObject;
}

/**
 * readEdited reads the saved file as kubectl's builder reads a stream: every document, `List`s flattened, each
 * object needing apiVersion and kind the server serves. A failure is a "syntax error" the file is reopened for.
 */
function readEdited(text: string): Edited[] {
  const out: Edited[] = [];
  const add = (value: unknown) => {
    const o = value as KubeObject;
    if (!o.kind) throw new Error(`Object 'Kind' is missing in '${JSON.stringify(o)}'`);
    const kind = kindFor(o.apiVersion ?? '', o.kind);
    if (!kind) throw new Error(`no matches for kind "${o.kind}" in version "${o.apiVersion ?? ''}"`);
    out.push({ kind, object: o });
  };
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length) throw new Error(`error converting YAML to JSON: yaml: ${doc.errors[0]!.message.split('\n')[0]}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`);
    const o = value as Obj;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) for (const item of o.items) add(item);
    else add(o);
  }
  return out;
}

/**
 * editCommand is `kubectl edit TYPE NAME...`: the objects (one, or a List of several) are written as YAML under
 * kubectl's header to a temporary file, the editor ($KUBE_EDITOR, $EDITOR, vi) is run on it, and each changed
 * object gets the two-way strategic merge patch between what was shown and what was saved, under the field
 * manager kubectl-edit. As in kubectl, a file that does not parse, or that the server finds invalid, is opened
 * again with the reasons in its header; saving it unchanged then gives up and keeps the file.
 */
export const editCommand: Command = {
  flags: { '--field-manager': ['value'] },
  async run(ctx) {
    const conn = await ctx.connect();
    const fetched = await fetchInfos(conn.client, conn.namespace, ctx.args, { allowEmpty: true });
    const { infos, errors } = split(fetched);
    if (errors.length) return reportErrors(ctx.io, errors);
    if (!infos.length) throw new Error('edit cancelled, no objects found');
    return editLoop(ctx, infos, conn.namespace);
  },
};

/** The error kubectl returns after saying where the user's changes were kept. */
function preserved(ctx: Ctx, err: Error, file: string | undefined): Error {
  if (file && existsSync(file)) ctx.io.err(`A copy of your changes has been stored to ${JSON.stringify(file)}\n`);
  return err;
}

/** Silent is an exit with code 1 and nothing more printed (cmdutil.ErrExit). */
class Silent extends Error {}

async function editLoop(ctx: Ctx, infos: Info[], namespace: string): Promise<number> {
  try {
    return await editRounds(ctx, infos, namespace);
  } catch (err) {
    if (err instanceof Silent) return 1;
    throw err;
  }
}

async function editRounds(ctx: Ctx, infos: Info[], namespace: string): Promise<number> {
  const originals = infos.map((i) => withoutManagedFields(i.object));
  const shown: unknown =
    originals.length === 1 ? originals[0] : { apiVersion: 'v1', items: originals, kind: 'List', metadata: {} };
  let reasons: Reason[] = [];
  let resultsFile: string | undefined;
  let original = '';
  let edited = '';
  let containsError = false;
  for (;;) {
    let buf = headerWith(reasons);
    if (!containsError) {
      buf += toYAML(shown);
      original = buf;
    } else buf += manualStrip(edited);
    const previous = edited;
    const file = tempFile();
    writeFileSync(file, buf);
    try {
      await launch(file, ctx.io);
    } catch (err) {
      throw preserved(ctx, err as Error, resultsFile);
    }
    edited = readFileSync(file, 'utf8');
    if (containsError && stripComments(previous) === stripComments(edited)) throw preserved(ctx, new Error('Edit cancelled, no valid changes were saved.'), file);
    if (resultsFile) rmSync(resultsFile, { force: true });
    const invalid = await validationError(ctx, edited);
    if (invalid !== undefined) {
      // Reported against the first object shown, as kubectl does.
      resultsFile = file;
      containsError = true;
      const first = infos[0]!;
      const rs = resourceString(first.kind);
      reasons = [{ head: `${rs} ${JSON.stringify(first.name)} was not valid`, other: [`<nil>: Invalid value: "The edited file failed validation": ${invalid}`] }];
      ctx.io.err(`error: ${rs} ${JSON.stringify(first.name)} is invalid\n`);
      continue;
    }
    if (stripComments(original) === stripComments(edited)) {
      rmSync(file, { force: true });
      ctx.io.err('Edit cancelled, no changes made.\n');
      return 0;
    }
    if (!hasLines(edited)) {
      rmSync(file, { force: true });
      ctx.io.err('Edit cancelled, saved file was empty.\n');
      return 0;
    }
    resultsFile = file;
    reasons = [];
    let updated: Edited[];
    try {
      updated = readEdited(edited);
    } catch (err) {
      containsError = true;
      reasons.push({ head: `The edited file had a syntax error: ${(err as Error).message}`, other: [] });
      continue;
    }
    containsError = false;
    // The builder fills in the command's namespace, and refuses another one.
    for (const u of updated) {
      if (!u.kind.namespaced) continue;
      const ns = u.object.metadata?.namespace;
      if (!ns) u.object.metadata = { ...u.object.metadata, namespace };
      else if (ns !== namespace)
        throw preserved(ctx, new Error(`the namespace from the provided object "${ns}" does not match the namespace "${namespace}". You must pass '--namespace=${ns}' to perform this operation.`), file);
    }
    const results = { retryable: 0, notfound: 0, invalid: 0 };
    for (const u of updated) {
      const edit = withoutManagedFields(u.object);
      const orig = originals.find((o) => o.metadata.uid === edit.metadata?.uid);
      if (!orig) throw preserved(ctx, new Error(`no original object found for ${JSON.stringify(u.object)}`), file);
      const name = edit.metadata?.name ?? '';
      if (deepEqual(orig, edit)) {
        ctx.io.out(`${objectRef(u.kind, name)} skipped\n`);
        continue;
      }
      const patch = threeWayPatch(orig, edit as unknown as Obj, orig);
      const metaPatch = patch.metadata as Obj | undefined;
      if ('apiVersion' in patch || 'kind' in patch || 'managedFields' in patch || (metaPatch && 'name' in metaPatch))
        throw preserved(ctx, new Error('At least one of apiVersion, kind and name was changed'), resultsFile);
      const ns = u.kind.namespaced ? (edit.metadata.namespace ?? namespace) : undefined;
      const rs = resourceString(u.kind);
      try {
        await ctx
          .connect()
          .then((c) => c.client.request<KubeObject>('PATCH', resourcePath(u.kind, ns, name) + writeQuery(ctx.flags.str('--field-manager') ?? 'kubectl-edit', 'none'), patch, 'application/strategic-merge-patch+json'));
      } catch (err) {
        if (err instanceof ApiError && err.status.reason === 'Invalid') {
          results.invalid++;
          reasons.push({ head: `${rs} ${JSON.stringify(name)} was not valid`, other: (err.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`) });
          ctx.io.err(`error: ${rs} ${JSON.stringify(name)} is invalid\n`);
        } else if (err instanceof ApiError && err.status.code === 404) {
          results.notfound++;
          ctx.io.err(`error: ${rs} ${JSON.stringify(name)} could not be found on the server\n`);
        } else {
          results.retryable++;
          ctx.io.err(`error: ${rs} ${JSON.stringify(name)} could not be patched: ${err instanceof ApiError ? err.status.message : (err as Error).message}\n`);
        }
        continue;
      }
      ctx.io.out(`${objectRef(u.kind, name)} edited\n`);
    }
    if (results.retryable) {
      ctx.io.err(`You can run \`kubectl replace -f ${file}\` to try this update again.\n`);
      throw new Silent();
    }
    if (results.notfound) {
      ctx.io.err(`The edits you made on deleted resources have been saved to ${JSON.stringify(file)}\n`);
      throw new Silent();
    }
    if (!results.invalid) {
      rmSync(file, { force: true });
      return 0;
    }
    if (reasons.length) containsError = true;
  }
}
