import type { Container, ContainerState, ContainerStatus, Pod, PodTemplateSpec, Probe, Toleration, Volume } from 'kubernetes-types/core/v1.js';
import { byteOrder, controllerOf, DescribeWriter, quantity, rfc1123z } from './writer.js';
import type { KubeObject } from '../types.js';
import { qosClass } from '../qos.js';

/** describePod writes `kubectl describe pod`. */
export function describePod(w: DescribeWriter, pod: Pod, events: readonly KubeObject[] | undefined): void {
  const md = pod.metadata ?? {};
  const spec = pod.spec ?? { containers: [] };
  const st = pod.status ?? {};
  w.write(0, `Name:\t${md.name ?? ''}\n`);
  w.write(0, `Namespace:\t${md.namespace ?? ''}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${st.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  w.labels('Labels', md.labels);
  w.annotations('Annotations', md.annotations);
  if (md.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${w.since(md.deletionTimestamp)})\n`);
    w.write(0, `Termination Grace Period:\t${md.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${st.phase ?? ''}\n`);
  if (st.reason) w.write(0, `Reason:\t${st.reason}\n`);
  if (st.message) w.write(0, `Message:\t${st.message}\n`);
  w.write(0, `IP:\t${st.podIP ?? ''}\n`);
  if (st.podIPs?.length) {
    w.write(0, 'IPs:\n');
    for (const ip of st.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  } else w.write(0, 'IPs:\t<none>\n');
  const ctl = controllerOf(pod as KubeObject);
  if (ctl) w.write(0, `Controlled By:\t${ctl}\n`);
  if (st.nominatedNodeName) w.write(0, `NominatedNodeName:\t${st.nominatedNodeName}\n`);
  if (spec.initContainers?.length) containers(w, 'Init Containers', spec.initContainers, st.initContainerStatuses ?? [], pod, '');
  containers(w, 'Containers', spec.containers ?? [], st.containerStatuses ?? [], pod, '');
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  volumes(w, spec.volumes ?? [], '');
  w.write(0, `QoS Class:\t${st.qosClass ?? qosClass(pod)}\n`);
  w.labels('Node-Selectors', spec.nodeSelector);
  tolerations(w, 'Tolerations', spec.tolerations);
  w.events(events);
}

/** describePodTemplate writes the `Pod Template:` section of a workload. */
export function describePodTemplate(w: DescribeWriter, t: PodTemplateSpec | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!t) return w.write(1, '<unset>');
  w.labels('  Labels', t.metadata?.labels);
  if (Object.keys(t.metadata?.annotations ?? {}).length) w.annotations('  Annotations', t.metadata?.annotations);
  const spec = t.spec ?? { containers: [] };
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) containers(w, 'Init Containers', spec.initContainers, undefined, undefined, '  ');
  containers(w, 'Containers', spec.containers ?? [], undefined, undefined, '  ');
  volumes(w, spec.volumes ?? [], '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  w.labels('  Node-Selectors', spec.nodeSelector);
  tolerations(w, '  Tolerations', spec.tolerations);
}

