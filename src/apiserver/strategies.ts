import { randomUUID } from 'node:crypto';
import type { Pod, Service, ServiceSpec } from 'kubernetes-types/core/v1.js';
import type { JobSpec } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../api/types.js';
import { qosClass } from '../api/qos.js';
import type { KindInfo } from '../api/kinds.js';
import { invalid as invalidField } from '../api/field-errors.js';
import { invalid, badRequest } from './errors.js';
import type { Registry, DeleteOptions } from './registry.js';
import { cloneJSON } from '../api/clone.js';
import { intToIp } from '../api/ip.js';

/** Strategy holds what one kind does differently on create, update and delete (kube-apiserver's REST strategies). */
export interface Strategy {
  prepareForCreate?(obj: KubeObject, registry: Registry): void;
  prepareForUpdate?(obj: KubeObject, old: KubeObject, registry: Registry, subresource?: string): void;
  prepareForDelete?(obj: KubeObject, registry: Registry): void;
  /** The grace period of a delete in seconds: 0 removes the object at once (unless finalizers hold it). */
  gracePeriod?(obj: KubeObject, opts: DeleteOptions): number;
}

/** The service CIDR minikube uses: 10.96.0.0/12. */
const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16);
const SERVICE_CIDR_SIZE = 1 << 20;
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function usedServiceAddresses(registry: Registry, except?: string): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const o of registry.store.list('/services/').items) {
    if (o.metadata.uid === except) continue;
    const spec = (o as unknown as Service).spec;
    if (spec?.clusterIP) ips.add(spec.clusterIP);
    for (const p of spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

/** allocateServiceAddresses gives a Service its cluster IP and node ports, checking requested ones are free. */
function allocateServiceAddresses(obj: KubeObject, registry: Registry, old?: KubeObject): void {
  const svc = obj as unknown as Service;
  const spec = (svc.spec ??= {}) as ServiceSpec;
  const oldSpec = (old as unknown as Service | undefined)?.spec;
  const name = obj.metadata.name ?? '';
  const used = usedServiceAddresses(registry, old?.metadata.uid);
  const kind = { group: '', kind: 'Service' };
  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (old && oldSpec?.clusterIP && !spec.clusterIP) {
    spec.clusterIP = oldSpec.clusterIP;
  } else if (!spec.clusterIP) {
    for (let tries = 0; ; tries++) {
      // Random like kube-apiserver's allocator, skipping the network address and the reserved lower band.
      const offset = 16 + Math.floor(registry.random() * (SERVICE_CIDR_SIZE - 17));
      const ip = intToIp(SERVICE_CIDR_BASE + offset);
      if (!used.ips.has(ip)) {
        spec.clusterIP = ip;
        break;
      }
      if (tries > 1000) throw invalid(kind, name, [invalidField('spec.clusterIPs', [], 'no free addresses in the service CIDR')]);
    }
  } else if (spec.clusterIP !== 'None' && (!old || oldSpec?.clusterIP !== spec.clusterIP)) {
    const n = ipToNumber(spec.clusterIP);
    if (n === undefined || n < SERVICE_CIDR_BASE || n >= SERVICE_CIDR_BASE + SERVICE_CIDR_SIZE)
      throw invalid(kind, name, [invalidField('spec.clusterIPs', [spec.clusterIP], 'failed to allocate IP ' + spec.clusterIP + ': the provided IP (' + spec.clusterIP + ') is not in the valid range. The range of valid IPs is 10.96.0.0/12')]);
    if (used.ips.has(spec.clusterIP))
      throw invalid(kind, name, [invalidField('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`)]);
  }
  if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];

  const wantsNodePorts = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  (spec.ports ?? []).forEach((p, i) => {
    if (!wantsNodePorts) {
      delete p.nodePort;
      return;
    }
    const previous = oldSpec?.ports?.find((q) => q.port === p.port && q.protocol === p.protocol)?.nodePort;
    if (!p.nodePort && previous) p.nodePort = previous;
    if (p.nodePort) {
      if (p.nodePort !== previous && used.ports.has(p.nodePort))
        throw invalid(kind, name, [invalidField(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated')]);
      used.ports.add(p.nodePort);
      return;
    }
    for (;;) {
      const port = NODE_PORT_MIN + Math.floor(registry.random() * (NODE_PORT_MAX - NODE_PORT_MIN + 1));
      if (!used.ports.has(port)) {
        p.nodePort = port;
        used.ports.add(port);
        break;
      }
    }
  });
}

const podStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending', qosClass: qosClass(obj as unknown as Pod) };
  },
  gracePeriod(obj, opts) {
    const pod = obj as unknown as Pod;
    // A pod that never reached a node, or has finished, has nothing to stop: it goes at once.
    if (!pod.spec?.nodeName) return 0;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
    const g = opts.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, g);
  },
};


const clearStatusOnCreate: Strategy = {
  prepareForCreate(obj) {
    obj.status = {};
  },
};

/**
 * defaultIngressClass is kube-apiserver's DefaultIngressClass admission: an Ingress created without a class (no
 * spec.ingressClassName, no kubernetes.io/ingress.class annotation) gets the default IngressClass, the newest
 * one when several are marked default.
 */
function defaultIngressClass(obj: KubeObject, registry: Registry): void {
  const spec = ((obj as { spec?: { ingressClassName?: string } }).spec ??= {});
  if (spec.ingressClassName || obj.metadata.annotations?.['kubernetes.io/ingress.class']) return;
  const classes = registry.store.list('/ingressclasses.networking.k8s.io/').items.filter((c) => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
  const newest = classes.sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)) || a.metadata.name!.localeCompare(b.metadata.name!))[0];
  if (newest) spec.ingressClassName = newest.metadata.name;
}

/** base64Error finds where a string stops being standard base64, as Go's CorruptInputError reports it. */
export function base64Error(value: string): number | undefined {
  const s = value.replace(/[\r\n]/g, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '=') {
      // Padding may only close the last quantum: one or two '=' at its end.
      const rest = s.slice(i);
      const quantumEnd = Math.floor(i / 4) * 4 + 4;
      if (!/^={1,2}$/.test(rest) || quantumEnd !== s.length || i % 4 < 2) return i;
      return undefined;
    }
    if (!/[A-Za-z0-9+/]/.test(c)) return i;
  }
  if (s.length % 4 !== 0) return Math.floor(s.length / 4) * 4;
  return undefined;
}

/** checkBase64 rejects a map of values that are not base64, the way decoding the request body fails in kube-apiserver. */
function checkBase64(obj: KubeObject, field: 'data' | 'binaryData', kind: string): void {
  const m = obj[field];
  if (m === undefined || m === null) return;
  for (const v of Object.values(m as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    const at = base64Error(v);
    if (at !== undefined) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: illegal base64 data at input byte ${at}`);
  }
}

/** prepareSecret checks data is base64 and folds stringData into data (stringData wins), as the Secret conversion does. */
function prepareSecret(obj: KubeObject): void {
  checkBase64(obj, 'data', 'Secret');
  const sd = obj.stringData as Record<string, unknown> | undefined;
  if (sd && typeof sd === 'object') {
    const data = { ...((obj.data as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(sd)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
}

/** generateJobSelector gives a Job without manualSelector its controller-uid selector and the job-name/controller-uid pod labels. */
function generateJobSelector(obj: KubeObject): void {
  const spec = obj.spec as JobSpec | undefined;
  if (!spec || spec.manualSelector === true) return;
  // The uid the selector names; kube-apiserver fills metadata.uid before the strategy runs.
  const uid = obj.metadata.uid || randomUUID();
  obj.metadata.uid = uid;
  const name = obj.metadata.name ?? '';
  spec.template ??= {};
  spec.template.metadata ??= {};
  const labels = (spec.template.metadata.labels ??= {});
  for (const k of ['job-name', 'batch.kubernetes.io/job-name']) if (!(k in labels)) labels[k] = name;
  for (const k of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!(k in labels)) labels[k] = uid;
  spec.selector ??= {};
  spec.selector.matchLabels ??= {};
  if (!('batch.kubernetes.io/controller-uid' in spec.selector.matchLabels)) spec.selector.matchLabels['batch.kubernetes.io/controller-uid'] = uid;
  // Job defaulting copies the template's labels to a Job that has none of its own.
  if (!obj.metadata.labels || !Object.keys(obj.metadata.labels).length) obj.metadata.labels = { ...labels };
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const STRATEGIES: Record<string, Strategy> = {
  '/secrets': {
    prepareForCreate: prepareSecret,
    prepareForUpdate: prepareSecret,
  },
  '/configmaps': {
    prepareForCreate: (obj) => checkBase64(obj, 'binaryData', 'ConfigMap'),
    prepareForUpdate: (obj) => checkBase64(obj, 'binaryData', 'ConfigMap'),
  },
  '/replicationcontrollers': clearStatusOnCreate,
  '/resourcequotas': clearStatusOnCreate,
  '/persistentvolumeclaims': {
    prepareForCreate(obj) {
      obj.status = { phase: 'Pending' };
    },
  },
  '/persistentvolumes': {
    prepareForCreate(obj, registry) {
      obj.status = { phase: 'Pending', lastPhaseTransitionTime: rfc3339(registry.clock.now()) };
    },
  },
  'apps/statefulsets': clearStatusOnCreate,
  'apps/daemonsets': clearStatusOnCreate,
  'autoscaling/horizontalpodautoscalers': clearStatusOnCreate,
  'batch/jobs': {
    prepareForCreate(obj) {
      generateJobSelector(obj);
      obj.status = {};
    },
  },
  'batch/cronjobs': clearStatusOnCreate,
  'networking.k8s.io/ingresses': {
    prepareForCreate(obj, registry) {
      // The empty v1 IngressStatus as the apiserver serves it: its loadBalancer struct is not omitempty.
      obj.status = { loadBalancer: {} };
      defaultIngressClass(obj, registry);
    },
  },
  'policy/poddisruptionbudgets': {
    prepareForCreate(obj) {
      // The empty v1 PodDisruptionBudgetStatus as the apiserver serves it: its counts are not omitempty.
      obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    },
  },
  '/pods': podStrategy,
  '/services': {
    prepareForCreate: (obj, registry) => allocateServiceAddresses(obj, registry),
    prepareForUpdate: (obj, old, registry) => allocateServiceAddresses(obj, registry, old),
  },
  '/namespaces': {
    // Every namespace is born with the `kubernetes` finalizer (whatever the body said): the namespace
    // controller removes it once the namespace is empty. Only the finalize subresource changes it afterwards.
    prepareForCreate(obj) {
      obj.spec = { ...((obj.spec as object | undefined) ?? {}), finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    },
    prepareForUpdate(obj, old, _registry, subresource) {
      if (subresource !== 'finalize') obj.spec = cloneJSON(old.spec);
    },
    prepareForDelete(obj) {
      obj.status = { ...(obj.status as object), phase: 'Terminating' };
    },
  },
  'apps/deployments': clearStatusOnCreate,
  'apps/replicasets': clearStatusOnCreate,
};

/** strategyFor returns the kind's strategy (an empty one for kinds without special rules). */
export function strategyFor(k: KindInfo): Strategy {
  return STRATEGIES[`${k.group}/${k.resource}`] ?? {};
}
