import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { parse as parseYaml } from 'yaml';
import { toYaml } from './components/yaml-line.js';
import { KINDS, kindFor, mustKind, type KindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/types.js';
import type { KubeClient } from '../client/types.js';
import type { Fault } from '../apiserver/http/faults-api.js';
import type { ViewSpec } from './commands.js';
import type { Dialog, Target } from './state.js';

const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');

/** What a target is called in a message: `deployment default/web`, `node minik9s`. */
export function targetName(t: Target): string {
  return `${t.kind.kind.toLowerCase()} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
}

/** The question a dialog asks, in one line. */
export function dialogQuestion(d: Dialog): string {
  const what = d.targets.length === 1 ? targetName(d.targets[0]!) : `${d.targets.length} ${d.targets[0]!.kind.resource}`;
  switch (d.kind) {
    case 'delete':
      return `Delete ${what}?`;
    case 'kill':
      return `Kill ${what}? (no grace period)`;
    case 'scale':
      return `Scale ${what} to how many replicas?`;
    case 'image':
      return `Set the image of ${what}:`;
    case 'restart':
      return `Restart the pods of ${what}? (a rollout)`;
    case 'rollback':
      return `Roll back to ${what}'s revision?`;
    case 'drain':
      return `Drain ${what}? (cordon, then evict its pods)`;
  }
}

/** The dialog's option lines (the delete dialog's propagation and force), empty for the others. */
export function dialogOptions(d: Dialog): string[] {
  if (d.kind !== 'delete') return [];
  return [`<p> propagation: ${d.propagation ?? 'Background'}   <f> force: ${d.force ? 'yes (no grace period)' : 'no'}`];
}

type Workload = KubeObject & { spec?: { replicas?: number; template?: PodTemplateSpec; containers?: { name: string; image?: string }[] } };

function containersOf(obj: Workload): { name: string; image?: string }[] {
  return obj.spec?.template?.spec?.containers ?? obj.spec?.containers ?? [];
}

/** prefill reads what a form dialog starts from: the current replicas, or the current images. */
export async function prefill(client: KubeClient, d: Dialog): Promise<string> {
  const t = d.targets[0]!;
  const obj = (await client.get(t.kind, t.namespace || undefined, t.name)) as Workload;
  if (d.kind === 'scale') return String(obj.spec?.replicas ?? 1);
  const cs = containersOf(obj);
  return cs.length === 1 ? (cs[0]!.image ?? '') : cs.map((c) => `${c.name}=${c.image ?? ''}`).join(',');
}

/** parseImages reads the set-image line: `image` for a one-container workload, else `container=image,...`. */
function parseImages(input: string, containers: { name: string }[]): { name: string; image: string }[] {
  const parts = input.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 1 && !parts[0]!.includes('=')) {
    if (containers.length !== 1) throw new Error(`${containers.length} containers: write container=image (${containers.map((c) => c.name).join(', ')})`);
    return [{ name: containers[0]!.name, image: parts[0]! }];
  }
  return parts.map((p) => {
    const eq = p.indexOf('=');
    const name = p.slice(0, eq).trim();
    if (!containers.some((c) => c.name === name)) throw new Error(`unable to find container named "${name}"`);
    return { name, image: p.slice(eq + 1).trim() };
  });
}

/** rfc3339 is Go's time.RFC3339 (whole seconds), what kubectl writes in restartedAt. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * performAction carries out a dialog the user confirmed, through the API as kubectl would, and returns the
 * message for the flash line. A refusal throws the server's error (the flash shows it; nothing else changes).
 */
