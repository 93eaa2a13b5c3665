import { lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../api/types.js';
import type { IO } from './command.js';

/** Manifest is one object read from a `-f` source, with the source's name as kubectl quotes it in errors. */
export interface Manifest {
  object: KubeObject;
  source: string;
}

/** The file endings kubectl reads from a directory (anything else there is skipped). */
const MANIFEST_FILE = /\.(json|ya?ml)$/;

/**
 * readManifests reads every object of the `-f` arguments as kubectl's resource builder does: a file, every
 * .json/.yaml/.yml file of a directory in name order (with -R, of its subdirectories too), or `-` for standard
 * input; YAML 1.1 as kubectl reads it (`yes` is a bool); streams of several documents, empty documents skipped, `kind: List` flattened into its items.
 */
export async function readManifests(sources: string[], io: IO, recursive = false): Promise<Manifest[]> {
  const out: Manifest[] = [];
  const readText = (text: string, source: string) => {
    for (const doc of parseAllDocuments(text, { version: '1.1' })) {
      if (doc.errors.length) throw new Error(`error parsing ${source}: ${doc.errors[0]!.message.split('\n')[0]}`);
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) continue;
      if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`error validating "${source}": error validating data: invalid object to validate`);
      const obj = value as KubeObject & { items?: KubeObject[] };
      if (!obj.kind && !obj.apiVersion && !Object.keys(obj).length) continue;
      if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
        for (const item of obj.items) out.push({ object: item, source });
        continue;
      }
      if (!obj.apiVersion) throw new Error(`error validating "${source}": error validating data: apiVersion not set`);
      if (!obj.kind) throw new Error(`error validating "${source}": error validating data: kind not set`);
      out.push({ object: obj, source });
    }
  };
  // A file is read through a link; a link to a directory read as a file is Go's EISDIR, as kubectl words it.
  const readFile = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw new Error(`error parsing ${p}: read ${p}: is a directory`);
      throw err;
    }
  };
  // The walk is Go's filepath.Walk: it looks at links (lstat), never through them, so a link to a directory is
  // taken for a file (and a link back up cannot loop); only the path given must exist, links followed.
  const visit = (p: string, top: boolean) => {
    try {
      statSync(p);
    } catch {
      throw new Error(`the path "${p}" does not exist`);
    }
    if (lstatSync(p).isDirectory()) {
      if (!top && !recursive) return;
      for (const name of readdirSync(p).sort()) {
        const child = path.join(p, name);
        if (lstatSync(child).isDirectory()) visit(child, false);
        else if (MANIFEST_FILE.test(name)) readText(readFile(child), child);
      }
      return;
    }
    readText(readFile(p), p);
  };
  for (const s of sources) {
    if (s === '-') {
      // Only the caller's stdin: the dashboard has none to give, and must keep the process's for its keys.
      if (!io.stdin) throw new Error(NO_STDIN);
      readText(await io.stdin(), 'STDIN');
    } else visit(s, true);
  }
  return out;
}

/** NO_STDIN is why `-f -` cannot run for a caller that has no standard input to give it (the dashboard's `!` prompt). */
export const NO_STDIN = '-f - reads standard input, and there is none here: write the manifest to a file and use -f FILE, or run it in a terminal';
