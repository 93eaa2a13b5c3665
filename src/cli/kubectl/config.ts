import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alignTabs } from '../../api/describe/tabwriter.js';
import { goJSON, sortKeys } from './go-json.js';
import type { Command, Ctx } from './command.js';

/**
 * `kubectl config view | get-contexts | current-context | use-context | set-context`, reading and writing the
 * kubeconfig file as kubectl does. kubectl decodes the file into client-go's clientcmd v1 types (unknown fields
 * dropped, `[]byte` fields base64-decoded, exec's interactiveMode defaulted), keeps maps by name, and writes the
 * whole file back through JSON and sigs.k8s.io/yaml (keys sorted, lists sorted by name, `preferences` left out
 * when empty), but only when something changed. The model below is those v1 types: each `encode` builds the
 * object with Go's field order and `omitempty` rules, so `-o json` (struct order) and YAML (sorted) both follow.
 * A file the model cannot read exactly (a wrong type, bad base64, several files in $KUBECONFIG, a missing file)
 * is left to the real kubectl, which words its own errors.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** NotModelled is thrown while reading a file this model does not read exactly as kubectl does. */
class NotModelled extends Error {}

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Reading one Go field from decoded YAML: absent or null is the zero value; any other type is kubectl's error. */
function str(o: Obj, key: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new NotModelled();
  return v;
}
function bool(o: Obj, key: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new NotModelled();
  return v;
}
function obj(o: Obj, key: string): Obj | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw new NotModelled();
  return v;
}
function list(o: Obj, key: string): Json[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new NotModelled();
  return v;
}
function strList(o: Obj, key: string): string[] | undefined {
  const l = list(o, key);
  if (l && !l.every((x) => typeof x === 'string')) throw new NotModelled();
  return l as string[] | undefined;
}
/** A `[]byte` field: base64 in the file (line breaks ignored, as Go's decoder does), written back canonically. */
function bytes(o: Obj, key: string): string {
  const s = str(o, key).replace(/[\r\n]/g, '');
  if (!s) return '';
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new NotModelled();
  return Buffer.from(s, 'base64').toString('base64');
}

/** Extensions are kept by name (the last of a name wins) and written as a list sorted by name. */
type Extensions = Map<string, Json>;
function extensions(o: Obj): Extensions {
  const m: Extensions = new Map();
  for (const e of list(o, 'extensions') ?? []) {
    if (!isObj(e)) throw new NotModelled();
    m.set(str(e, 'name'), sortKeys(e.extension ?? null));
  }
  return m;
}
function encodeExtensions(m: Extensions): Json[] {
  return [...m.keys()].sort().map((name) => ({ name, extension: m.get(name)! }));
}

interface Cluster {
  server: string;
  tlsServerName: string;
  insecure: boolean;
  ca: string;
  caData: string;
  proxyUrl: string;
  disableCompression: boolean;
  extensions: Extensions;
}
function readCluster(o: Obj): Cluster {
  return {
    server: str(o, 'server'),
    tlsServerName: str(o, 'tls-server-name'),
    insecure: bool(o, 'insecure-skip-tls-verify'),
    ca: str(o, 'certificate-authority'),
    caData: bytes(o, 'certificate-authority-data'),
    proxyUrl: str(o, 'proxy-url'),
    disableCompression: bool(o, 'disable-compression'),
    extensions: extensions(o),
  };
}
function encodeCluster(c: Cluster): Obj {
  const o: Obj = { server: c.server };
  if (c.tlsServerName) o['tls-server-name'] = c.tlsServerName;
  if (c.insecure) o['insecure-skip-tls-verify'] = true;
  if (c.ca) o['certificate-authority'] = c.ca;
  if (c.caData) o['certificate-authority-data'] = c.caData;
  if (c.proxyUrl) o['proxy-url'] = c.proxyUrl;
  if (c.disableCompression) o['disable-compression'] = true;
  if (c.extensions.size) o.extensions = encodeExtensions(c.extensions);
  return o;
}

