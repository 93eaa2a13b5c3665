import { KINDS, resolveResource, type KindInfo } from '../api/kinds.js';

/**
 * k9s' own aliases beside the API's short names (`:dp` for Deployments, `:sec` for Secrets, ...). The API's
 * resource, singular and short names (`:pods`, `:pod`, `:po`) work too, and `group/resource` forms disambiguate.
 */
const K9S_ALIASES: Readonly<Record<string, string>> = {
  dp: 'apps/deployments',
  sec: 'secrets',
  np: 'networking.k8s.io/networkpolicies',
  crb: 'rbac.authorization.k8s.io/clusterrolebindings',
  cr: 'rbac.authorization.k8s.io/clusterroles',
  rb: 'rbac.authorization.k8s.io/rolebindings',
  ro: 'rbac.authorization.k8s.io/roles',
};

/** ViewSpec is what a `:` command asks to show: a kind, where, and which rows. */
export interface ViewSpec {
  readonly kind: KindInfo;
  /** A namespace to show; null for all namespaces; undefined for the dashboard's current one. */
  readonly namespace?: string | null;
  /** `/term` keeps the rows whose text contains term (`/!term`: those that do not). */
  readonly filter?: string;
  readonly invert?: boolean;
  /** `app=nginx`: a label selector. */
  readonly labels?: string;
  /** The containers of the parent pod (Enter on a pod), not pods: the rows are the pod's containers. */
  readonly containers?: boolean;
  /** Drilled down from this object: only the rows it owns (or selects, for a Service; runs, for a node). */
  readonly parent?: { readonly kind: string; readonly namespace: string; readonly name: string };
}

/** What Enter opens on an object of each kind: the kind of its children. */
export const CHILDREN: Readonly<Record<string, { apiVersion: string; kind: string }>> = {
  Deployment: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  ReplicaSet: { apiVersion: 'v1', kind: 'Pod' },
  StatefulSet: { apiVersion: 'v1', kind: 'Pod' },
  DaemonSet: { apiVersion: 'v1', kind: 'Pod' },
  Job: { apiVersion: 'v1', kind: 'Pod' },
  CronJob: { apiVersion: 'batch/v1', kind: 'Job' },
  Service: { apiVersion: 'v1', kind: 'Pod' },
  Node: { apiVersion: 'v1', kind: 'Pod' },
  // A pod's children are its containers (a view of the pod itself, see ViewSpec.containers).
  Pod: { apiVersion: 'v1', kind: 'Pod' },
};

/** ClockAction drives a simulated cluster's clock (the daemon's /minik9s/v1/clock). */
export type ClockAction = { action: 'pause' | 'resume' | 'step' } | { action: 'speed'; speed: number };

/** Command is a parsed `:` command line. */
export type Command =
  | { type: 'view'; view: ViewSpec }
  | { type: 'clock'; clock: ClockAction }
  | { type: 'timers' }
  | { type: 'ctx'; name?: string }
  | { type: 'quit' }
  | { type: 'error'; message: string };

/** findKind resolves a name as kubectl and k9s do: resource, singular, short name, kind, k9s alias, group form. */
export function findKind(name: string): KindInfo | undefined {
  const n = name.toLowerCase();
  const alias = K9S_ALIASES[n];
  const target = alias ?? n;
  const slash = target.indexOf('/');
  const byGroup = (group: string, resource: string) => KINDS.find((k) => k.group === group && k.resource === resource);
  if (slash > 0) return byGroup(target.slice(0, slash), target.slice(slash + 1));
  // Core and the preferred groups first (KINDS is in discovery order), so `ev` is the core Event, as in kubectl.
  return resolveResource(target);
}

/** parseCommand reads a `:` command line (without the colon): `pod`, `pod kube-system`, `pod /nginx`, `pod app=web`, `q`. */
export function parseCommand(line: string): Command {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const [head, ...args] = words;
  if (!head) return { type: 'error', message: 'type a resource, e.g. :pods, :deploy, :svc' };
  if (head === 'q' || head === 'q!' || head === 'quit') return { type: 'quit' };
  if (head === 'pause' || head === 'resume' || head === 'step') return { type: 'clock', clock: { action: head } };
  if (head === 'timers' || head === 'clock') return { type: 'timers' };
  if (head === 'ctx' || head === 'context' || head === 'contexts') return args[0] ? { type: 'ctx', name: args[0] } : { type: 'ctx' };
  if (head === 'speed') {
    const speed = Number(args[0]);
    if (!args[0] || !Number.isFinite(speed) || speed <= 0 || speed > 10_000) return { type: 'error', message: ':speed needs a number above 0 (at most 10000), e.g. :speed 60' };
    return { type: 'clock', clock: { action: 'speed', speed } };
  }
  const kind = findKind(head);
  if (!kind) return { type: 'error', message: `\`${head}\` command not found` };
  let view: ViewSpec = { kind };
  for (const a of args) {
    if (a.startsWith('/')) view = a.startsWith('/!') ? { ...view, filter: a.slice(2), invert: true } : { ...view, filter: a.slice(1) };
    else if (a.includes('=')) view = { ...view, labels: a };
    else if (a === '-A' || a === 'all' || a === '0') view = { ...view, namespace: null };
    else if (kind.namespaced) view = { ...view, namespace: a };
    else return { type: 'error', message: `${kind.resource} are not namespaced` };
  }
  return { type: 'view', view };
}

/** The words a `:` line can start with besides kinds: the clock, the timers, quit. */
const VERBS = ['pause', 'resume', 'step', 'speed', 'timers', 'quit', 'ctx'];

/** commandWords are every first word a `:` line accepts, shortest spellings first (completion offers those). */
function commandWords(): string[] {
  const words = new Set<string>();
  for (const k of KINDS) {
    words.add(k.resource);
    words.add(k.singular);
    for (const s of k.shortNames) words.add(s);
  }
  for (const a of Object.keys(K9S_ALIASES)) words.add(a);
  for (const v of VERBS) words.add(v);
  return [...words].filter(Boolean).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
}
let WORDS: string[] | undefined;

/**
 * suggest completes the first word of a `:` line as k9s does: the rest of the first command word that starts with
 * what was typed (`dep` → `loyments`); nothing when the word is complete, unknown, or arguments follow.
 */
export function suggest(line: string): string | undefined {
  if (!line || /\s/.test(line)) return undefined;
  const typed = line.toLowerCase();
  WORDS ??= commandWords();
  if (WORDS.includes(typed)) return undefined;
  // Prefer the resource names (what kubectl prints) over short names and singulars.
  const resources = KINDS.map((k) => k.resource).filter((r) => r.startsWith(typed)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const hit = resources[0] ?? WORDS.find((w) => w.startsWith(typed));
  return hit ? hit.slice(typed.length) : undefined;
}
