import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { ApiError } from '../../src/api/api-error.js';
import { goDuration, pullMs, TIMINGS } from '../../src/kubelet/lifecycle.js';
import { lookupImage, normalisedTag, repositoryOf } from '../../src/kubelet/images.js';
import { podStatus } from '../../src/api/printers/core.js';
import { startCluster, recordEvents, isReady, podKind, nodeKind, type P } from '../controllers/helpers.js';

let c: Cluster;
let clock: ManualClock;

beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

const pod = (name: string, image = 'nginx', extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'nginx', image, ...extra }] },
});
const get = (name: string, ns = 'default') => c.registry.get(podKind, ns, name) as P;

describe('lifecycle helpers', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [1603, '1.603s'],
    [62_345, '1m2.345s'],
    [120_000, '2m0s'],
  ])('goDuration(%i) = %s', (ms, want) => {
    expect(goDuration(ms)).toBe(want);
  });

  it.each([
    ['nginx', 'nginx', 'nginx:latest'],
    ['nginx:1.27', 'nginx', 'nginx:1.27'],
    ['docker.io/library/nginx:1.27', 'nginx', 'docker.io/library/nginx:1.27'],
    ['registry.k8s.io/pause:3.10.1', 'registry.k8s.io/pause', 'registry.k8s.io/pause:3.10.1'],
    ['localhost:5000/app', 'localhost:5000/app', 'localhost:5000/app:latest'],
  ])('image %s → repository %s, tag %s', (image, repo, tag) => {
    expect(repositoryOf(image)).toBe(repo);
    expect(normalisedTag(image)).toBe(tag);
  });

  it('pull time grows with the image size; a cached image costs a registry round trip', () => {
    const nginx = lookupImage('nginx');
    expect(pullMs(nginx, false)).toBe(Math.round(TIMINGS.pullBaseMs + (nginx.sizeBytes / TIMINGS.pullBytesPerSecond) * 1000));
    expect(pullMs(nginx, true)).toBe(TIMINGS.cachedPullMs);
    expect(pullMs(lookupImage('httpd'), false)).toBeGreaterThan(pullMs(nginx, false));
  });
});