interface User {
  /** The fields in v1 order, already encoded (none of them is edited by these commands). */
  fields: Obj;
}
function readUser(o: Obj): User {
  const f: Obj = {};
  const s = (k: string) => {
    const v = str(o, k);
    if (v) f[k] = v;
  };
  s('client-certificate');
  const certData = bytes(o, 'client-certificate-data');
  if (certData) f['client-certificate-data'] = certData;
  s('client-key');
  const keyData = bytes(o, 'client-key-data');
  if (keyData) f['client-key-data'] = keyData;
  s('token');
  s('tokenFile');
  s('as');
  s('as-uid');
  const groups = strList(o, 'as-groups');
  if (groups?.length) f['as-groups'] = groups;
  const extra = obj(o, 'as-user-extra');
  if (extra && Object.keys(extra).length) {
    const e: Obj = {};
    for (const k of Object.keys(extra).sort()) {
      const v = extra[k];
      if (v !== null && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) throw new NotModelled();
      e[k] = v ?? null;
    }
    f['as-user-extra'] = e;
  }
  s('username');
  s('password');
  const ap = obj(o, 'auth-provider');
  if (ap) {
    const config = obj(ap, 'config');
    if (config && !Object.values(config).every((x) => typeof x === 'string')) throw new NotModelled();
    f['auth-provider'] = { name: str(ap, 'name'), config: config ? sortKeys(config) : null };
  }
  const ex = obj(o, 'exec');
  if (ex) {
    const env = list(ex, 'env');
    const e: Obj = {
      command: str(ex, 'command'),
      args: strList(ex, 'args') ?? null,
      env: env
        ? env.map((v) => {
            if (!isObj(v)) throw new NotModelled();
            return { name: str(v, 'name'), value: str(v, 'value') };
          })
        : null,
    };
    const apiVersion = str(ex, 'apiVersion');
    if (apiVersion) e.apiVersion = apiVersion;
    const hint = str(ex, 'installHint');
    if (hint) e.installHint = hint;
    e.provideClusterInfo = bool(ex, 'provideClusterInfo');
    // v1 defaulting: the older exec API versions default to IfAvailable; the others must say.
    let mode = str(ex, 'interactiveMode');
    if (!mode && (apiVersion === 'client.authentication.k8s.io/v1beta1' || apiVersion === 'client.authentication.k8s.io/v1alpha1')) mode = 'IfAvailable';
    if (mode) e.interactiveMode = mode;
    f.exec = e;
  }
  const exts = extensions(o);
  if (exts.size) f.extensions = encodeExtensions(exts);
  return { fields: f };
}

interface Context {
  cluster: string;
  user: string;
  namespace: string;
  extensions: Extensions;
}
function readContext(o: Obj): Context {
  return { cluster: str(o, 'cluster'), user: str(o, 'user'), namespace: str(o, 'namespace'), extensions: extensions(o) };
}
function encodeContext(c: Context): Obj {
  const o: Obj = { cluster: c.cluster, user: c.user };
  if (c.namespace) o.namespace = c.namespace;
  if (c.extensions.size) o.extensions = encodeExtensions(c.extensions);
  return o;
}
const sameContext = (a: Context, b: Context) => JSON.stringify(encodeContext(a)) === JSON.stringify(encodeContext(b));

/** Kubeconfig is clientcmd's internal Config: entries by name, preferences, current context, extensions. */
interface Kubeconfig {
  colors: boolean;
  preferenceExtensions: Extensions;
  clusters: Map<string, Cluster>;
  users: Map<string, User>;
  contexts: Map<string, Context>;
  currentContext: string;
  extensions: Extensions;
}

function named<T>(o: Obj, key: string, field: string, read: (o: Obj) => T): Map<string, T> {
  const m = new Map<string, T>();
  for (const e of list(o, key) ?? []) {
    if (!isObj(e)) throw new NotModelled();
    m.set(str(e, 'name'), read(obj(e, field) ?? {}));
  }
  return m;
}

