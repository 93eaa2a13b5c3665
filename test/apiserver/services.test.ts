import { describe, it, expect } from 'vitest';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../src/api/types.js';
import { qosClass } from '../../src/api/qos.js';
import { newRegistry, apiStatus, svcKind } from './helpers.js';

const svcBody = (name: string, spec: Service['spec']): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });

function ipNumber(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}
const inServiceCIDR = (ip: string) => {
  const n = ipNumber(ip);
  return n >= ipNumber('10.96.0.0') && n <= ipNumber('10.111.255.255');
};

describe('Service address allocation', () => {
  it('gives a ClusterIP service an address in 10.96.0.0/12, mirrored in clusterIPs', () => {
    const { registry } = newRegistry();
    const ips = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const s = registry.create(svcKind, 'default', svcBody(`s${i}`, { ports: [{ port: 80 }] })) as unknown as Service;
      expect(s.spec!.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(inServiceCIDR(s.spec!.clusterIP!)).toBe(true);
      expect(s.spec!.clusterIP).not.toBe('10.96.0.0');
      expect(s.spec!.clusterIPs).toEqual([s.spec!.clusterIP]);
      expect(s.spec!.ports![0]!.nodePort).toBeUndefined();
      ips.add(s.spec!.clusterIP!);
    }
    expect(ips.size).toBe(25);
  });

  it('gives a NodePort service a port in 30000-32767 per service port, all distinct', () => {
    const { registry } = newRegistry();
    const ports = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const s = registry.create(svcKind, 'default', svcBody(`np${i}`, { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] })) as unknown as Service;
      for (const p of s.spec!.ports!) {
        expect(p.nodePort).toBeGreaterThanOrEqual(30000);
        expect(p.nodePort).toBeLessThanOrEqual(32767);
        ports.add(p.nodePort!);
      }
    }
    expect(ports.size).toBe(20);
  });

  it('honours a requested free cluster IP and node port', () => {
    const { registry } = newRegistry();
    const s = registry.create(svcKind, 'default', svcBody('web', { type: 'NodePort', clusterIP: '10.96.5.5', ports: [{ port: 80, nodePort: 30080 }] })) as unknown as Service;
    expect(s.spec!.clusterIP).toBe('10.96.5.5');
    expect(s.spec!.ports![0]!.nodePort).toBe(30080);
  });

  it('refuses a requested cluster IP that is taken', () => {
    const { registry } = newRegistry();
    registry.create(svcKind, 'default', svcBody('kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] }));
    const st = apiStatus(() => registry.create(svcKind, 'default', svcBody('web', { clusterIP: '10.96.0.1', ports: [{ port: 80 }] })));
    expect(st.code).toBe(422);
    expect(st.reason).toBe('Invalid');
    expect(st.message).toMatch(/^Service "web" is invalid: spec\.clusterIPs: Invalid value: .*10\.96\.0\.1.*: failed to allocate IP 10\.96\.0\.1: provided IP is already allocated$/);
    expect(apiStatus(() => registry.get(svcKind, 'default', 'web')).code).toBe(404);
  });

  it('refuses a requested cluster IP outside the service CIDR', () => {
    const { registry } = newRegistry();
    const st = apiStatus(() => registry.create(svcKind, 'default', svcBody('web', { clusterIP: '192.168.1.1', ports: [{ port: 80 }] })));
    expect(st.code).toBe(422);
    expect(st.message).toContain('the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
  });

  it('refuses a requested node port that is taken', () => {
    const { registry } = newRegistry();
    registry.create(svcKind, 'default', svcBody('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    const st = apiStatus(() => registry.create(svcKind, 'default', svcBody('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })));
    expect(st).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    });
  });

  it('frees the addresses of a deleted service', () => {
    const { registry } = newRegistry();
    registry.create(svcKind, 'default', svcBody('a', { type: 'NodePort', clusterIP: '10.96.7.7', ports: [{ port: 80, nodePort: 30080 }] }));
    registry.delete(svcKind, 'default', 'a');
    expect(() => registry.create(svcKind, 'default', svcBody('b', { type: 'NodePort', clusterIP: '10.96.7.7', ports: [{ port: 80, nodePort: 30080 }] }))).not.toThrow();
  });

  it('keeps the cluster IP and node ports across updates that omit them', () => {
    const { registry } = newRegistry();
    const s1 = registry.create(svcKind, 'default', svcBody('web', { type: 'NodePort', ports: [{ port: 80 }] })) as unknown as Service;
    const body = structuredClone(s1) as Service & KubeObject;
    delete body.spec!.clusterIP;
    delete body.spec!.clusterIPs;
    delete body.spec!.ports![0]!.nodePort;
    body.metadata.labels = { a: 'b' };
    const s2 = registry.update(svcKind, 'default', 'web', body) as unknown as Service;
    expect(s2.spec!.clusterIP).toBe(s1.spec!.clusterIP);
    expect(s2.spec!.ports![0]!.nodePort).toBe(s1.spec!.ports![0]!.nodePort);
  });

  it('refuses changing the cluster IP', () => {
    const { registry } = newRegistry();
    const s1 = registry.create(svcKind, 'default', svcBody('web', { clusterIP: '10.96.3.3', ports: [{ port: 80 }] }));
    const st = apiStatus(() => registry.update(svcKind, 'default', 'web', { ...structuredClone(s1), spec: { ...(s1.spec as object), clusterIP: '10.96.3.4' } }));
    expect(st.code).toBe(422);
    expect(st.message).toContain('field is immutable');
  });

  it('NodePort → ClusterIP drops the node ports; ExternalName has no cluster IP', () => {
    const { registry } = newRegistry();
    const s1 = registry.create(svcKind, 'default', svcBody('web', { type: 'NodePort', ports: [{ port: 80 }] }));
    const s2 = registry.patch(svcKind, 'default', 'web', 'merge', { spec: { type: 'ClusterIP' } }) as unknown as Service;
    expect(s2.spec!.ports![0]!.nodePort).toBeUndefined();
    expect(s2.spec!.clusterIP).toBe((s1 as unknown as Service).spec!.clusterIP);
    const ext = registry.create(svcKind, 'default', svcBody('ext', { type: 'ExternalName', externalName: 'example.com' })) as unknown as Service;
    expect(ext.spec!.clusterIP).toBeUndefined();
  });

  it('a LoadBalancer gets node ports and a <pending> (empty) load balancer status', () => {
    const { registry } = newRegistry();
    const lb = registry.create(svcKind, 'default', svcBody('lb', { type: 'LoadBalancer', ports: [{ port: 80 }] })) as unknown as Service;
    expect(lb.spec!.ports![0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(lb.status).toEqual({ loadBalancer: {} });
  });

  it('a headless service keeps clusterIP None', () => {
    const { registry } = newRegistry();
    const h = registry.create(svcKind, 'default', svcBody('h', { clusterIP: 'None', selector: { app: 'x' }, ports: [{ port: 80 }] })) as unknown as Service;
    expect(h.spec!.clusterIP).toBe('None');
    const h2 = registry.create(svcKind, 'default', svcBody('h2', { clusterIP: 'None', ports: [{ port: 81 }] })) as unknown as Service;
    expect(h2.spec!.clusterIP).toBe('None');
  });
});

describe('qosClass', () => {
  const pod = (resources: NonNullable<Pod['spec']>['containers'][number]['resources'][]): Pod => ({
    spec: { containers: resources.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })) },
  });
  it.each<[string, Pod, string]>([
    ['no requests or limits', pod([{}]), 'BestEffort'],
    ['limits only (requests default to limits)', pod([{ limits: { cpu: '1', memory: '1Gi' } }]), 'Guaranteed'],
    ['equal requests and limits', pod([{ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }]), 'Guaranteed'],
    ['requests below limits', pod([{ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }]), 'Burstable'],
    ['requests only', pod([{ requests: { cpu: '100m' } }]), 'Burstable'],
    ['cpu limit only', pod([{ limits: { cpu: '1' } }]), 'Burstable'],
    ['one guaranteed, one best effort', pod([{ limits: { cpu: '1', memory: '1Gi' } }, {}]), 'Burstable'],
  ])('%s → %s', (_name, p, want) => {
    expect(qosClass(p)).toBe(want);
  });
});