describe('Kubelet', () => {
  it('registers a Ready node with the control-plane role', () => {
    const node = c.registry.get(nodeKind, undefined, 'minik9s') as KubeObject & { status: { conditions: { type: string; status: string }[]; addresses: { address: string; type: string }[] } };
    expect(node.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'minik9s' });
    expect(node.status.conditions.find((x) => x.type === 'Ready')?.status).toBe('True');
    expect(node.status.addresses).toContainEqual({ address: '192.168.49.2', type: 'InternalIP' });
    expect(c.nodeReady()).toBe(true);
  });

  it('reports Pulling, Pulled, Created, Started in order with the 1.35 wording', async () => {
    const rec = recordEvents(c);
    await c.client.create(podKind, 'default', pod('web'));
    await clock.advance(10_000);
    const evs = rec.about('web');
    expect(evs.map((e) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    const ms = pullMs(lookupImage('nginx'), false);
    const size = lookupImage('nginx').sizeBytes;
    expect(evs.slice(1).map((e) => e.message)).toEqual([
      'Pulling image "nginx"',
      `Successfully pulled image "nginx" in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${size} bytes.`,
      'Container created',
      'Container started',
    ]);
    for (const e of evs.slice(1)) {
      expect(e.type).toBe('Normal');
      expect(e.involvedObject.fieldPath).toBe('spec.containers{nginx}');
      expect(e.source).toEqual({ component: 'kubelet', host: 'minik9s' });
    }
    rec.stop();
  });

  it('walks the pod through ContainerCreating to Running on the clock', async () => {
    await c.client.create(podKind, 'default', pod('web'));
    await c.settle();
    expect(get('web').status!.phase).toBe('Pending');
    await clock.advance(500);
    let p = get('web');
    expect(p.status!.phase).toBe('Pending');
    expect(p.status!.podIP).toMatch(/^10\.244\.0\.\d+$/);
    expect(p.status!.containerStatuses![0]!.state!.waiting!.reason).toBe('ContainerCreating');
    expect(podStatus(p, clock.now()).status).toBe('ContainerCreating');
    expect(isReady(p)).toBe(false);
    await clock.advance(9_500);
    p = get('web');
    expect(p.status!.phase).toBe('Running');
    expect(isReady(p)).toBe(true);
    expect(podStatus(p, clock.now())).toMatchObject({ ready: '1/1', status: 'Running', restarts: '0' });
    const cs = p.status!.containerStatuses![0]!;
    expect(cs.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^docker-pullable:\/\/nginx@sha256:[0-9a-f]{64}$/);
  });

  it('says the image is already present for IfNotPresent on the second pod', async () => {
    const rec = recordEvents(c);
    await c.client.create(podKind, 'default', pod('first', 'nginx:1.27'));
    await clock.advance(10_000);
    await c.client.create(podKind, 'default', pod('second', 'nginx:1.27'));
    await clock.advance(10_000);
    expect(rec.about('first').map((e) => e.reason)).toContain('Pulling');
    const second = rec.about('second');
    expect(second.map((e) => e.reason)).toEqual(['Scheduled', 'Pulled', 'Created', 'Started']);
    expect(second[1]!.message).toBe('Container image "nginx:1.27" already present on machine and can be accessed by the pod');
    rec.stop();
  });

  it('gives every pod its own IP from the node\'s pod CIDR', async () => {
    for (let i = 0; i < 5; i++) await c.client.create(podKind, 'default', pod(`p${i}`));
    await clock.advance(10_000);
    const ips = [0, 1, 2, 3, 4].map((i) => get(`p${i}`).status!.podIP!);
    expect(new Set(ips).size).toBe(5);
    for (const ip of ips) expect(ip).toMatch(/^10\.244\.0\.\d+$/);
  });

  it('on delete: Killing "Stopping container nginx", Terminating, then the pod object goes', async () => {
    await c.client.create(podKind, 'default', pod('web'));
    await clock.advance(10_000);
    const rec = recordEvents(c);
    await c.client.delete(podKind, 'default', 'web');
    await c.settle();
    const p = get('web');
    expect(podStatus(p, clock.now()).status).toBe('Terminating');
    const killing = rec.about('web').filter((e) => e.reason === 'Killing');
    expect(killing).toHaveLength(1);
    expect(killing[0]).toMatchObject({ type: 'Normal', message: 'Stopping container nginx', involvedObject: { fieldPath: 'spec.containers{nginx}' } });
    await clock.advance(5_000);
    expect(() => get('web')).toThrow(ApiError);
    rec.stop();
  });

  // The kubelet reports the final status (containers terminated) and only then deletes the pod with grace 0;
  // a status write during the grace period must not remove the pod (see registry-delete-bind.test.ts).
  it('keeps a stopped pod with its final status until the kubelet removes it', async () => {
    await c.client.create(podKind, 'default', pod('web'));
    await clock.advance(10_000);
    await c.client.delete(podKind, 'default', 'web');
    await clock.advance(lookupImage('nginx').stopMs + TIMINGS.cleanupMs / 2);
    const p = get('web');
    expect(p.status!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('a process that outlives the grace period is killed: the pod still goes by the deadline', async () => {
    await c.client.create(podKind, 'default', pod('sleepy', 'busybox', { command: ['sleep', '3600'] }));
    await clock.advance(10_000);
    expect(get('sleepy').status!.phase).toBe('Running');
    await c.client.delete(podKind, 'default', 'sleepy', { gracePeriodSeconds: 2 });
    await c.settle();
    expect(get('sleepy').metadata.deletionGracePeriodSeconds).toBe(2);
    await clock.advance(1_000);
    expect(get('sleepy').metadata.deletionTimestamp).toBeDefined();
    await clock.advance(5_000);
    expect(() => get('sleepy')).toThrow(ApiError);
  });

  it('runs the static control-plane pods as mirror pods', () => {
    for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
      const p = get(`${name}-minik9s`, 'kube-system');
      expect(p.metadata.annotations?.['kubernetes.io/config.mirror']).toMatch(/^[0-9a-f]{32}$/);
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'minik9s', controller: true });
      expect(p.spec!.nodeName).toBe('minik9s');
    }
  });

  it('recreates a deleted mirror pod with a new uid', async () => {
    await clock.advance(5_000);
    const before = get('etcd-minik9s', 'kube-system');
    expect(before.status!.phase).toBe('Running');
    await c.client.delete(podKind, 'kube-system', 'etcd-minik9s');
    await clock.advance(5_000);
    const after = get('etcd-minik9s', 'kube-system');
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.annotations?.['kubernetes.io/config.mirror']).toBeDefined();
    expect(after.status!.phase).toBe('Running');
    expect(after.metadata.deletionTimestamp).toBeUndefined();
  });
});
