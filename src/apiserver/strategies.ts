import type { Pod, Service, ServiceSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import type { KindInfo } from '../api/kinds.js';
import { invalid as invalidField } from '../api/field-errors.js';
import { invalid } from './errors.js';
import type { Registry, DeleteOptions } from './registry.js';

/** Strategy holds what one kind does differently on create, update and delete (kube-apiserver's REST strategies). */
export interface Strategy {
  prepareForCreate?(obj: KubeObject, registry: Registry): void;
  prepareForUpdate?(obj: KubeObject, old: KubeObject, registry: Registry): void;
  prepareForDelete?(obj: KubeObject, registry: Registry): void;
  /** The grace period of a delete in seconds: 0 removes the object at once (unless finalizers hold it). */
  gracePeriod?(obj: KubeObject, opts: DeleteOptions): number;
}

/** The service CIDR minikube uses: 10.96.0.0/12. */
const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16);
const SERVICE_CIDR_SIZE = 1 << 20;
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

const ipToString = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
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
      const ip = ipToString(SERVICE_CIDR_BASE + offset);
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

/** qosClass is Guaranteed, Burstable or BestEffort from the containers' requests and limits. */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const cs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = cs.length > 0;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const clearStatusOnCreate: Strategy = {
  prepareForCreate(obj) {
    obj.status = {};
  },
};

const STRATEGIES: Record<string, Strategy> = {
  '/pods': podStrategy,
  '/services': {
    prepareForCreate: (obj, registry) => allocateServiceAddresses(obj, registry),
    prepareForUpdate: (obj, old, registry) => allocateServiceAddresses(obj, registry, old),
  },
  '/namespaces': {
    prepareForCreate(obj) {
      obj.status = { phase: 'Active' };
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