/** parseKubeconfig reads a kubeconfig's text as clientcmd.Load does, or throws NotModelled. */
async function parseKubeconfig(text: string): Promise<Kubeconfig> {
  const { parseDocument, visit, isScalar } = await import('yaml');
  let doc: unknown;
  try {
    // go-yaml v2 reads YAML 1.1 (yes/no/on/off are booleans), but the npm parser's 1.1 schema takes more plain
    // words for numbers than go-yaml's resolve.go does (`e2` becomes NaN, `1:30` a base-60 int): a plain scalar
    // keeps its text unless go-yaml would read it as the same kind of value. Timestamps are not modelled.
    const parsed = parseDocument(text, { version: '1.1' });
    if (parsed.errors.length) throw new NotModelled();
    visit(parsed, {
      Scalar(_key, node) {
        if (!isScalar(node) || node.type !== 'PLAIN' || typeof node.source !== 'string') return;
        const src = node.source;
        const v = node.value;
        if (v instanceof Date) throw new NotModelled();
        const plain = src.replace(/_/g, '');
        const goInt = /^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]*|[1-9][0-9]*)$/.test(plain);
        const goFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain) || /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(src);
        if (typeof v === 'number' && !(goInt || goFloat)) node.value = src;
      },
    });
    doc = parsed.toJS();
  } catch (err) {
    if (err instanceof NotModelled) throw err;
    throw new NotModelled();
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isObj(doc)) throw new NotModelled();
  const prefs = obj(doc, 'preferences') ?? {};
  return {
    colors: bool(prefs, 'colors'),
    preferenceExtensions: extensions(prefs),
    clusters: named(doc, 'clusters', 'cluster', readCluster),
    users: named(doc, 'users', 'user', readUser),
    contexts: named(doc, 'contexts', 'context', readContext),
    currentContext: str(doc, 'current-context'),
    extensions: extensions(doc),
  };
}

/** encodeKubeconfig is the v1 Config kubectl writes and prints: lists sorted by name, null when empty. */
function encodeKubeconfig(c: Kubeconfig, user: (u: User) => Obj = (u) => u.fields, cluster: (c: Cluster) => Obj = encodeCluster): Obj {
  const sorted = <T>(m: Map<string, T>) => [...m.keys()].sort();
  const out: Obj = { kind: 'Config', apiVersion: 'v1' };
  if (c.colors || c.preferenceExtensions.size) {
    const p: Obj = {};
    if (c.colors) p.colors = true;
    if (c.preferenceExtensions.size) p.extensions = encodeExtensions(c.preferenceExtensions);
    out.preferences = p;
  }
  out.clusters = c.clusters.size ? sorted(c.clusters).map((name) => ({ name, cluster: cluster(c.clusters.get(name)!) })) : null;
  out.users = c.users.size ? sorted(c.users).map((name) => ({ name, user: user(c.users.get(name)!) })) : null;
  out.contexts = c.contexts.size ? sorted(c.contexts).map((name) => ({ name, context: encodeContext(c.contexts.get(name)!) })) : null;
  out['current-context'] = c.currentContext;
  if (c.extensions.size) out.extensions = encodeExtensions(c.extensions);
  return out;
}

/** The kubeconfig file a command reads: --kubeconfig (explicit), else the one file $KUBECONFIG or ~/.kube/config names. */
function kubeconfigPath(ctx: Ctx): { file: string; explicit: boolean } | undefined {
  if (ctx.kubeconfig) return { file: ctx.kubeconfig, explicit: true };
  const env = process.env.KUBECONFIG;
  // Several files are merged by kubectl's own rules; that is left to it.
  if (env && env.split(path.delimiter).filter(Boolean).length !== 1) return undefined;
  return { file: env ? env.split(path.delimiter).find(Boolean)! : path.join(os.homedir(), '.kube', 'config'), explicit: false };
}

interface Loaded {
  file: string;
  explicit: boolean;
  config: Kubeconfig;
}

async function load(ctx: Ctx): Promise<Loaded | undefined> {
  const where = kubeconfigPath(ctx);
  if (!where || !existsSync(where.file)) return undefined;
  try {
    return { ...where, config: await parseKubeconfig(readFileSync(where.file, 'utf8')) };
  } catch (err) {
    if (err instanceof NotModelled) return undefined;
    throw err;
  }
}

/** write saves the config as kubectl's WriteToFile does: the v1 object through sigs.k8s.io/yaml, mode 0600. */
async function write(l: Loaded): Promise<void> {
  const { toYAML } = await import('./yaml.js');
  writeFileSync(l.file, toYAML(encodeKubeconfig(l.config)), { mode: 0o600 });
}

/** The redaction `config view` applies without --raw: secrets REDACTED, certificate and key data DATA+OMITTED. */
function redactedUser(u: User): Obj {
  const f = { ...u.fields };
  for (const k of ['client-certificate-data', 'client-key-data']) if (f[k]) f[k] = 'DATA+OMITTED';
  for (const k of ['token', 'password']) if (f[k]) f[k] = 'REDACTED';
  return f;
}
function redactedCluster(c: Cluster): Obj {
  return encodeCluster({ ...c, caData: c.caData ? 'DATA+OMITTED' : '' });
}

