import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * ModelSource reads the API types of two well-kept generated packages as text, never importing them:
 * `@kubernetes/client-node` (its ~1170 OpenAPI-generated model classes: field names, JSON types, formats,
 * required markers, descriptions) and `kubernetes-types` (the same API as TypeScript interfaces, one file per
 * group version: where each type lives, and the field descriptions client-node drops or flattens). Importing
 * the 2000+ model modules would cost seconds; reading the few files a kind reaches costs milliseconds.
 */

/** ModelAttribute is one entry of a client-node model's `attributeTypeMap`, plus what its `.d.ts` says. */
export interface ModelAttribute {
  /** The TypeScript property name. */
  name: string;
  /** The JSON field name. */
  baseName: string;
  /** client-node's type string: `string`, `number`, `Date`, `Array<V1Container>`, `{ [key: string]: string; }`, ... */
  type: string;
  format: string;
  required: boolean;
  description?: string;
}

/** ModelInfo is one client-node model class read from its `.js` and `.d.ts` files. */
export interface ModelInfo {
  className: string;
  description?: string;
  attributes: ModelAttribute[];
}

/** KtField is a field of a kubernetes-types interface: its description (paragraphs kept) and its TS type text. */
export interface KtField {
  description?: string;
  type: string;
}

/** KtType is an interface (or type alias) declared in one kubernetes-types file. */
export interface KtType {
  description?: string;
  fields: Map<string, KtField>;
}

const require = createRequire(import.meta.url);

