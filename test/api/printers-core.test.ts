import { describe, it, expect } from 'vitest';
import type { Pod, Service, Endpoints, Node, ContainerStatus, PodCondition } from 'kubernetes-types/core/v1.js';
import { podStatus, podPrinter, servicePorts, serviceExternalIP, formatEndpoints, nodeStatus, nodeRoles, servicePrinter } from '../../src/api/printers/core.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const running = (name: string, ready = true, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name,
  image: 'nginx:latest',
  imageID: '',
  ready,
  restartCount: 0,
  started: true,
  state: { running: { startedAt: ago(60_000) } },
  ...extra,
});
const waiting = (name: string, reason: string, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name,
  image: 'nginx:latest',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});
const terminated = (name: string, exitCode: number, reason?: string, signal?: number): ContainerStatus => ({
  name,
  image: 'busybox:latest',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode, reason, signal, finishedAt: ago(1000) } },
});
const cond = (type: string, status = 'True', reason?: string): PodCondition => ({ type, status, reason });

function pod(opts: {
  containers?: string[];
  init?: { name: string; restartPolicy?: string }[];
  phase?: string;
  reason?: string;
  statuses?: ContainerStatus[];
  initStatuses?: ContainerStatus[];
  conditions?: PodCondition[];
  deleting?: boolean;
}): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', creationTimestamp: ago(5 * 60_000), ...(opts.deleting ? { deletionTimestamp: ago(0) } : {}) },
    spec: {
      containers: (opts.containers ?? ['app']).map((name) => ({ name, image: 'nginx' })),
      initContainers: opts.init?.map((c) => ({ name: c.name, image: 'busybox', restartPolicy: c.restartPolicy })),
    },
    status: {
      phase: opts.phase,
      reason: opts.reason,
      conditions: opts.conditions,
      containerStatuses: opts.statuses,
      initContainerStatuses: opts.initStatuses,
    },
  };
}