export async function performAction(client: KubeClient, d: Dialog, now: number): Promise<string> {
  const t = d.targets[0]!;
  const ns = t.namespace || undefined;
  switch (d.kind) {
    case 'delete':
    case 'kill': {
      const kill = d.kind === 'kill';
      const opts = { propagationPolicy: kill ? undefined : d.propagation, gracePeriodSeconds: kill || d.force ? 0 : undefined };
      if (d.targets.length === 1) {
        await client.delete(t.kind, ns, t.name, opts);
        return `${kill ? 'Killed' : 'Deleted'} ${targetName(t)}`;
      }
      const failed: string[] = [];
      for (const x of d.targets) {
        await client.delete(x.kind, x.namespace || undefined, x.name, opts).catch((err: unknown) => {
          failed.push(`${x.name}: ${err instanceof Error ? err.message : String(err)}`);
        });
      }
      const verb = kill ? 'Killed' : 'Deleted';
      const what = `${d.targets.length - failed.length} ${t.kind.resource}`;
      if (failed.length === d.targets.length) throw new Error(failed.join('; '));
      return failed.length ? `${verb} ${what}; not: ${failed.join('; ')}` : `${verb} ${what}`;
    }
    case 'scale': {
      const replicas = Number((d.input ?? '').trim());
      await client.patch(t.kind, ns, t.name, 'merge', { spec: { replicas } }, { subresource: 'scale' });
      return `Scaled ${targetName(t)} to ${replicas}`;
    }
    case 'image': {
      const obj = (await client.get(t.kind, ns, t.name)) as Workload;
      const images = parseImages(d.input ?? '', containersOf(obj));
      const containers = images.map((i) => ({ name: i.name, image: i.image }));
      const patch = t.kind.kind === 'Pod' ? { spec: { containers } } : { spec: { template: { spec: { containers } } } };
      await client.patch(t.kind, ns, t.name, 'strategic', patch);
      return `Set ${images.map((i) => `${i.name}=${i.image}`).join(', ')} on ${targetName(t)}`;
    }
    case 'restart': {
      const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339(now) } } } } };
      await client.patch(t.kind, ns, t.name, 'strategic', patch);
      return `Restarting ${targetName(t)}: watch the new pods replace the old`;
    }
    case 'rollback': {
      const rs = (await client.get(t.kind, ns, t.name)) as Workload;
      const owner = rs.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
      if (!owner) throw new Error(`replicaset ${t.name} has no Deployment to roll back`);
      const template = JSON.parse(JSON.stringify(rs.spec?.template ?? {})) as PodTemplateSpec;
      delete template.metadata?.labels?.['pod-template-hash'];
      const deployKind = mustKind('apps/v1', 'Deployment');
      await client.patch(deployKind, ns, owner.name, 'json', [{ op: 'replace', path: '/spec/template', value: template }]);
      const revision = rs.metadata.annotations?.['deployment.kubernetes.io/revision'];
      return `Rolled deployment ${t.namespace}/${owner.name} back to revision ${revision ?? '?'} (${t.name})`;
    }
    case 'drain':
      return drain(client, t.name);
  }
}

/**
 * drain cordons a node and evicts its pods as `kubectl drain --ignore-daemonsets --delete-emptydir-data` does:
 * DaemonSet pods and mirror pods stay, the rest go through the Eviction API (so PodDisruptionBudgets hold).
 */