function packageDir(name: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

let modelsDirCache: string | null | undefined;
function modelsDir(): string | undefined {
  if (modelsDirCache === undefined) {
    const pkg = packageDir('@kubernetes/client-node');
    const dir = pkg && path.join(pkg, 'dist', 'gen', 'models');
    modelsDirCache = dir && existsSync(dir) ? dir : null;
  }
  return modelsDirCache ?? undefined;
}

let ktDirCache: string | null | undefined;
function ktDir(): string | undefined {
  if (ktDirCache === undefined) ktDirCache = packageDir('kubernetes-types') ?? null;
  return ktDirCache ?? undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Turns a JSDoc block's inner lines into text: `*` gutters dropped, lines kept as lines. */
function jsdocText(block: string): string {
  const lines = block
    .split('\n')
    .map((l) => l.replace(/^\s*\*? ?/, ''))
    .map((l) => l.replace(/\s+$/, ''));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** client-node's generator backslash-escapes quotes inside doc comments; the API text has plain quotes. */
function unescapeDoc(s: string): string {
  return s.replace(/\\(["'\\])/g, '$1');
}

const models = new Map<string, ModelInfo | null>();

/** modelInfo reads one client-node model class (cached); undefined when the package has no such class. */
export function modelInfo(className: string): ModelInfo | undefined {
  const hit = models.get(className);
  if (hit !== undefined) return hit ?? undefined;
  const info = readModel(className);
  models.set(className, info ?? null);
  return info;
}

function readModel(className: string): ModelInfo | undefined {
  const dir = modelsDir();
  if (!dir || !/^[A-Za-z0-9]+$/.test(className)) return undefined;
  const js = readText(path.join(dir, `${className}.js`));
  if (!js) return undefined;
  const marker = `${className}.attributeTypeMap = `;
  const at = js.indexOf(marker);
  let raw: { name: string; baseName: string; type: string; format?: string }[] = [];
  if (at >= 0) {
    const start = at + marker.length;
    const end = js.indexOf('];', start);
    try {
      raw = JSON.parse(js.slice(start, end + 1)) as typeof raw;
    } catch {
      raw = [];
    }
  }
  const dts = readText(path.join(dir, `${className}.d.ts`)) ?? '';
  const classDoc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class/.exec(dts);
  const props = new Map<string, { required: boolean; description?: string }>();
  const propRe = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?'([^']+)'(\?)?:/g;
  const body = dts.slice(dts.indexOf('export declare class'));
  for (let m = propRe.exec(body); m; m = propRe.exec(body)) {
    const doc = m[1] !== undefined ? unescapeDoc(jsdocText(m[1])) : undefined;
    props.set(m[2]!, { required: m[3] !== '?', description: doc || undefined });
  }
  const description = classDoc?.[1] !== undefined ? unescapeDoc(jsdocText(classDoc[1])) : undefined;
  return {
    className,
    description: description || undefined,
    attributes: raw.map((a) => ({
      name: a.name,
      baseName: a.baseName,
      type: a.type,
      format: a.format ?? '',
      required: props.get(a.name)?.required ?? false,
      description: props.get(a.name)?.description,
    })),
  };
}

const ktFiles = new Map<string, Map<string, KtType> | null>();

/**
 * ktFile parses one kubernetes-types file (`apps/v1`, `meta/v1`, `api/resource`, `runtime`, ...), cached:
 * every interface and type alias it declares, with descriptions and field types.
 */
export function ktFile(rel: string): Map<string, KtType> | undefined {
  const hit = ktFiles.get(rel);
  if (hit !== undefined) return hit ?? undefined;
  const dir = ktDir();
  const text = dir && /^[a-z0-9/]+$/.test(rel) ? readText(path.join(dir, `${rel}.d.ts`)) : undefined;
  const parsed = text === undefined ? undefined : parseKt(text);
  ktFiles.set(rel, parsed ?? null);
  return parsed;
}

function parseKt(text: string): Map<string, KtType> {
  const out = new Map<string, KtType>();
  const declRe = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?export (interface|type) (\w+)([^\n]*)/g;
  for (let m = declRe.exec(text); m; m = declRe.exec(text)) {
    const description = m[1] !== undefined ? jsdocText(m[1]) : undefined;
    const t: KtType = { description: description || undefined, fields: new Map() };
    out.set(m[3]!, t);
    if (m[2] !== 'interface') continue;
    const start = declRe.lastIndex;
    const end = text.indexOf('\n}', start);
    const body = '\n' + text.slice(start, end < 0 ? undefined : end);
    const fieldRe = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?\n\s*(?:readonly\s+)?(?:"([^"]+)"|'([^']+)'|([$\w]+))\??:\s*((?:\{[^}]*\}|[^;{\n])*);/g;
    for (let f = fieldRe.exec(body); f; f = fieldRe.exec(body)) {
      const doc = f[1] !== undefined ? jsdocText(f[1]) : undefined;
      t.fields.set((f[2] ?? f[3] ?? f[4])!, { description: doc || undefined, type: f[5]!.trim() });
    }
    declRe.lastIndex = end < 0 ? text.length : end;
  }
  return out;
}

let ktIndexCache: Map<string, string[]> | undefined;

/**
 * ktLocations lists the kubernetes-types files (`core/v1`, `meta/v1`, ...) of a version that declare a type
 * name. Only the file names are listed up front; a file is parsed when a lookup needs it.
 */
export function ktLocations(version: string, name: string): string[] {
  if (!ktIndexCache) {
    ktIndexCache = new Map();
    const dir = ktDir();
    for (const folder of dir ? safeReaddir(dir) : []) {
      for (const file of safeReaddir(path.join(dir!, folder))) {
        const m = /^(v\d+(?:(?:alpha|beta)\d+)?)\.d\.ts$/.exec(file);
        if (!m) continue;
        const list = ktIndexCache.get(m[1]!) ?? [];
        list.push(`${folder}/${m[1]}`);
        ktIndexCache.set(m[1]!, list);
      }
    }
  }
  const files = ktIndexCache.get(version) ?? [];
  return files.filter((f) => ktFile(f)?.has(name));
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

let versionsCache: string | undefined;

/** sourceVersions names the installed model packages' versions: part of what a generated document depends on. */
export function sourceVersions(): string {
  if (versionsCache === undefined) {
    const v = (name: string) => {
      const dir = packageDir(name);
      const text = dir ? readText(path.join(dir, 'package.json')) : undefined;
      return text ? `${name}@${(JSON.parse(text) as { version?: string }).version ?? '?'}` : `${name}@none`;
    };
    versionsCache = `${v('@kubernetes/client-node')} ${v('kubernetes-types')}`;
  }
  return versionsCache;
}
