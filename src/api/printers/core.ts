import type { Pod, Service, Namespace, Node, Endpoints, Event } from 'kubernetes-types/core/v1.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf } from './table.js';
import { since } from './duration.js';

const isTerminalPhase = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';

/** podStatus is the STATUS cell kubectl shows for a pod, derived like printPod in pkg/printers. */
export function podStatus(pod: Pod, now: number): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? { containers: [] };
  const st = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = spec.containers.length;
  let readyCount = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;
  let reason: string = st.reason || st.phase || '';
  for (const c of st.conditions ?? [])
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';

  const initSpecs = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  const restartable = (name: string) => initSpecs.get(name)?.restartPolicy === 'Always';
  for (const c of spec.initContainers ?? []) if (c.restartPolicy === 'Always') total++;

  let initializing = false;
  const initStatuses = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount;
    const lastTerm = c.lastState?.terminated?.finishedAt;
    if (lastTerm) lastRestart = Math.max(lastRestart, Date.parse(lastTerm));
    if (restartable(c.name)) {
      restartableInitRestarts += c.restartCount;
      if (lastTerm) lastRestartableInitRestart = Math.max(lastRestartableInitRestart, Date.parse(lastTerm));
    }
    const term = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable(c.name) && c.started) {
      if (c.ready) readyCount++;
      continue;
    }
    if (term) {
      reason = term.reason
        ? `Init:${term.reason}`
        : term.signal
          ? `Init:Signal:${term.signal}`
          : `Init:ExitCode:${term.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (st.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = st.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount;
      const lastTerm = c.lastState?.terminated?.finishedAt;
      if (lastTerm) lastRestart = Math.max(lastRestart, Date.parse(lastTerm));
      const { waiting, terminated, running } = c.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (c.ready && running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (st.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !isTerminalPhase(st.phase)) reason = 'Terminating';

  let restartsCell = String(restarts);
  if (restarts !== 0 && lastRestart > 0)
    restartsCell = `${restarts} (${since(new Date(lastRestart).toISOString(), now)} ago)`;
  return { ready: `${readyCount}/${total}`, status: reason, restarts: restartsCell };
}

/** podPrinter prints pods: NAME READY STATUS RESTARTS AGE, wide: IP NODE NOMINATED NODE READINESS GATES. */
export const podPrinter: Printer<Pod> = {
  columns: [
    nameColumn,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    col('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', {
      priority: 1,
    }),
    col('Node', 'NodeName indicates in which node this pod is scheduled.', { priority: 1 }),
    col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', {
      priority: 1,
    }),
    col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  cells(pod, now) {
    const { ready, status, restarts } = podStatus(pod, now);
    const gates = pod.spec?.readinessGates ?? [];
    let gatesCell = '<none>';
    if (gates.length) {
      const trueConds = new Set((pod.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type));
      gatesCell = `${gates.filter((g) => trueConds.has(g.conditionType)).length}/${gates.length}`;
    }
    return [
      pod.metadata?.name ?? '',
      ready,
      status,
      restarts,
      sinceOf(pod as never, now),
      pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      gatesCell,
    ];
  },
};

/** servicePorts formats PORT(S): `80/TCP`, or `80:30080/TCP` when a node port is set. */
export function servicePorts(svc: Service): string {
  const ports = svc.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

/** serviceExternalIP formats EXTERNAL-IP: `<none>`, `<pending>` for an unassigned LoadBalancer, or the addresses. */
export function serviceExternalIP(svc: Service): string {
  const type = svc.spec?.type ?? 'ClusterIP';
  const external = svc.spec?.externalIPs ?? [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...ingress, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** servicePrinter prints services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide: SELECTOR. */
export const servicePrinter: Printer<Service> = {
  columns: [
    nameColumn,
    col('Type', 'The type of the service.'),
    col('Cluster-IP', 'The IP address of the service.'),
    col('External-IP', 'The external IP address of the service.'),
    col('Port(s)', 'The ports exposed by the service.'),
    ageColumn,
    col('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  cells(svc, now) {
    const sel = svc.spec?.selector;
    const selector = sel && Object.keys(sel).length ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
    return [
      svc.metadata?.name ?? '',
      svc.spec?.type ?? 'ClusterIP',
      svc.spec?.clusterIP || '<none>',
      serviceExternalIP(svc),
      servicePorts(svc),
      sinceOf(svc as never, now),
      selector,
    ];
  },
};

/** namespacePrinter prints namespaces: NAME STATUS AGE. */
export const namespacePrinter: Printer<Namespace> = {
  columns: [nameColumn, col('Status', 'The status of the namespace'), ageColumn],
  cells: (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? '', sinceOf(ns as never, now)],
};

/** nodeRoles reads a node's roles from its `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

/** nodeStatus is the STATUS cell of a node: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const conds = node.status?.conditions ?? [];
  const parts: string[] = [];
  const ready = conds.find((c) => c.type === 'Ready');
  // Only Ready counts: True prints Ready, anything else (False or Unknown) NotReady.
  if (ready) parts.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  else parts.push('Unknown');
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** nodePrinter prints nodes: NAME STATUS ROLES AGE VERSION, wide: addresses, OS image, kernel, runtime. */
export const nodePrinter: Printer<Node> = {
  columns: [
    nameColumn,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    ageColumn,
    col('Version', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', { priority: 1 }),
    col('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', { priority: 1 }),
    col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { priority: 1 }),
    col('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { priority: 1 }),
  ],
  cells(node, now) {
    const addr = (t: string) => node.status?.addresses?.find((a) => a.type === t)?.address || '<none>';
    const info = node.status?.nodeInfo;
    return [
      node.metadata?.name ?? '',
      nodeStatus(node),
      nodeRoles(node),
      sinceOf(node as never, now),
      info?.kubeletVersion ?? '',
      addr('InternalIP'),
      addr('ExternalIP'),
      info?.osImage ?? '<unknown>',
      info?.kernelVersion ?? '<unknown>',
      info?.containerRuntimeVersion ?? '<unknown>',
    ];
  },
};

/** formatEndpoints shows the first three `ip:port` pairs and how many more, like kubectl. */
export function formatEndpoints(ep: Endpoints): string {
  if (!ep.subsets?.length) return '<none>';
  const all: string[] = [];
  let count = 0;
  for (const s of ep.subsets) {
    const addresses = s.addresses ?? [];
    // Port by port, then address by address, as kubectl lists them; headless subsets have bare IPs.
    const ports = s.ports?.length ? s.ports : [undefined];
    for (const p of ports) {
      for (const a of addresses) {
        count++;
        if (all.length < 3) all.push(p ? `${a.ip}:${p.port}` : a.ip);
      }
    }
  }
  return count > 3 ? `${all.join(',')} + ${count - 3} more...` : all.join(',');
}

/** endpointsPrinter prints endpoints: NAME ENDPOINTS AGE. */
export const endpointsPrinter: Printer<Endpoints> = {
  columns: [nameColumn, col('Endpoints', 'Endpoints of the resource'), ageColumn],
  cells: (ep, now) => [ep.metadata?.name ?? '', formatEndpoints(ep), sinceOf(ep as never, now)],
};

/** eventPrinter prints core events: LAST SEEN TYPE REASON OBJECT MESSAGE, wide: subobject, source, first seen, count, name. */
export const eventPrinter: Printer<Event> = {
  columns: [
    col('Last Seen', 'Time when last event occurred'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'The object that this event is about.'),
    col('Subobject', 'The subobject that this event is about.', { priority: 1 }),
    col('Source', 'The component reporting this event.', { priority: 1 }),
    col('Message', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'Time when first event occurred', { priority: 1 }),
    col('Count', 'The number of times this event has occurred.', { priority: 1 }),
    col('Name', 'Name of the event', { priority: 1 }),
  ],
  cells(ev, now) {
    let first = since(ev.firstTimestamp, now);
    if (!ev.firstTimestamp) first = since(ev.eventTime, now);
    let last = ev.lastTimestamp ? since(ev.lastTimestamp, now) : first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = since(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    } else if (count === 0) count = 1;
    const io = ev.involvedObject;
    const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
    let source = ev.source?.component ?? '';
    if (!source) source = ev.reportingComponent ?? '';
    const host = ev.source?.host || ev.reportingInstance;
    if (host && source) source = `${source}, ${host}`;
    return [
      last,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      io.fieldPath ?? '',
      source,
      (ev.message ?? '').trim(),
      first,
      count,
      ev.metadata?.name ?? '',
    ];
  },
};