describe('podStatus (printPod STATUS / READY / RESTARTS)', () => {
  it.each<[string, Pod, { ready: string; status: string; restarts: string }]>([
    ['pending without statuses', pod({ phase: 'Pending' }), { ready: '0/1', status: 'Pending', restarts: '0' }],
    ['container creating', pod({ phase: 'Pending', statuses: [waiting('app', 'ContainerCreating')] }), { ready: '0/1', status: 'ContainerCreating', restarts: '0' }],
    ['running and ready', pod({ phase: 'Running', statuses: [running('app')], conditions: [cond('Ready')] }), { ready: '1/1', status: 'Running', restarts: '0' }],
    ['running, one of two ready', pod({ phase: 'Running', containers: ['a', 'b'], statuses: [running('a'), running('b', false)] }), { ready: '1/2', status: 'Running', restarts: '0' }],
    ['image pull backoff', pod({ phase: 'Pending', statuses: [waiting('app', 'ImagePullBackOff')] }), { ready: '0/1', status: 'ImagePullBackOff', restarts: '0' }],
    ['completed', pod({ phase: 'Succeeded', statuses: [terminated('app', 0, 'Completed')] }), { ready: '0/1', status: 'Completed', restarts: '0' }],
    ['error', pod({ phase: 'Failed', statuses: [terminated('app', 1, 'Error')] }), { ready: '0/1', status: 'Error', restarts: '0' }],
    ['exit code without reason', pod({ phase: 'Failed', statuses: [terminated('app', 3)] }), { ready: '0/1', status: 'ExitCode:3', restarts: '0' }],
    ['signal without reason', pod({ phase: 'Failed', statuses: [terminated('app', 137, undefined, 9)] }), { ready: '0/1', status: 'Signal:9', restarts: '0' }],
    ['evicted (status.reason wins over phase)', pod({ phase: 'Failed', reason: 'Evicted' }), { ready: '0/1', status: 'Evicted', restarts: '0' }],
    ['scheduling gated', pod({ phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')] }), { ready: '0/1', status: 'SchedulingGated', restarts: '0' }],
    [
      'completed container beside a running one, pod Ready → Running',
      pod({ phase: 'Running', containers: ['a', 'b'], statuses: [terminated('a', 0, 'Completed'), running('b')], conditions: [cond('Ready')] }),
      { ready: '1/2', status: 'Running', restarts: '0' },
    ],
    [
      'completed container beside a running one, pod not Ready → NotReady',
      pod({ phase: 'Running', containers: ['a', 'b'], statuses: [terminated('a', 0, 'Completed'), running('b')], conditions: [cond('Ready', 'False')] }),
      { ready: '1/2', status: 'NotReady', restarts: '0' },
    ],
    ['terminating', pod({ phase: 'Running', statuses: [running('app')], deleting: true }), { ready: '1/1', status: 'Terminating', restarts: '0' }],
    ['deleted after success stays Completed', pod({ phase: 'Succeeded', statuses: [terminated('app', 0, 'Completed')], deleting: true }), { ready: '0/1', status: 'Completed', restarts: '0' }],
    ['node lost', pod({ phase: 'Running', reason: 'NodeLost', deleting: true }), { ready: '0/1', status: 'Unknown', restarts: '0' }],
    ['init 0/2', pod({ phase: 'Pending', init: [{ name: 'i1' }, { name: 'i2' }], initStatuses: [waiting('i1', 'PodInitializing'), waiting('i2', 'PodInitializing')] }), { ready: '0/1', status: 'Init:0/2', restarts: '0' }],
    ['init 1/2', pod({ phase: 'Pending', init: [{ name: 'i1' }, { name: 'i2' }], initStatuses: [terminated('i1', 0, 'Completed'), running('i2', false)] }), { ready: '0/1', status: 'Init:1/2', restarts: '0' }],
    ['init crash loop', pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [waiting('i1', 'CrashLoopBackOff', { restartCount: 4 })] }), { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '4' }],
    ['init error', pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', 1, 'Error')] }), { ready: '0/1', status: 'Init:Error', restarts: '0' }],
    ['init exit code', pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', 2)] }), { ready: '0/1', status: 'Init:ExitCode:2', restarts: '0' }],
    ['init signal', pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', 137, undefined, 9)] }), { ready: '0/1', status: 'Init:Signal:9', restarts: '0' }],
    [
      'started sidecar counts in READY and total',
      pod({
        phase: 'Running',
        init: [{ name: 'side', restartPolicy: 'Always' }],
        initStatuses: [running('side', true, { started: true })],
        statuses: [running('app')],
        conditions: [cond('Initialized'), cond('Ready')],
      }),
      { ready: '2/2', status: 'Running', restarts: '0' },
    ],
  ])('%s', (_name, p, want) => {
    expect(podStatus(p, NOW)).toEqual(want);
  });

  it('shows restarts with the age of the last restart', () => {
    const p = pod({
      phase: 'Running',
      statuses: [
        waiting('app', 'CrashLoopBackOff', {
          restartCount: 3,
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * 60_000) } },
        }),
      ],
    });
    expect(podStatus(p, NOW)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '3 (5m ago)' });
  });

  it('podPrinter fills IP, node and readiness gates (wide columns)', () => {
    const p = pod({ phase: 'Running', statuses: [running('app')], conditions: [cond('Ready'), cond('example.com/gate')] });
    p.spec!.nodeName = 'minik9s';
    p.spec!.readinessGates = [{ conditionType: 'example.com/gate' }, { conditionType: 'example.com/other' }];
    p.status!.podIP = '10.244.0.5';
    expect(podPrinter.cells(p, NOW)).toEqual(['p', '1/1', 'Running', '0', '5m', '10.244.0.5', 'minik9s', '<none>', '1/2']);
    expect(podPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    expect(podPrinter.columns.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
  });
});

describe('services', () => {
  const svc = (spec: Service['spec'], status?: Service['status']): Service => ({ metadata: { name: 's', creationTimestamp: ago(60_000) }, spec, status });

  it.each<[Service['spec'], string]>([
    [{ ports: [] }, '<none>'],
    [{}, '<none>'],
    [{ ports: [{ port: 80, protocol: 'TCP' }] }, '80/TCP'],
    [{ ports: [{ port: 53, protocol: 'UDP' }] }, '53/UDP'],
    [{ type: 'NodePort', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }, '80:30080/TCP'],
    [{ ports: [{ port: 80, protocol: 'TCP', name: 'http' }, { port: 443, protocol: 'TCP', name: 'https', nodePort: 31443 }] }, '80/TCP,443:31443/TCP'],
  ])('servicePorts(%j) = %s', (spec, want) => {
    expect(servicePorts(svc(spec))).toBe(want);
  });

  it.each<[Service['spec'], Service['status'], string]>([
    [{ type: 'ClusterIP' }, undefined, '<none>'],
    [{ type: 'NodePort', externalIPs: ['1.2.3.4'] }, undefined, '1.2.3.4'],
    [{ type: 'LoadBalancer' }, { loadBalancer: {} }, '<pending>'],
    [{ type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } }, '127.0.0.1'],
    [{ type: 'ExternalName', externalName: 'example.com' }, undefined, 'example.com'],
  ])('serviceExternalIP(%j, %j) = %s', (spec, status, want) => {
    expect(serviceExternalIP(svc(spec, status))).toBe(want);
  });

  it('servicePrinter prints NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR', () => {
    const s = svc({ type: 'NodePort', clusterIP: '10.96.12.34', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] });
    expect(servicePrinter.cells(s, NOW)).toEqual(['s', 'NodePort', '10.96.12.34', '<none>', '80:30080/TCP', '60s', 'app=web']);
  });
});

