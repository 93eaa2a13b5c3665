import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { podStatus } from '../../src/api/printers/core.js';
import { startCluster, recordEvents, isReady, podKind, type P } from '../controllers/helpers.js';

let c: Cluster;
let clock: ManualClock;
beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

const cmKind = mustKind('v1', 'ConfigMap');
const pod = (name: string, container: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'busybox:1.36', ...container }], ...spec },
});
const get = (name: string) => c.registry.get(podKind, 'default', name) as P;
const cs = (name: string) => get(name).status!.containerStatuses![0]!;
const status = (name: string) => podStatus(get(name), clock.now()).status;
const log = (name: string, previous = false) => {
  const r = c.containerLog(get(name), 'app', previous);
  return 'log' in r ? r.log.lines().map((l) => l.text) : r.error;
};

describe('command containers', () => {
  it('echo hi with restartPolicy Never completes: Completed, Succeeded, log "hi"', async () => {
    await c.client.create(podKind, 'default', pod('hi', { command: ['sh', '-c', 'echo hi'] }, { restartPolicy: 'Never' }));
    await clock.advance(5_000);
    expect(cs('hi').state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(get('hi').status!.phase).toBe('Succeeded');
    expect(status('hi')).toBe('Completed');
    expect(log('hi')).toEqual(['hi']);
    expect(isReady(get('hi'))).toBe(false);
  });

  it('a completed pod keeps the address it ran with (kubectl get pods -o wide still shows it)', async () => {
    await c.client.create(podKind, 'default', pod('once', { command: ['sh', '-c', 'sleep 5'] }, { restartPolicy: 'Never' }));
    await clock.advance(2_000);
    const running = get('once').status!;
    expect(running.phase).toBe('Running');
    expect(running.podIP).toMatch(/^10\.244\.0\.\d+$/);
    await clock.advance(10_000);
    const done = get('once').status!;
    expect(done.phase).toBe('Succeeded');
    expect(done.podIP).toBe(running.podIP);
    expect(done.podIPs).toEqual([{ ip: running.podIP }]);
    expect(done.hostIP).toBe('192.168.49.2');
  });

  it('exit 3 with Always: Error, then CrashLoopBackOff with back-off 10s, 20s, 40s', async () => {
    const rec = recordEvents(c);
    await c.client.create(podKind, 'default', pod('crash', { command: ['sh', '-c', 'echo boom; exit 3'] }));
    await clock.advance(3_000);
    const first = cs('crash');
    expect(first.state!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(status('crash')).toBe('Error');
    // First exit: restarted at once (after the PLEG notices); the second exit starts the back-off.
    await clock.advance(1_500);
    expect(cs('crash').restartCount).toBe(1);
    const s = cs('crash');
    expect(s.lastState!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(s.state!.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
    const uid = get('crash').metadata.uid;
    expect(s.state!.waiting!.message).toBe(`back-off 10s restarting failed container=app pod=crash_default(${uid})`);
    expect(status('crash')).toBe('CrashLoopBackOff');
    expect(get('crash').status!.phase).toBe('Running');
    const fin2 = Date.parse(s.lastState!.terminated!.finishedAt as unknown as string);
    const restarts: number[] = [];
    let last = 1;
    for (let t = 0; t < 120_000 && restarts.length < 3; t += 100) {
      await clock.advance(100);
      const n = cs('crash').restartCount;
      if (n !== last) {
        restarts.push(clock.now());
        last = n;
      }
    }
    expect(restarts[0]! - fin2).toBeGreaterThanOrEqual(10_000);
    expect(restarts[0]! - fin2).toBeLessThan(10_500); // visible once the new run has started (create + start)
    const gaps = [restarts[1]! - restarts[0]!, restarts[2]! - restarts[1]!];
    // Each run lasts ~200 ms (create + start), then the back-off doubles: 20 s, then 40 s.
    expect(gaps[0]).toBeGreaterThanOrEqual(20_000);
    expect(gaps[0]).toBeLessThan(20_500);
    expect(gaps[1]).toBeGreaterThanOrEqual(40_000);
    expect(gaps[1]).toBeLessThan(40_500);
    const backoffs = rec.about('crash').filter((e) => e.reason === 'BackOff');
    expect(backoffs[0]).toMatchObject({ type: 'Warning', message: `Back-off restarting failed container app in pod crash_default(${uid})` });
    expect(log('crash', true)).toEqual(['boom']);
    rec.stop();
  });

  it('OnFailure: restarts a failing container, not a succeeding one', async () => {
    await c.client.create(podKind, 'default', pod('fail', { command: ['false'] }, { restartPolicy: 'OnFailure' }));
    await c.client.create(podKind, 'default', pod('ok', { command: ['true'] }, { restartPolicy: 'OnFailure' }));
    await clock.advance(5_000);
    expect(cs('fail').restartCount).toBeGreaterThanOrEqual(1);
    expect(get('fail').status!.phase).toBe('Running');
    expect(cs('ok').restartCount).toBe(0);
    expect(get('ok').status!.phase).toBe('Succeeded');
  });

  it('Never with a failure: Failed, STATUS Error', async () => {
    await c.client.create(podKind, 'default', pod('bad', { command: ['sh', '-c', 'exit 2'] }, { restartPolicy: 'Never' }));
    await clock.advance(5_000);
    expect(get('bad').status!.phase).toBe('Failed');
    expect(status('bad')).toBe('Error');
  });

  it('busybox without a command runs sh, which exits at once', async () => {
    await c.client.create(podKind, 'default', pod('bare', {}, { restartPolicy: 'Never' }));
    await clock.advance(5_000);
    expect(status('bare')).toBe('Completed');
  });

  it('sleep 3600 ignores SIGTERM and is killed after the 30 s grace: exit 137', async () => {
    await c.client.create(podKind, 'default', pod('sleepy', { command: ['sleep', '3600'] }));
    await clock.advance(5_000);
    expect(get('sleepy').status!.phase).toBe('Running');
    await c.client.delete(podKind, 'default', 'sleepy');
    await clock.advance(29_000);
    expect(cs('sleepy').state!.running).toBeDefined();
    await clock.advance(1_050);
    expect(cs('sleepy').state!.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('preStop runs before SIGTERM: nginx (0.7 s to quit) with a 5 s preStop sleep stops after 5.7 s, exit 0', async () => {
    const rec = recordEvents(c);
    await c.client.create(podKind, 'default', pod('web', { image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } }));
    await clock.advance(5_000);
    expect(status('web')).toBe('Running');
    await c.client.delete(podKind, 'default', 'web');
    expect(status('web')).toBe('Terminating');
    await clock.advance(5_650);
    expect(cs('web').state!.running).toBeDefined();
    await clock.advance(80);
    expect(cs('web').state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    await clock.advance(1_000);
    expect(c.registry.list(podKind, 'default').items).toHaveLength(0);
    expect(rec.about('web').filter((e) => e.reason === 'Killing').map((e) => e.message)).toEqual(['Stopping container app']);
    rec.stop();
  });

  it('a preStop longer than the grace period is cut short: SIGKILL at 30 s, exit 137', async () => {
    await c.client.create(podKind, 'default', pod('slow', { image: 'nginx:1.27', lifecycle: { preStop: { sleep: { seconds: 60 } } } }));
    await clock.advance(5_000);
    await c.client.delete(podKind, 'default', 'slow');
    await clock.advance(29_000);
    expect(cs('slow').state!.running).toBeDefined();
    await clock.advance(1_050);
    expect(cs('slow').state!.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('a shorter grace period (delete --grace-period=3) kills sleep at 3 s', async () => {
    await c.client.create(podKind, 'default', pod('quick', { command: ['sleep', '3600'] }));
    await clock.advance(5_000);
    await c.client.delete(podKind, 'default', 'quick', { gracePeriodSeconds: 3 });
    await clock.advance(2_950);
    expect(cs('quick').state!.running).toBeDefined();
    await clock.advance(80);
    expect(cs('quick').state!.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('while true; do echo tick; sleep 5; done logs a line every 5 s', async () => {
    await c.client.create(podKind, 'default', pod('ticker', { command: ['sh', '-c', 'while true; do echo tick; sleep 5; done'] }));
    await clock.advance(3_000);
    const r = c.containerLog(get('ticker'), 'app', false);
    if (!('log' in r)) throw new Error(r.error);
    expect(r.log.lines()).toHaveLength(1);
    await clock.advance(10_000);
    const lines = r.log.lines();
    expect(lines.map((l) => l.text)).toEqual(['tick', 'tick', 'tick']);
    expect(lines[1]!.time - lines[0]!.time).toBe(5_000);
    expect(status('ticker')).toBe('Running');
  });

  it('printenv shows env from a ConfigMap; CreateContainerConfigError until the ConfigMap exists', async () => {
    const rec = recordEvents(c);
    const env = [{ name: 'COLOUR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'colour' } } }];
    await c.client.create(podKind, 'default', pod('cfg', { command: ['printenv', 'COLOUR'], env }, { restartPolicy: 'Never' }));
    await clock.advance(3_000);
    expect(cs('cfg').state!.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "cfg" not found' });
    expect(status('cfg')).toBe('CreateContainerConfigError');
    expect(rec.about('cfg').find((e) => e.reason === 'Failed')).toMatchObject({ type: 'Warning', message: 'Error: configmap "cfg" not found' });
    await c.client.create(cmKind, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { colour: 'blue' } } as KubeObject);
    await clock.advance(12_000);
    expect(status('cfg')).toBe('Completed');
    expect(log('cfg')).toEqual(['blue']);
    rec.stop();
  });
});

describe('image pulls', () => {
  it('an unknown image: ErrImagePull, then ImagePullBackOff, retried with back-off', async () => {
    const rec = recordEvents(c);
    await c.client.create(podKind, 'default', pod('nope', { image: 'foo/bar' }));
    await clock.advance(1_200);
    const denied = `rpc error: code = Unknown desc = Error response from daemon: pull access denied for foo/bar, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
    expect(cs('nope').state!.waiting).toEqual({ reason: 'ErrImagePull', message: denied });
    expect(status('nope')).toBe('ErrImagePull');
    await clock.advance(1_000);
    expect(cs('nope').state!.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "foo/bar"' });
    expect(status('nope')).toBe('ImagePullBackOff');
    expect(get('nope').status!.phase).toBe('Pending');
    const evs = rec.about('nope').filter((e) => e.reason !== 'Scheduled');
    expect(evs.map((e) => [e.reason, e.message])).toEqual([
      ['Pulling', 'Pulling image "foo/bar"'],
      ['Failed', `Failed to pull image "foo/bar": ${denied}`],
      ['Failed', 'Error: ErrImagePull'],
      ['BackOff', 'Back-off pulling image "foo/bar"'],
      ['Failed', 'Error: ImagePullBackOff'],
    ]);
    await clock.advance(60_000);
    const pulls = (await c.client.list(mustKind('v1', 'Event'), 'default')).items.find(
      (e) => (e as { reason?: string }).reason === 'Pulling' && (e as { involvedObject: { name: string } }).involvedObject.name === 'nope',
    ) as { count?: number } | undefined;
    // Pulls at 0 s, ~10 s, ~30 s (back-off 10 s, 20 s; the next at ~70 s).
    expect(pulls?.count).toBe(3);
    rec.stop();
  });

  it('an unknown tag of a known image fails with manifest unknown', async () => {
    await c.client.create(podKind, 'default', pod('tag', { image: 'nginx:doesnotexist' }));
    await clock.advance(1_200);
    expect(cs('tag').state!.waiting!.message).toBe('rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:doesnotexist not found: manifest unknown: manifest unknown');
  });

  it('imagePullPolicy Never without the image: ErrImageNeverPull, until the image is loaded', async () => {
    const rec = recordEvents(c);
    await c.client.create(podKind, 'default', pod('local', { image: 'myapp:1', imagePullPolicy: 'Never' }));
    await clock.advance(1_000);
    expect(cs('local').state!.waiting).toEqual({ reason: 'ErrImageNeverPull', message: 'Container image "myapp:1" is not present with pull policy of Never' });
    expect(status('local')).toBe('ErrImageNeverPull');
    expect(rec.about('local').filter((e) => e.reason !== 'Scheduled').map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'ErrImageNeverPull', 'Container image "myapp:1" is not present with pull policy of Never'],
      ['Warning', 'Failed', 'Error: ErrImageNeverPull'],
    ]);
    c.kubelets[0]!.loadImage('myapp:1');
    await clock.advance(11_000);
    expect(status('local')).toBe('Running');
    rec.stop();
  });
});

describe('probes', () => {
  it('a readiness probe on the wrong port keeps Ready False and reports Unhealthy', async () => {
    const rec = recordEvents(c);
    await c.client.create(podKind, 'default', pod('web', { image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 } }));
    await clock.advance(20_000);
    const p = get('web');
    expect(p.status!.phase).toBe('Running');
    expect(isReady(p)).toBe(false);
    expect(podStatus(p, clock.now())).toMatchObject({ ready: '0/1', status: 'Running' });
    const ip = p.status!.podIP;
    expect(rec.about('web').find((e) => e.reason === 'Unhealthy')).toMatchObject({
      type: 'Warning',
      message: `Readiness probe failed: Get "http://${ip}:8080/": dial tcp ${ip}:8080: connect: connection refused`,
    });
    rec.stop();
  });

  it('a readiness probe on the served port makes the pod Ready', async () => {
    await c.client.create(podKind, 'default', pod('web', { image: 'nginx:1.27', readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 } }));
    await clock.advance(2_500);
    expect(isReady(get('web'))).toBe(false);
    await clock.advance(2_500);
    expect(isReady(get('web'))).toBe(true);
  });

  it('a failing liveness probe restarts the container', async () => {
    const rec = recordEvents(c);
    const script = 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600';
    await c.client.create(podKind, 'default', pod('live', { command: ['sh', '-c', script], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 5, initialDelaySeconds: 5 } }));
    await clock.advance(30_000);
    expect(rec.about('live').filter((e) => e.reason === 'Unhealthy')).toHaveLength(0);
    await clock.advance(50_000);
    const un = rec.about('live').find((e) => e.reason === 'Unhealthy');
    expect(un?.message).toBe('Liveness probe failed: cat: /tmp/healthy: No such file or directory\n');
    expect(rec.about('live').find((e) => e.reason === 'Killing')?.message).toBe('Container app failed liveness probe, will be restarted');
    expect(cs('live').restartCount).toBe(1);
    expect(cs('live').lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    rec.stop();
  });
});

describe('postgres', () => {
  it('exits 1 without POSTGRES_PASSWORD, with the entrypoint\'s message', async () => {
    await c.client.create(podKind, 'default', pod('db', { image: 'postgres:17' }, { restartPolicy: 'Never' }));
    await clock.advance(15_000);
    expect(cs('db').state!.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect((log('db') as string[])[0]).toBe('Error: Database is uninitialized and superuser password is not specified.');
  });

  it('runs with POSTGRES_PASSWORD', async () => {
    await c.client.create(podKind, 'default', pod('db', { image: 'postgres:17', env: [{ name: 'POSTGRES_PASSWORD', value: 'x' }] }));
    await clock.advance(15_000);
    expect(status('db')).toBe('Running');
    expect((log('db') as string[]).at(-1)).toMatch(/database system is ready to accept connections$/);
  });
});
