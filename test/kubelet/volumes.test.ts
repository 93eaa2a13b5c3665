import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { podStatus } from '../../src/api/printers/core.js';
import { startCluster, recordEvents, podKind, type P } from '../controllers/helpers.js';

const cmKind = mustKind('v1', 'ConfigMap');
const secretKind = mustKind('v1', 'Secret');
const pvcKind = mustKind('v1', 'PersistentVolumeClaim');

let c: Cluster;
let clock: ManualClock;
beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

const get = (name: string) => c.registry.get(podKind, 'default', name) as P;
const status = (name: string) => podStatus(get(name), clock.now()).status;

/** sh runs a command line in a container as `kubectl exec POD -c C -- sh -c LINE` would, and returns its output. */
function sh(pod: string, container: string, line: string): Promise<{ out: string; code: number }> {
  return new Promise((resolve, reject) => {
    let out = '';
    const s = c.exec(get(pod), container, ['sh', '-c', line], { stdin: false, tty: false }, {
      stdout: (d) => (out += d),
      stderr: (d) => (out += d),
      exit: (code) => resolve({ out, code }),
    });
    if ('error' in s) reject(new Error(s.error));
    else s.start();
  });
}

const configMap = (name: string, data: Record<string, string>) =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data }) as KubeObject;