/** Go's os.ReadFile error text for the common case; others are left to kubectl. */
function readForFlatten(file: string): string {
  try {
    return readFileSync(file).toString('base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`open ${file}: no such file or directory`);
    throw new NotModelled();
  }
}

const viewCommand: Command = {
  flags: { '--output': ['value', '-o'], '--raw': ['bool'], '--minify': ['bool'], '--flatten': ['bool'] },
  async run(ctx) {
    if (ctx.args.length) {
      ctx.io.err(`error: unexpected arguments: [${ctx.args.join(' ')}]\nSee 'kubectl config view -h' for help and examples\n`);
      return 1;
    }
    const output = ctx.flags.str('--output') ?? 'yaml';
    if (output !== 'yaml' && output !== 'json') return undefined;
    const l = await load(ctx);
    if (!l) return undefined;
    const c = l.config;
    // A file found by the loading rules (not --kubeconfig) is merged, and loading that way makes its file paths
    // absolute (relative to the file's folder); an exec command is a path only when it names a folder.
    if (!l.explicit) {
      const base = path.resolve(path.dirname(l.file));
      const abs = (p: string) => (path.isAbsolute(p) ? p : path.join(base, p));
      for (const cl of c.clusters.values()) if (cl.ca) cl.ca = abs(cl.ca);
      for (const u of c.users.values()) {
        for (const k of ['client-certificate', 'client-key', 'tokenFile']) if (typeof u.fields[k] === 'string' && u.fields[k]) u.fields[k] = abs(u.fields[k] as string);
        const ex = u.fields.exec;
        if (isObj(ex) && typeof ex.command === 'string' && ex.command !== path.basename(ex.command)) ex.command = abs(ex.command);
      }
    }
    if (ctx.flags.bool('--minify')) {
      if (ctx.context) c.currentContext = ctx.context;
      if (!c.currentContext) throw new Error('current-context must exist in order to minify');
      const cur = c.contexts.get(c.currentContext);
      if (!cur) throw new Error(`cannot locate context ${c.currentContext}`);
      const clusters = new Map<string, Cluster>();
      if (cur.cluster) {
        const cl = c.clusters.get(cur.cluster);
        if (!cl) throw new Error(`cannot locate cluster ${cur.cluster}`);
        clusters.set(cur.cluster, cl);
      }
      const users = new Map<string, User>();
      if (cur.user) {
        const u = c.users.get(cur.user);
        if (!u) throw new Error(`cannot locate user ${cur.user}`);
        users.set(cur.user, u);
      }
      c.clusters = clusters;
      c.users = users;
      c.contexts = new Map([[c.currentContext, cur]]);
    }
    let encoded: Obj;
    if (ctx.flags.bool('--flatten')) {
      // Files named by relative paths are read from the kubeconfig's folder, and their contents put inline.
      const base = path.resolve(path.dirname(l.file));
      const abs = (p: string) => (path.isAbsolute(p) ? p : path.join(base, p));
      try {
        for (const u of c.users.values()) {
          for (const [file, data] of [['client-certificate', 'client-certificate-data'], ['client-key', 'client-key-data']] as const) {
            const p = u.fields[file];
            if (typeof p !== 'string' || !p) continue;
            if (u.fields[data]) throw new Error('cannot have values for both path and contents');
            const content = readForFlatten(abs(p));
            // The data field sits right after the path field in v1 order: rebuild the object in that order.
            u.fields = Object.fromEntries(Object.entries(u.fields).flatMap(([k, v]) => (k === file ? (content ? [[data, content]] : []) : [[k, v]])));
          }
        }
        for (const cl of c.clusters.values()) {
          if (!cl.ca) continue;
          if (cl.caData) throw new Error('cannot have values for both path and contents');
          cl.caData = readForFlatten(abs(cl.ca));
          cl.ca = '';
        }
      } catch (err) {
        if (err instanceof NotModelled) return undefined;
        throw err;
      }
      encoded = encodeKubeconfig(c);
    } else if (ctx.flags.bool('--raw')) encoded = encodeKubeconfig(c);
    else encoded = encodeKubeconfig(c, redactedUser, redactedCluster);
    if (output === 'json') ctx.io.out(`${goJSON(encoded, { sort: false })}\n`);
    else ctx.io.out((await import('./yaml.js')).toYAML(encoded));
    return 0;
  },
};

/**
 * errorsText is how kubectl's CheckErr prints an aggregate of errors: one as `error: MESSAGE`, several each on
 * its own line with no prefix.
 */
function errorsText(messages: string[]): string {
  return messages.length === 1 ? `error: ${messages[0]}\n` : messages.map((m) => `${m}\n`).join('');
}

const getContextsCommand: Command = {
  flags: { '--output': ['value', '-o'], '--no-headers': ['bool'] },
  async run(ctx) {
    const output = ctx.flags.str('--output') ?? '';
    if (output !== '' && output !== 'name') throw new Error(`--output ${output} is not available in kubectl config get-contexts; resetting to default output format`);
    const l = await load(ctx);
    if (!l) return undefined;
    const c = l.config;
    const nameOnly = output === 'name';
    const errors: string[] = [];
    let names: string[];
    if (!ctx.args.length) names = [...c.contexts.keys()];
    else {
      names = [];
      for (const n of ctx.args) {
        if (c.contexts.has(n)) names.push(n);
        else errors.push(`context ${n} not found`);
      }
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let text = '';
    if (!nameOnly && !ctx.flags.bool('--no-headers')) text += 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n';
    for (const n of names) {
      const x = c.contexts.get(n)!;
      text += nameOnly ? `${n}\n` : `${c.currentContext === n ? '*' : ' '}\t${n}\t${x.cluster}\t${x.user}\t${x.namespace}\n`;
    }
    ctx.io.out(alignTabs(text, 3, 6));
    if (errors.length) {
      ctx.io.err(errorsText(errors));
      return 1;
    }
    return 0;
  },
};

const currentContextCommand: Command = {
  flags: {},
  async run(ctx) {
    const l = await load(ctx);
    if (!l) return undefined;
    if (!l.config.currentContext) throw new Error('current-context is not set');
    ctx.io.out(`${l.config.currentContext}\n`);
    return 0;
  },
};

const useContextCommand: Command = {
  flags: {},
  async run(ctx) {
    // kubectl answers a wrong number of arguments with the command's whole help text: left to it.
    if (ctx.args.length !== 1) return undefined;
    const name = ctx.args[0]!;
    const l = await load(ctx);
    if (!l) return undefined;
    if (!name) throw new Error('empty context names are not allowed');
    if (!l.config.contexts.has(name)) throw new Error(`no context exists with the name: "${name}"`);
    // kubectl rewrites the file only when the current context changes.
    if (l.config.currentContext !== name) {
      l.config.currentContext = name;
      await write(l);
    }
    ctx.io.out(`Switched to context "${name}".\n`);
    return 0;
  },
};

const setContextCommand: Command = {
  flags: { '--current': ['bool'], '--cluster': ['value'], '--user': ['value'], '--namespace': ['value', '-n'] },
  async run(ctx) {
    // kubectl answers extra arguments with the command's whole help text: left to it.
    if (ctx.args.length > 1) return undefined;
    const current = ctx.flags.bool('--current');
    let name = ctx.args[0] ?? '';
    if (!name && !current) throw new Error('you must specify a non-empty context name or --current');
    if (name && current) throw new Error('you cannot specify both a context name and --current');
    const l = await load(ctx);
    if (!l) return undefined;
    if (current) {
      if (!l.config.currentContext) throw new Error('no current context is set');
      name = l.config.currentContext;
    }
    const before = l.config.contexts.get(name);
    const next: Context = before ? { ...before } : { cluster: '', user: '', namespace: '', extensions: new Map() };
    const cluster = ctx.flags.str('--cluster');
    const user = ctx.flags.str('--user');
    const namespace = ctx.flags.str('--namespace');
    if (cluster !== undefined) next.cluster = cluster;
    if (user !== undefined) next.user = user;
    if (namespace !== undefined) next.namespace = namespace;
    // ModifyConfig writes a context only when it is new or differs.
    if (!before || !sameContext(before, next)) {
      l.config.contexts.set(name, next);
      await write(l);
    }
    ctx.io.out(`Context "${name}" ${before ? 'modified' : 'created'}.\n`);
    return 0;
  },
};

/** `kubectl config`: the sub-commands built in; any other (set-cluster, unset, ...) is left to kubectl. */
export const configCommand: Command = {
  flags: {},
  sub: {
    view: viewCommand,
    'get-contexts': getContextsCommand,
    'current-context': currentContextCommand,
    'use-context': useContextCommand,
    use: useContextCommand,
    'set-context': setContextCommand,
  },
};
