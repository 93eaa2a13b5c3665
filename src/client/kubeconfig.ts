import type https from 'node:https';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYAML } from 'yaml';
import { HttpClient } from './http-client.js';

/** KubeconfigContext names what the dashboard shows in its header. */
export interface KubeconfigContext {
  context: string;
  cluster: string;
  user?: string;
  server: string;
  namespace?: string;
}

/**
 * KubeconfigError is a kubeconfig that cannot give what was asked (a context it lacks), worded as client-go's
 * clientcmd words it; kubectl prints it after `Error in configuration: `.
 */
export class KubeconfigError extends Error {}

/**
 * clientFromKubeconfig builds an HttpClient for a kubeconfig context (the current one by default), using
 * @kubernetes/client-node to read the file: contexts, certificates, tokens and exec credential plugins all work,
 * so the dashboard opens any real cluster as well as the simulated one.
 */
export async function clientFromKubeconfig(opts: { kubeconfig?: string; context?: string; onWarning?: (text: string) => void } = {}): Promise<{ client: HttpClient; context: KubeconfigContext }> {
  const quick = quickClient(opts);
  if (quick) return quick;
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else kc.loadFromDefault();
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw new KubeconfigError(`context was not found for specified context: ${opts.context}`);
    kc.setCurrentContext(opts.context);
  }
  const contextName = kc.getCurrentContext();
  const ctx = kc.getContextObject(contextName);
  const cluster = kc.getCurrentCluster();
  if (!ctx || !cluster) throw new Error('the kubeconfig has no current context: pass --context NAME or run "minik9s start"');
  const tls: https.RequestOptions = {};
  // Over plain http a client sends no credentials (kubectl does the same), and client-node refuses to try.
  if (!cluster.server.startsWith('http:')) await kc.applyToHTTPSOptions(tls);
  const auth = (tls.headers as Record<string, string> | undefined)?.Authorization ?? (tls.headers as Record<string, string> | undefined)?.authorization;
  const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
  const client = new HttpClient({
    server: cluster.server,
    ca: tls.ca as string | Buffer | undefined,
    cert: tls.cert as string | Buffer | undefined,
    key: tls.key as string | Buffer | undefined,
    token,
    insecureSkipTLSVerify: cluster.skipTLSVerify,
    onWarning: opts.onWarning,
  });
  return {
    client,
    context: { context: contextName, cluster: ctx.cluster, user: ctx.user, server: cluster.server, namespace: ctx.namespace },
  };
}

/** ContextRow is one line of `kubectl config get-contexts`. */
export interface ContextRow {
  name: string;
  cluster: string;
  user: string;
  namespace: string;
  current: boolean;
}

/** listContexts reads the kubeconfig's contexts, as `kubectl config get-contexts` lists them (sorted by name). */
export async function listContexts(kubeconfig?: string): Promise<ContextRow[]> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else kc.loadFromDefault();
  const current = kc.getCurrentContext();
  return kc
    .getContexts()
    .map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace ?? '', current: c.name === current }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

type Entry = Record<string, unknown>;

/**
 * quickClient reads the kubeconfig the common way without @kubernetes/client-node (which takes ~0.5 s to load,
 * five times a whole `kubectl get pods`): the files of --kubeconfig, else $KUBECONFIG's list (merged, the first
 * file's entry of a name and its current-context winning, as kubectl merges), else ~/.kube/config; a server with
 * its CA (data or file) or insecure-skip-tls-verify; a user with a client certificate and key (data or files) or
 * a token (or token file). Anything else (exec plugins, auth providers, basic auth, proxies) answers undefined and
 * client-node does the work.
 */
function quickClient(opts: { kubeconfig?: string; context?: string; onWarning?: (text: string) => void }): { client: HttpClient; context: KubeconfigContext } | undefined {
  const files = opts.kubeconfig ? [opts.kubeconfig] : process.env.KUBECONFIG ? process.env.KUBECONFIG.split(path.delimiter).filter(Boolean) : [path.join(os.homedir(), '.kube', 'config')];
  const named = { clusters: new Map<string, [Entry, string]>(), users: new Map<string, [Entry, string]>(), contexts: new Map<string, [Entry, string]>() };
  let current = '';
  for (const file of files) {
    let doc: Entry;
    try {
      doc = (parseYAML(readFileSync(file, 'utf8')) ?? {}) as Entry;
    } catch {
      return undefined;
    }
    if (typeof doc !== 'object') return undefined;
    current ||= typeof doc['current-context'] === 'string' ? doc['current-context'] : '';
    for (const [key, inner] of [['clusters', 'cluster'], ['users', 'user'], ['contexts', 'context']] as const) {
      const list = doc[key];
      if (list !== undefined && list !== null && !Array.isArray(list)) return undefined;
      for (const e of (list ?? []) as Entry[]) {
        const name = e?.name;
        if (typeof name === 'string' && !named[key].has(name)) named[key].set(name, [(e[inner] ?? {}) as Entry, path.dirname(file)]);
      }
    }
  }
  const contextName = opts.context ?? current;
  if (opts.context && !named.contexts.has(opts.context)) return undefined;
  const ctx = named.contexts.get(contextName)?.[0];
  const clusterName = ctx?.cluster;
  const userName = ctx?.user;
  if (!ctx || typeof clusterName !== 'string') return undefined;
  const [cluster, clusterDir] = named.clusters.get(clusterName) ?? [];
  const [user, userDir] = typeof userName === 'string' ? (named.users.get(userName) ?? [{}, '']) : [{}, ''];
  if (!cluster || typeof cluster.server !== 'string' || !user) return undefined;
  const known = { cluster: ['server', 'certificate-authority', 'certificate-authority-data', 'insecure-skip-tls-verify', 'extensions'], user: ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'extensions'] };
  if (Object.keys(cluster).some((k) => !known.cluster.includes(k)) || Object.keys(user).some((k) => !known.user.includes(k))) return undefined;
  const data = (e: Entry, dataKey: string, fileKey: string, dir: string): Buffer | undefined => {
    if (typeof e[dataKey] === 'string') return Buffer.from(e[dataKey] as string, 'base64');
    if (typeof e[fileKey] === 'string') return readFileSync(path.resolve(dir, e[fileKey] as string));
    return undefined;
  };
  try {
    const plain = cluster.server.startsWith('http:');
    const token = typeof user.token === 'string' ? user.token : typeof user.tokenFile === 'string' ? readFileSync(path.resolve(userDir!, user.tokenFile), 'utf8').trim() : undefined;
    const client = new HttpClient({
      server: cluster.server,
      // Over plain http a client sends no credentials (kubectl does the same).
      ca: plain ? undefined : data(cluster, 'certificate-authority-data', 'certificate-authority', clusterDir!),
      cert: plain ? undefined : data(user, 'client-certificate-data', 'client-certificate', userDir!),
      key: plain ? undefined : data(user, 'client-key-data', 'client-key', userDir!),
      token: plain ? undefined : token,
      insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
      onWarning: opts.onWarning,
    });
    return {
      client,
      context: { context: contextName, cluster: clusterName, user: typeof userName === 'string' ? userName : undefined, server: cluster.server, namespace: typeof ctx.namespace === 'string' && ctx.namespace ? ctx.namespace : undefined },
    };
  } catch {
    return undefined;
  }
}