describe('volumes', () => {
  it('a ConfigMap volume shows each key as a file; an edit reaches the file within the kubelet’s minute, never the env', async () => {
    await c.client.create(cmKind, 'default', configMap('app-config', { 'app.properties': 'color=blue\n', greeting: 'hello' }));
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'cfg' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sleep', '3600'],
            env: [{ name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'greeting' } } }],
            volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
          },
        ],
        volumes: [{ name: 'config', configMap: { name: 'app-config' } }],
      },
    } as KubeObject);
    await clock.advance(5_000);
    expect(status('cfg')).toBe('Running');
    expect(await sh('cfg', 'app', 'cat /etc/config/app.properties')).toEqual({ out: 'color=blue\n', code: 0 });
    expect((await sh('cfg', 'app', 'ls /etc/config')).out.split('\n').filter(Boolean).sort()).toEqual(['app.properties', 'greeting']);
    await c.client.patch(cmKind, 'default', 'app-config', 'merge', { data: { 'app.properties': 'color=green\n', greeting: 'hi' } });
    await clock.advance(1_000);
    expect((await sh('cfg', 'app', 'cat /etc/config/app.properties')).out).toBe('color=blue\n');
    await clock.advance(60_000);
    expect((await sh('cfg', 'app', 'cat /etc/config/app.properties')).out).toBe('color=green\n');
    expect((await sh('cfg', 'app', 'echo $GREETING')).out).toBe('hello\n');
  });

  it('a missing ConfigMap keeps the pod ContainerCreating with FailedMount events until it exists', async () => {
    const rec = recordEvents(c);
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'waits' },
      spec: {
        containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'config', mountPath: '/etc/config' }] }],
        volumes: [{ name: 'config', configMap: { name: 'later' } }],
      },
    } as KubeObject);
    await clock.advance(10_000);
    expect(status('waits')).toBe('ContainerCreating');
    expect(get('waits').status!.phase).toBe('Pending');
    expect(get('waits').status!.podIP).toBeUndefined();
    const failed = rec.about('waits').filter((e) => e.reason === 'FailedMount');
    expect(failed[0]).toMatchObject({
      type: 'Warning',
      message: 'MountVolume.SetUp failed for volume "config" : configmap "later" not found',
      source: { component: 'kubelet', host: 'minik9s' },
    });
    expect(rec.about('waits').some((e) => e.reason === 'Started')).toBe(false);
    await c.client.create(cmKind, 'default', configMap('later', { k: 'v' }));
    await clock.advance(130_000); // at most one back-off (capped at 2m2s) later
    expect(status('waits')).toBe('Running');
    rec.stop();
  });

  it('an optional ConfigMap that is missing mounts an empty directory; items and subPath pick keys', async () => {
    await c.client.create(cmKind, 'default', configMap('site', { 'index.html': '<h1>mine</h1>\n', other: 'x' }));
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx',
            volumeMounts: [
              { name: 'site', mountPath: '/usr/share/nginx/html/index.html', subPath: 'index.html' },
              { name: 'picked', mountPath: '/etc/picked' },
              { name: 'maybe', mountPath: '/etc/maybe' },
            ],
          },
        ],
        volumes: [
          { name: 'site', configMap: { name: 'site' } },
          { name: 'picked', configMap: { name: 'site', items: [{ key: 'other', path: 'renamed.txt' }] } },
          { name: 'maybe', configMap: { name: 'absent', optional: true } },
        ],
      },
    } as KubeObject);
    await clock.advance(5_000);
    expect(status('web')).toBe('Running');
    expect((await sh('web', 'nginx', 'cat /usr/share/nginx/html/index.html')).out).toBe('<h1>mine</h1>\n');
    // The rest of the image's html directory is still there: subPath mounts one file.
    expect((await sh('web', 'nginx', 'cat /usr/share/nginx/html/50x.html')).code).toBe(0);
    expect((await sh('web', 'nginx', 'ls /etc/picked')).out).toBe('renamed.txt\n');
    expect((await sh('web', 'nginx', 'ls /etc/maybe')).out).toBe('');
  });

  it('a Secret volume holds the decoded values', async () => {
    await c.client.create(secretKind, 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 's3cret' } } as KubeObject);
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'reader' },
      spec: {
        containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'], volumeMounts: [{ name: 'creds', mountPath: '/etc/creds', readOnly: true }] }],
        volumes: [{ name: 'creds', secret: { secretName: 'db' } }],
      },
    } as KubeObject);
    await clock.advance(5_000);
    expect((await sh('reader', 'app', 'cat /etc/creds/password')).out).toBe('s3cret');
  });

  it('an emptyDir is shared by the pod’s containers and survives a container restart', async () => {
    await c.client.create(podKind, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pair' },
      spec: {
        containers: [
          { name: 'writer', image: 'busybox', command: ['sleep', '3600'], volumeMounts: [{ name: 'shared', mountPath: '/data' }] },
          { name: 'reader', image: 'busybox', command: ['sleep', '3600'], volumeMounts: [{ name: 'shared', mountPath: '/in' }] },
        ],
        volumes: [{ name: 'shared', emptyDir: {} }],
      },
    } as KubeObject);
    await clock.advance(5_000);
    expect((await sh('pair', 'writer', 'echo hello > /data/note; touch /tmp/scratch')).code).toBe(0);
    expect((await sh('pair', 'reader', 'cat /in/note')).out).toBe('hello\n');
    expect(await c.injectFault({ type: 'crash-container', namespace: 'default', pod: 'pair', container: 'writer' })).toBeUndefined();
    await clock.advance(15_000);
    expect(get('pair').status!.containerStatuses!.find((s) => s.name === 'writer')!.restartCount).toBe(1);
    expect((await sh('pair', 'writer', 'cat /data/note')).out).toBe('hello\n');
    // The container's own file system starts afresh.
    expect((await sh('pair', 'writer', 'cat /tmp/scratch')).code).not.toBe(0);
  });

  it('what a pod writes to its PersistentVolumeClaim is there for the next pod that mounts the claim', async () => {
    await c.client.create(pvcKind, 'default', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    } as KubeObject);
    const withClaim = (name: string) =>
      ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: {
          containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'], volumeMounts: [{ name: 'd', mountPath: '/var/lib/data' }] }],
          volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }],
        },
      }) as KubeObject;
    await c.client.create(podKind, 'default', withClaim('first'));
    await clock.advance(10_000);
    expect(status('first')).toBe('Running');
    expect((await sh('first', 'app', 'echo kept > /var/lib/data/state')).code).toBe(0);
    await c.client.delete(podKind, 'default', 'first', { gracePeriodSeconds: 0 });
    await clock.advance(5_000);
    await c.client.create(podKind, 'default', withClaim('second'));
    await clock.advance(10_000);
    expect((await sh('second', 'app', 'cat /var/lib/data/state')).out).toBe('kept\n');
  });
});
