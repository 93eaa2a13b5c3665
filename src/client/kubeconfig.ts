import type https from 'node:https';
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
 * clientFromKubeconfig builds an HttpClient for a kubeconfig context (the current one by default), using
 * @kubernetes/client-node to read the file: contexts, certificates, tokens and exec credential plugins all work,
 * so the dashboard opens any real cluster as well as the simulated one.
 */
export async function clientFromKubeconfig(opts: { kubeconfig?: string; context?: string; onWarning?: (text: string) => void } = {}): Promise<{ client: HttpClient; context: KubeconfigContext }> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else kc.loadFromDefault();
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw new Error(`context "${opts.context}" not found in the kubeconfig`);
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
