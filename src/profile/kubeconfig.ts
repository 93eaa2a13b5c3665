import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { kubeconfigPath } from './paths.js';
import { MINIK9S_VERSION } from '../cluster/version.js';

interface Named<T> {
  name: string;
  [key: string]: unknown;
  cluster?: T;
  context?: T;
  user?: T;
}

/** KubeconfigFile is the subset of a kubeconfig minik9s reads and writes; other fields are kept as they are. */
export interface KubeconfigFile {
  apiVersion?: string;
  kind?: string;
  clusters?: Named<Record<string, unknown>>[] | null;
  contexts?: Named<Record<string, unknown>>[] | null;
  users?: Named<Record<string, unknown>>[] | null;
  'current-context'?: string;
  preferences?: Record<string, unknown>;
  [key: string]: unknown;
}

/** readKubeconfig reads a kubeconfig file (an empty one when it does not exist). */
export function readKubeconfig(file = kubeconfigPath()): KubeconfigFile {
  if (!existsSync(file)) return { apiVersion: 'v1', kind: 'Config', clusters: [], contexts: [], users: [], preferences: {} };
  const text = readFileSync(file, 'utf8');
  const doc = (YAML.parse(text) ?? {}) as KubeconfigFile;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file} is not a kubeconfig file`);
  return doc;
}

/** writeKubeconfig writes atomically (temp file + rename) with mode 0600, as kubeconfigs hold credentials. */
export function writeKubeconfig(doc: KubeconfigFile, file = kubeconfigPath()): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.minik9s-${process.pid}.tmp`;
  writeFileSync(tmp, YAML.stringify(doc), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function upsert(list: Named<Record<string, unknown>>[], item: Named<Record<string, unknown>>): Named<Record<string, unknown>>[] {
  const i = list.findIndex((x) => x.name === item.name);
  if (i >= 0) list[i] = item;
  else list.push(item);
  return list;
}

/** ClusterEntry is what a profile puts in the kubeconfig: a cluster, a user and a context, all named after it. */
export interface ClusterEntry {
  name: string;
  server: string;
  setCurrent: boolean;
  /** PEMs: the cluster's CA and the client certificate and key, embedded as *-data. */
  ca?: string;
  clientCert?: string;
  clientKey?: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** mergeCluster adds or updates the profile's cluster, user and context; every other entry is left untouched. */
export function mergeCluster(entry: ClusterEntry, file = kubeconfigPath()): void {
  const doc = readKubeconfig(file);
  doc.apiVersion ??= 'v1';
  doc.kind ??= 'Config';
  const info = {
    name: 'cluster_info',
    extension: { provider: 'minik9s', version: MINIK9S_VERSION, 'last-update': new Date().toUTCString() },
  };
  const cluster: Record<string, unknown> = { server: entry.server, extensions: [info] };
  if (entry.ca) cluster['certificate-authority-data'] = b64(entry.ca);
  const user: Record<string, unknown> = {};
  if (entry.clientCert && entry.clientKey) {
    user['client-certificate-data'] = b64(entry.clientCert);
    user['client-key-data'] = b64(entry.clientKey);
  }
  doc.clusters = upsert(doc.clusters ?? [], { name: entry.name, cluster });
  doc.users = upsert(doc.users ?? [], { name: entry.name, user });
  doc.contexts = upsert(doc.contexts ?? [], {
    name: entry.name,
    context: { cluster: entry.name, user: entry.name, namespace: 'default', extensions: [{ name: 'context_info', extension: { provider: 'minik9s', version: MINIK9S_VERSION } }] },
  });
  if (entry.setCurrent) doc['current-context'] = entry.name;
  doc.preferences ??= {};
  writeKubeconfig(doc, file);
}

/** removeCluster deletes the profile's cluster, user and context (and current-context if it was the profile). */
export function removeCluster(name: string, file = kubeconfigPath()): void {
  if (!existsSync(file)) return;
  const doc = readKubeconfig(file);
  doc.clusters = (doc.clusters ?? []).filter((c) => c.name !== name);
  doc.users = (doc.users ?? []).filter((c) => c.name !== name);
  doc.contexts = (doc.contexts ?? []).filter((c) => c.name !== name);
  if (doc['current-context'] === name) doc['current-context'] = '';
  writeKubeconfig(doc, file);
}

/** clusterServer is the server URL the kubeconfig holds for a profile's cluster, if any. */
export function clusterServer(name: string, file = kubeconfigPath()): string | undefined {
  try {
    const c = (readKubeconfig(file).clusters ?? []).find((x) => x.name === name);
    return c?.cluster?.server as string | undefined;
  } catch {
    return undefined;
  }
}