describe('formatEndpoints', () => {
  const ep = (subsets: Endpoints['subsets']): Endpoints => ({ metadata: { name: 'e' }, subsets });
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));

  it.each<[Endpoints['subsets'], string]>([
    [undefined, '<none>'],
    [[], '<none>'],
    [[{ addresses: addrs('10.244.0.2'), ports: [{ port: 80 }] }], '10.244.0.2:80'],
    [[{ addresses: addrs('10.244.0.2', '10.244.0.3', '10.244.0.4'), ports: [{ port: 80 }] }], '10.244.0.2:80,10.244.0.3:80,10.244.0.4:80'],
    [
      [{ addresses: addrs('10.244.0.2', '10.244.0.3', '10.244.0.4', '10.244.0.5', '10.244.0.6'), ports: [{ port: 80 }] }],
      '10.244.0.2:80,10.244.0.3:80,10.244.0.4:80 + 2 more...',
    ],
    [[{ addresses: addrs('10.244.0.2', '10.244.0.3') }], '10.244.0.2,10.244.0.3'], // headless, no ports
    [
      [
        { addresses: addrs('10.244.0.2'), ports: [{ port: 80 }] },
        { addresses: addrs('10.244.0.3', '10.244.0.4', '10.244.0.5'), ports: [{ port: 8080 }] },
      ],
      '10.244.0.2:80,10.244.0.3:8080,10.244.0.4:8080 + 1 more...',
    ],
  ])('%j → %s', (subsets, want) => {
    expect(formatEndpoints(ep(subsets))).toBe(want);
  });

  // kubectl's formatEndpoints loops ports first, then addresses: ip1:80, ip2:80, ip1:443, ...
  it('lists every address for the first port before the next port, as kubectl does', () => {
    const e = ep([{ addresses: addrs('10.244.0.2', '10.244.0.3'), ports: [{ port: 80 }, { port: 443 }] }]);
    expect(formatEndpoints(e)).toBe('10.244.0.2:80,10.244.0.3:80,10.244.0.2:443 + 1 more...');
  });

  // kubectl prints "<none>" only for no subsets at all; subsets with only not-ready addresses print an empty cell.
  it('prints an empty cell when subsets hold only not-ready addresses, as kubectl does', () => {
    const e = ep([{ notReadyAddresses: addrs('10.244.0.2'), ports: [{ port: 80 }] }]);
    expect(formatEndpoints(e)).toBe('');
  });
});

describe('nodes', () => {
  const node = (labels: Record<string, string>, ready?: string, unschedulable = false): Node => ({
    metadata: { name: 'n', labels },
    spec: { unschedulable },
    status: { conditions: ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] : [] },
  });

  it.each<[Node, string]>([
    [node({}, 'True'), 'Ready'],
    [node({}, 'False'), 'NotReady'],
    [node({}), 'Unknown'], // no Ready condition at all
    [node({}, 'True', true), 'Ready,SchedulingDisabled'],
    [node({}, 'False', true), 'NotReady,SchedulingDisabled'],
  ])('nodeStatus → %s', (n, want) => {
    expect(nodeStatus(n)).toBe(want);
  });

  // printNode: any Ready status other than True prints "Not"+type, so Ready=Unknown (unreachable node) is NotReady.
  it('prints NotReady for Ready=Unknown, as kubectl does', () => {
    expect(nodeStatus(node({}, 'Unknown'))).toBe('NotReady');
  });

  it.each<[Record<string, string>, string]>([
    [{}, '<none>'],
    [{ 'node-role.kubernetes.io/control-plane': '' }, 'control-plane'],
    [{ 'node-role.kubernetes.io/worker': 'true', 'node-role.kubernetes.io/control-plane': '' }, 'control-plane,worker'],
    [{ 'kubernetes.io/role': 'master' }, 'master'],
    [{ 'kubernetes.io/role': '' }, '<none>'],
    [{ 'node-role.kubernetes.io/': 'x' }, '<none>'],
    [{ 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/worker': '' }, 'worker'],
  ])('nodeRoles(%j) = %s', (labels, want) => {
    expect(nodeRoles(node(labels, 'True'))).toBe(want);
  });
});
