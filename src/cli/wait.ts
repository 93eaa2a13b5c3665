import type { Pod } from 'kubernetes-types/core/v1.js';
import { mustKind } from '../api/kinds.js';
import type { KubeObject } from '../api/types.js';
import { HttpClient } from '../client/http-client.js';
import type { ProfileCerts } from '../profile/certs.js';
import { CliError, ExitCode } from './output.js';

/**
 * minikube's `--wait` components. apiserver, kubelet and node_ready hold as soon as `start` hears from the daemon
 * (it answers once the nodes are Ready); the others are checked through the API.
 */
export const WAIT_COMPONENTS = ['apiserver', 'system_pods', 'default_sa', 'apps_running', 'node_ready', 'kubelet', 'extra'] as const;
export type WaitComponent = (typeof WAIT_COMPONENTS)[number];

/** parseWait reads `--wait`: a comma-separated list of components, `all`/`true`, or `none`/`false`. */
export function parseWait(v: string): WaitComponent[] | { error: string } {
  if (v === 'all' || v === 'true') return [...WAIT_COMPONENTS];
  if (v === 'none' || v === 'false') return [];
  const parts = v.split(',').map((p) => p.trim());
  const bad = parts.find((p) => !(WAIT_COMPONENTS as readonly string[]).includes(p));
  if (bad !== undefined) return { error: `invalid value "${bad}" for --wait: use all, none, or a list of ${WAIT_COMPONENTS.join(', ')}` };
  return parts as WaitComponent[];
}

/** parseDuration reads a Go-style duration (`6m0s`, `90s`, `1m30s`, `500ms`) into milliseconds. */
export function parseDuration(v: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let ms = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(v))) {
    ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    end = re.lastIndex;
  }
  return end === v.length && end > 0 ? ms : undefined;
}

const podKind = mustKind('v1', 'Pod');
const saKind = mustKind('v1', 'ServiceAccount');
const ready = (p: Pod) => p.status?.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/**
 * waitForComponents polls the cluster until each asked component holds, as `minikube start --wait`: system_pods,
 * every kube-system pod Running; apps_running and extra, Running and Ready; default_sa, the default
 * ServiceAccount made. It fails with what is still missing when the time is up.
 */
export async function waitForComponents(components: WaitComponent[], url: string, certs: ProfileCerts, timeoutMs: number, timeoutText: string): Promise<void> {
  const want = new Set(components);
  const needPods = want.has('system_pods') || want.has('apps_running') || want.has('extra');
  const needSa = want.has('default_sa');
  if (!needPods && !needSa) return;
  const client = new HttpClient({ server: url, ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const missing: string[] = [];
      if (needPods) {
        const pods = (await client.list<Pod & KubeObject>(podKind, 'kube-system')).items;
        const strict = want.has('apps_running') || want.has('extra');
        const waiting = pods.filter((p) => (strict ? !ready(p) : p.status?.phase !== 'Running')).map((p) => p.metadata.name);
        if (!pods.length) missing.push('the kube-system pods');
        else if (waiting.length) missing.push(`kube-system pods not ${strict ? 'Ready' : 'Running'}: ${waiting.join(', ')}`);
      }
      if (needSa && !(await client.get(saKind, 'default', 'default').catch(() => undefined))) missing.push('the default service account');
      if (!missing.length) return;
      if (Date.now() >= deadline) throw new CliError(`wait ${timeoutText} for ${components.join(',')}: ${missing.join('; ')}`, ExitCode.GuestError, 'GUEST_START');
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    client.close();
  }
}

/** waitForReadyPods polls until the pods matching labelSelector in namespace exist and are all Ready. */
export async function waitForReadyPods(url: string, certs: ProfileCerts, namespace: string, labelSelector: string, timeoutMs: number, what: string): Promise<void> {
  const client = new HttpClient({ server: url, ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const pods = (await client.list<Pod & KubeObject>(podKind, namespace, { labelSelector })).items;
      if (pods.length && pods.every(ready)) return;
      if (Date.now() >= deadline) throw new CliError(`${what}: timed out waiting for the condition (pods ${labelSelector} in ${namespace} not Ready)`, ExitCode.GuestError, 'MK_ADDON_ENABLE');
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    client.close();
  }
}