async function drain(client: KubeClient, node: string): Promise<string> {
  await client.patch(nodeKind, undefined, node, 'merge', { spec: { unschedulable: true } });
  const pods = (await client.list<Pod & KubeObject>(podKind, undefined, { fieldSelector: `spec.nodeName=${node}` })).items;
  let kept = 0;
  const refused: string[] = [];
  let evicted = 0;
  for (const p of pods) {
    const md = p.metadata;
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    if (md.ownerReferences?.some((r) => r.controller && r.kind === 'DaemonSet') || md.annotations?.['kubernetes.io/config.mirror']) {
      kept++;
      continue;
    }
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: md.name, namespace: md.namespace } };
    await client.create(podKind, md.namespace, eviction as KubeObject, { subresource: 'eviction', name: md.name }).then(
      () => evicted++,
      (err: unknown) => refused.push(`${md.name}: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
  const tail = `${kept ? `, ${kept} DaemonSet or static pods left` : ''}${refused.length ? `; not evicted: ${refused.join('; ')}` : ''}`;
  return `Drained node ${node}: cordoned, ${evicted} pods evicted${tail}`;
}

/** nodeAction cordons, uncordons, fails or recovers a node at once, and says what it did. */
export async function nodeAction(
  client: KubeClient,
  action: 'cordon' | 'uncordon' | 'fail' | 'recover',
  node: string,
  injectFault: ((f: Fault) => Promise<unknown>) | undefined,
): Promise<string> {
  if (action === 'cordon' || action === 'uncordon') {
    await client.patch(nodeKind, undefined, node, 'merge', { spec: { unschedulable: action === 'cordon' ? true : null } });
    return action === 'cordon' ? `Cordoned node ${node}: no new pods will be scheduled on it` : `Uncordoned node ${node}`;
  }
  if (!injectFault) throw new Error('Failing a node needs a minik9s simulated cluster');
  await injectFault({ type: action === 'fail' ? 'node-down' : 'node-up', node });
  return action === 'fail'
    ? `Node ${node} is down: NotReady in 50 s, its pods evicted after 5 m (watch the clock, or :speed 60)`
    : `Node ${node} is back: its kubelet reports Ready again`;
}

/** kindOfRef finds the served kind of an ownerReference (apiVersion + kind). */
function kindOfRef(apiVersion: string, kind: string): KindInfo | undefined {
  // Another version of the same group is served when this one is not (an owner written as extensions/v1beta1).
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return kindFor(apiVersion, kind) ?? KINDS.find((k) => k.group === group && k.kind === kind);
}

/** ownerView finds the view that shows an object's controller, with the key of the owner's row. */
export async function ownerView(client: KubeClient, t: Target): Promise<{ view: ViewSpec; key: string }> {
  const obj = await client.get(t.kind, t.namespace || undefined, t.name);
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller) ?? obj.metadata.ownerReferences?.[0];
  if (!ref) throw new Error(`${targetName(t)} has no owner`);
  const kind = kindOfRef(ref.apiVersion, ref.kind);
  if (!kind) throw new Error(`${targetName(t)} is owned by ${ref.kind} ${ref.name}, a kind this server does not serve`);
  // The owner lives in the object's namespace, the one on screen: the view keeps the dashboard's namespace.
  return { view: { kind }, key: kind.namespaced ? `${t.namespace}/${ref.name}` : ref.name };
}

/**
 * EditText opens text in the user's editor and returns what they saved (undefined: the editor failed to run).
 * The dashboard gets it from runDashboard, which hands the terminal over to the editor and takes it back.
 */
export type EditText = (text: string, name: string) => string | undefined | Promise<string | undefined>;

const EDIT_HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** withoutComments drops the comment lines kubectl edit ignores, to tell whether anything changed. */
const withoutComments = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .trim();

/**
 * editObject is `kubectl edit`: the object as YAML in the editor, then an update with what was saved. Saving it
 * unchanged (or empty) cancels; an error (invalid YAML, a refused update, a conflict) reopens the editor with the
 * error on top of the user's text, so nothing typed is lost.
 */
export async function editObject(client: KubeClient, t: Target, edit: EditText): Promise<string> {
  const ns = t.namespace || undefined;
  const original = await client.get(t.kind, ns, t.name);
  const base = toYaml(original);
  let text = EDIT_HEADER + base + '\n';
  for (;;) {
    const saved = await edit(text, `${t.kind.resource}-${t.name}`);
    if (saved === undefined) throw new Error('the editor could not be started (set KUBE_EDITOR or EDITOR)');
    const body = withoutComments(saved);
    if (!body || body === withoutComments(base)) return 'Edit cancelled, no changes made.';
    let error: string;
    try {
      const obj = parseYaml(body) as KubeObject;
      if (!obj || typeof obj !== 'object' || !obj.metadata) throw new Error('the edited file is not a Kubernetes object');
      await client.update(t.kind, ns, obj);
      return `${t.kind.kind.toLowerCase()}${t.kind.group ? `.${t.kind.group}` : ''}/${t.name} edited`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    // Reopen with the failure on top and the user's text below, as kubectl does.
    text = `${EDIT_HEADER}# ${t.kind.kind.toLowerCase()} "${t.name}" was not valid:\n${error.split('\n').map((l) => `# * ${l}`).join('\n')}\n#\n${withoutComments(saved)}\n`;
  }
}