function containers(w: DescribeWriter, label: string, list: readonly Container[], statuses: readonly ContainerStatus[] | undefined, pod: Pod | undefined, space: string): void {
  w.write(0, `${space}${label}:${list.length ? '' : ' <none>'}\n`);
  const nameIndent = space ? ' ' : '';
  for (const c of list) {
    const status = statuses?.find((s) => s.name === c.name);
    w.write(1, `${nameIndent}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ');
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ');
    w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    for (const [title, parts] of [['Command', c.command], ['Args', c.args]] as const) {
      if (!parts?.length) continue;
      w.write(2, `${title}:\n`);
      for (const p of parts) for (const piece of p.split('\n')) w.write(3, `${piece}\n`);
    }
    if (status) {
      containerState(w, 'State', status.state);
      if (status.lastState?.terminated) containerState(w, 'Last State', status.lastState);
      w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    for (const [title, m] of [['Limits', c.resources?.limits], ['Requests', c.resources?.requests]] as const) {
      const names = Object.keys(m ?? {}).sort(byteOrder);
      if (!names.length) continue;
      w.write(2, `${title}:\n`);
      for (const n of names) w.write(3, `${n}:\t${quantity(m![n])}\n`);
    }
    if (c.livenessProbe) w.write(2, `Liveness:\t${probe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${probe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${probe(c.startupProbe)}\n`);
    if (c.envFrom?.length) {
      w.write(2, 'Environment Variables from:\n');
      for (const e of c.envFrom) {
        const [name, kind, optional] = e.configMapRef
          ? [e.configMapRef.name, 'ConfigMap', e.configMapRef.optional]
          : [e.secretRef?.name, 'Secret', e.secretRef?.optional];
        w.write(3, `${name ?? ''}\t${kind}${e.prefix ? ` with prefix '${e.prefix}'` : ''}\tOptional: ${!!optional}\n`);
      }
    }
    w.write(2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
    for (const e of c.env ?? []) {
      const from = e.valueFrom;
      if (!from) {
        (e.value ?? '').split('\n').forEach((piece, i) => w.write(3, i ? `\t${piece}\n` : `${e.name}:\t${piece}\n`));
      } else if (from.fieldRef) {
        const value = pod ? fieldValue(pod, from.fieldRef.fieldPath) : '';
        w.write(3, `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})\n`);
      } else if (from.resourceFieldRef) {
        w.write(3, `${e.name}:\t (${from.resourceFieldRef.resource})\n`);
      } else if (from.secretKeyRef) {
        w.write(3, `${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name ?? ''}'>\tOptional: ${!!from.secretKeyRef.optional}\n`);
      } else if (from.configMapKeyRef) {
        w.write(3, `${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name ?? ''}'>\tOptional: ${!!from.configMapKeyRef.optional}\n`);
      }
    }
    const mounts = (c.volumeMounts ?? []).slice().sort((a, b) => byteOrder(a.mountPath, b.mountPath));
    w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) w.write(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'}${m.subPath ? `,path=${JSON.stringify(m.subPath)}` : ''})\n`);
  }
}

function fieldValue(pod: Pod, path: string): string {
  const md = pod.metadata ?? {};
  const map: Record<string, string | undefined> = {
    'metadata.name': md.name,
    'metadata.namespace': md.namespace,
    'metadata.uid': md.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.hostIP': pod.status?.hostIP,
    'status.podIP': pod.status?.podIP,
  };
  return map[path] ?? '';
}

function containerState(w: DescribeWriter, name: string, s: ContainerState | undefined): void {
  if (s?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(s.running.startedAt)}\n`);
  } else if (s?.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (s.waiting.reason) w.write(3, `Reason:\t${s.waiting.reason}\n`);
  } else if (s?.terminated) {
    const t = s.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.write(2, `${name}:\tWaiting\n`);
}

function probe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const port = String(p.httpGet.port ?? '');
    const host = p.httpGet.host ?? '';
    const hostPort = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
    return `http-get ${p.httpGet.scheme ? `${p.httpGet.scheme.toLowerCase()}:` : ''}//${hostPort}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${String(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function volumes(w: DescribeWriter, list: readonly Volume[], space: string): void {
  if (!list.length) return w.write(0, `${space}Volumes:\t<none>\n`);
  w.write(0, `${space}Volumes:\n`);
  const nameIndent = space ? ' ' : '';
  for (const v of list) {
    w.write(1, `${nameIndent}${v.name}:\n`);
    if (v.hostPath) w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`);
    else if (v.emptyDir) w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit && v.emptyDir.sizeLimit !== '0' ? String(v.emptyDir.sizeLimit) : '<unset>'}\n`);
    else if (v.secret) w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${!!v.secret.optional}\n`);
    else if (v.configMap) w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${!!v.configMap.optional}\n`);
    else if (v.persistentVolumeClaim) w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}\n`);
    else if (v.downwardAPI) {
      w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const i of v.downwardAPI.items ?? []) w.write(3, `${i.fieldRef?.fieldPath ?? i.resourceFieldRef?.resource ?? ''} -> ${i.path}\n`);
    } else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(2, `SecretName:\t${s.secret.name ?? ''}\n    Optional:\t${!!s.secret.optional}\n`);
        else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    Optional:\t${!!s.configMap.optional}\n`);
        else if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`);
      }
    } else w.write(1, '<unknown>\n');
  }
}

function tolerations(w: DescribeWriter, title: string, list: readonly Toleration[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!list?.length) return w.write(0, '<none>\n');
  const sorted = list.slice().sort((a, b) => byteOrder(a.key ?? '', b.key ?? ''));
  sorted.forEach((t, i) => {
    let s = (i ? '\t' : '') + (t.key ?? '');
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += !t.key && !t.effect ? 'op=Exists' : ' op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}
