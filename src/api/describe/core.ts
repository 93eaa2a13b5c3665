import type { ConfigMap, Namespace, Node, Pod, Secret, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../types.js';
import { nodeRoles } from '../printers/core.js';
import { milliValue, value } from '../../scheduler/quantity.js';
import { byteOrder, DescribeWriter, formatLabels, quantity, rfc1123z } from './writer.js';

/** describeService writes `kubectl describe service`; `slices` are its EndpointSlices in list order. */
export function describeService(w: DescribeWriter, svc: Service, slices: readonly EndpointSlice[], events: readonly KubeObject[] | undefined): void {
  const md = svc.metadata ?? {};
  const spec = svc.spec ?? {};
  w.write(0, `Name:\t${md.name}\n`);
  w.write(0, `Namespace:\t${md.namespace}\n`);
  w.labels('Labels', md.labels);
  w.annotations('Annotations', md.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) w.write(0, `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : (i.hostname ?? ''))).join(', ')}\n`);
  for (const p of spec.ports ?? []) {
    w.write(0, `Port:\t${p.name || '<unset>'}\t${p.port}/${p.protocol ?? 'TCP'}\n`);
    w.write(0, `TargetPort:\t${String(p.targetPort ?? p.port)}/${p.protocol ?? 'TCP'}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${p.name || '<unset>'}\t${p.nodePort}/${p.protocol ?? 'TCP'}\n`);
    w.write(0, `Endpoints:\t${endpoints(slices, p.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.loadBalancerSourceRanges?.length) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  if (spec.trafficDistribution) w.write(0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
  w.events(events);
}

/** endpoints lists up to three ready endpoints of a service port as kubectl does (`a:80,b:80 + 2 more...`). */
function endpoints(slices: readonly EndpointSlice[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  const walk = (eps: EndpointSlice['endpoints'], port?: number) => {
    for (const e of eps ?? []) {
      if (list.length === 3) more = true;
      if (e.conditions?.ready === false) continue;
      const a = e.addresses[0] ?? '';
      if (!more) list.push(port === undefined ? a : a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`);
      count++;
    }
  };
  for (const s of slices) {
    if (!s.ports?.length) walk(s.endpoints);
    else for (const p of s.ports) if ((p.name ?? '') === portName) walk(s.endpoints, p.port ?? 0);
  }
  return more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

/** describeNamespace writes `kubectl describe namespace` (quotas and limit ranges: none are served yet). */
export function describeNamespace(w: DescribeWriter, ns: Namespace, quotas: readonly KubeObject[], limitRanges: readonly KubeObject[]): void {
  const md = ns.metadata ?? {};
  w.write(0, `Name:\t${md.name}\n`);
  w.labels('Labels', md.labels);
  w.annotations('Annotations', md.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conds = ns.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conds) w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  w.write(0, '\n');
  if (!quotas.length) w.write(0, 'No resource quota.\n');
  else {
    w.write(0, 'Resource Quotas\n');
    for (const q of quotas.slice().sort((a, b) => byteOrder(a.metadata.name ?? '', b.metadata.name ?? ''))) {
      const st = (q as unknown as { status?: { hard?: Record<string, string>; used?: Record<string, string> } }).status ?? {};
      w.write(1, `Name:\t${q.metadata.name}\n`);
      w.write(1, 'Resource\tUsed\tHard\n');
      w.write(1, '--------\t---\t---\n');
      for (const r of Object.keys(st.hard ?? {}).sort(byteOrder)) w.write(1, `${r}\t${st.used?.[r] ?? '0'}\t${st.hard![r]}\n`);
    }
  }
  w.write(0, '\n');
  if (!limitRanges.length) w.write(0, 'No LimitRange resource.\n');
  else w.write(0, `Resource Limits\n (${limitRanges.length} LimitRange objects)\n`);
}

/** describeConfigMap writes `kubectl describe configmap`. */
export function describeConfigMap(w: DescribeWriter, cm: ConfigMap, events: readonly KubeObject[] | undefined): void {
  const md = cm.metadata ?? {};
  w.write(0, `Name:\t${md.name}\n`);
  w.write(0, `Namespace:\t${md.namespace}\n`);
  w.labels('Labels', md.labels);
  w.annotations('Annotations', md.annotations);
  w.write(0, '\nData\n====\n');
  for (const k of Object.keys(cm.data ?? {}).sort(byteOrder)) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${cm.data![k]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  for (const k of Object.keys(cm.binaryData ?? {}).sort(byteOrder)) w.write(0, `${k}: ${Buffer.from(cm.binaryData![k]!, 'base64').length} bytes\n`);
  w.write(0, '\n');
  w.events(events);
}

/** describeSecret writes `kubectl describe secret`: sizes, never values (but a service account token's). */
export function describeSecret(w: DescribeWriter, s: Secret): void {
  const md = s.metadata ?? {};
  w.write(0, `Name:\t${md.name}\n`);
  w.write(0, `Namespace:\t${md.namespace}\n`);
  w.labels('Labels', md.labels);
  w.annotations('Annotations', md.annotations);
  w.write(0, `\nType:\t${s.type ?? ''}\n`);
  w.write(0, '\nData\n====\n');
  for (const k of Object.keys(s.data ?? {}).sort(byteOrder)) {
    const raw = Buffer.from(s.data![k]!, 'base64');
    if (k === 'token' && s.type === 'kubernetes.io/service-account-token') w.write(0, `${k}:\t${raw.toString()}\n`);
    else w.write(0, `${k}:\t${raw.length} bytes\n`);
  }
}

const cpuString = (milli: number) => (milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`);
function bytesString(b: number): string {
  for (const [suffix, f] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) if (b && b % f === 0) return `${b / f}${suffix}`;
  return String(b);
}
const pct = (n: number, of: number) => (of ? Math.trunc((n / of) * 100) : 0);

/** describeNode writes `kubectl describe node`; `pods` are the pods bound to it, `lease` its kube-node-lease Lease. */
export function describeNode(w: DescribeWriter, node: Node, pods: readonly Pod[], lease: KubeObject | undefined, events: readonly KubeObject[] | undefined): void {
  const md = node.metadata ?? {};
  const st = node.status ?? {};
  w.write(0, `Name:\t${md.name}\n`);
  w.write(0, `Roles:\t${nodeRoles(node)}\n`);
  w.labels('Labels', md.labels);
  w.annotations('Annotations', md.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}\n`);
  const taints = (node.spec?.taints ?? []).slice().sort((a, b) => byteOrder(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  w.write(0, 'Taints:\t');
  if (!taints.length) w.write(0, '<none>\n');
  taints.forEach((t, i) => w.write(0, `${i ? '\t' : ''}${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`));
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable ? 'true' : 'false'}\n`);
  const ls = (lease as unknown as { spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string } } | undefined)?.spec;
  w.write(0, 'Lease:\n');
  w.write(1, `HolderIdentity:\t${ls?.holderIdentity ?? '<unset>'}\n`);
  w.write(1, `AcquireTime:\t${ls?.acquireTime ? rfc1123z(ls.acquireTime) : '<unset>'}\n`);
  w.write(1, `RenewTime:\t${ls?.renewTime ? rfc1123z(ls.renewTime) : '<unset>'}\n`);
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  w.write(0, 'Addresses:\n');
  for (const a of st.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, m] of [['Capacity', st.capacity], ['Allocatable', st.allocatable]] as const) {
    if (!m || !Object.keys(m).length) continue;
    w.write(0, `${title}:\n`);
    for (const k of Object.keys(m).sort(byteOrder)) w.write(1, `${k}:\t${quantity(m[k])}\n`);
  }
  const ni = st.nodeInfo;
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${ni?.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${ni?.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${ni?.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${ni?.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${ni?.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${ni?.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${ni?.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${ni?.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${ni?.kubeletVersion ?? ''}\n`);
  w.write(0, `  Kube-Proxy Version:\t${ni?.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  const running = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const alloc = st.allocatable ?? {};
  const cpuAlloc = milliValue(alloc.cpu);
  const memAlloc = value(alloc.memory);
  const sum = (p: Pod, which: 'requests' | 'limits', r: string, f: (q: string | number | undefined) => number) =>
    (p.spec?.containers ?? []).reduce((n, c) => n + f(c.resources?.[which]?.[r]), 0);
  w.write(0, `Non-terminated Pods:\t(${running.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const tot = { cr: 0, cl: 0, mr: 0, ml: 0 };
  for (const p of running) {
    const cr = sum(p, 'requests', 'cpu', milliValue);
    const cl = sum(p, 'limits', 'cpu', milliValue);
    const mr = sum(p, 'requests', 'memory', value);
    const ml = sum(p, 'limits', 'memory', value);
    tot.cr += cr;
    tot.cl += cl;
    tot.mr += mr;
    tot.ml += ml;
    w.write(1, `${p.metadata?.namespace}\t${p.metadata?.name}\t\t${cpuString(cr)} (${pct(cr, cpuAlloc)}%)\t${cpuString(cl)} (${pct(cl, cpuAlloc)}%)\t${bytesString(mr)} (${pct(mr, memAlloc)}%)\t${bytesString(ml)} (${pct(ml, memAlloc)}%)\t${w.since(p.metadata?.creationTimestamp)}\n`);
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  w.write(1, `cpu\t${cpuString(tot.cr)} (${pct(tot.cr, cpuAlloc)}%)\t${cpuString(tot.cl)} (${pct(tot.cl, cpuAlloc)}%)\n`);
  w.write(1, `memory\t${bytesString(tot.mr)} (${pct(tot.mr, memAlloc)}%)\t${bytesString(tot.ml)} (${pct(tot.ml, memAlloc)}%)\n`);
  w.write(1, 'ephemeral-storage\t0 (0%)\t0 (0%)\n');
  for (const k of Object.keys(alloc).filter((r) => r.startsWith('hugepages-')).sort(byteOrder)) w.write(1, `${k}\t0 (0%)\t0 (0%)\n`);
  w.events(events);
}
