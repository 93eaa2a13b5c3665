import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeEnv, waitFor, table, type TestEnv } from '../helpers/env.js';

/**
 * "What does Kubernetes do when ...?", asked with the real kubectl 1.35 of a cluster whose clock runs 10 times
 * faster (so a 10 s back-off takes 1 s): Jobs, crash loops, pull failures, StatefulSets with their volumes, the
 * kube-proxy DaemonSet, and a Service whose endpoints follow a readiness probe.
 */
describe('workloads driven by the real kubectl', () => {
  let t: TestEnv;
  const k = (...args: string[]) => t.kubectl(args);
  const apply = async (name: string, yaml: string) => {
    const file = path.join(t.dir, `${name}.yaml`);
    writeFileSync(file, yaml);
    const r = await k('apply', '-f', file);
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout;
  };
  /** status is the STATUS column kubectl prints for a pod. */
  const status = async (pod: string) => table((await k('get', 'pod', pod, '--no-headers')).stdout)[0]?.[2];

  beforeAll(async () => {
    t = makeEnv();
    const r = await t.cli(['start', '--speed', '10']);
    expect(r.exitCode, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await t.cli(['stop']);
    await t.cleanup();
  });

  it('a Job runs its pod to completion: Complete 1/1, the pod Completed, its output in the logs', async () => {
    expect((await k('create', 'job', 'hello', '--image=busybox', '--', 'sh', '-c', 'echo hello from the job')).stdout).toBe('job.batch/hello created');
    const w = await k('wait', '--for=condition=complete', 'job/hello', '--timeout=30s');
    expect(w.stdout, w.stderr).toBe('job.batch/hello condition met');
    const [row] = table((await k('get', 'job', 'hello', '--no-headers')).stdout);
    expect(row?.slice(0, 3)).toEqual(['hello', 'Complete', '1/1']);
    const pod = (await k('get', 'pods', '-l', 'job-name=hello', '-o', 'name')).stdout.trim();
    expect(pod).toMatch(/^pod\/hello-[a-z0-9]{5}$/);
    expect(await status(pod.slice(4))).toBe('Completed');
    expect((await k('logs', 'job/hello')).stdout).toBe('hello from the job');
  });

  it('a Job whose pod keeps failing stops at backoffLimit: Failed, BackoffLimitExceeded', async () => {
    await apply(
      'fails',
      `apiVersion: batch/v1
kind: Job
metadata: {name: fails}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: [sh, -c, "echo failing; exit 3"]}]
`,
    );
    const w = await k('wait', '--for=condition=failed', 'job/fails', '--timeout=60s');
    expect(w.stdout, w.stderr).toBe('job.batch/fails condition met');
    expect((await k('get', 'job', 'fails', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}')).stdout).toBe('BackoffLimitExceeded');
    const pods = table((await k('get', 'pods', '-l', 'job-name=fails', '--no-headers')).stdout);
    expect(pods.map((r) => r[2])).toEqual(['Error', 'Error']);
    const ev = (await k('get', 'events', '--field-selector', 'involvedObject.name=fails', '-o', 'jsonpath={.items[*].reason}')).stdout;
    expect(ev).toContain('BackoffLimitExceeded');
  });

  it('postgres without POSTGRES_PASSWORD exits 1 and crash-loops with its real message; with it, it runs', async () => {
    expect((await k('run', 'db', '--image=postgres:16')).stdout).toBe('pod/db created');
    await waitFor(async () => (await status('db')) === 'CrashLoopBackOff', 'db in CrashLoopBackOff', 30_000);
    const logs = (await k('logs', 'db')).stdout;
    expect(logs).toContain('Error: Database is uninitialized and superuser password is not specified.');
    expect(Number((await k('get', 'pod', 'db', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}')).stdout)).toBeGreaterThanOrEqual(1);
    expect((await k('get', 'pod', 'db', '-o', 'jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}')).stdout).toBe('1');
    expect((await k('create', 'secret', 'generic', 'pg', '--from-literal=POSTGRES_PASSWORD=s3cret')).exitCode).toBe(0);
    await apply(
      'db2',
      `apiVersion: v1
kind: Pod
metadata: {name: db2}
spec:
  containers:
  - name: postgres
    image: postgres:16
    env:
    - name: POSTGRES_PASSWORD
      valueFrom: {secretKeyRef: {name: pg, key: POSTGRES_PASSWORD}}
`,
    );
    expect((await k('wait', '--for=condition=Ready', 'pod/db2', '--timeout=30s')).exitCode).toBe(0);
    expect((await k('logs', 'db2')).stdout).toContain('database system is ready to accept connections');
  });

  it('an image nobody can pull: ErrImagePull, then ImagePullBackOff, with the registry’s words in the events', async () => {
    expect((await k('run', 'ghost', '--image=example.invalid/no-such-image:1.0')).exitCode).toBe(0);
    await waitFor(async () => (await status('ghost')) === 'ImagePullBackOff', 'ghost in ImagePullBackOff', 30_000);
    const describe = (await k('describe', 'pod', 'ghost')).stdout;
    expect(describe).toMatch(/Failed to pull image "example\.invalid\/no-such-image:1\.0": .*pull access denied for example\.invalid\/no-such-image, repository does not exist or may require 'docker login'/);
    expect(describe).toMatch(/Back-off pulling image "example\.invalid\/no-such-image:1\.0"/);
    // The pull fails first (ErrImagePull), the next sync finds the image in back-off (ImagePullBackOff).
    expect(describe).toMatch(/Warning\s+Failed\s+\S+\s+kubelet\s+spec\.containers\{ghost\}: Error: ErrImagePull/);
    expect(describe).toMatch(/Warning\s+Failed\s+\S+\s+kubelet\s+spec\.containers\{ghost\}: Error: ImagePullBackOff/);
    expect((await k('get', 'pod', 'ghost', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Pending');
  });

  it('a StatefulSet makes web-0 then web-1, each with its own Bound claim, and keeps the claims when scaled down', async () => {
    await apply(
      'web',
      `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx, volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`,
    );
    const r = await k('rollout', 'status', 'statefulset/web', '--timeout=30s');
    expect(r.stdout, r.stderr).toContain('partitioned roll out complete: 2 new pods have been updated...');
    expect(table((await k('get', 'pods', '-l', 'app=web', '--no-headers')).stdout).map((row) => [row[0], row[2]])).toEqual([
      ['web-0', 'Running'],
      ['web-1', 'Running'],
    ]);
    const pvc = table((await k('get', 'pvc', '--no-headers')).stdout);
    expect(pvc.map((row) => [row[0], row[1], row[5]])).toEqual([
      ['www-web-0', 'Bound', 'standard'],
      ['www-web-1', 'Bound', 'standard'],
    ]);
    expect((await k('scale', 'statefulset', 'web', '--replicas=1')).stdout).toBe('statefulset.apps/web scaled');
    await waitFor(async () => table((await k('get', 'pods', '-l', 'app=web', '--no-headers')).stdout).length === 1, 'web-1 gone');
    expect(table((await k('get', 'pvc', '--no-headers')).stdout).map((row) => row[0])).toEqual(['www-web-0', 'www-web-1']);
  });

  it('kube-proxy is a DaemonSet with one ready pod per node', async () => {
    const [row] = table((await k('get', 'ds', 'kube-proxy', '-n', 'kube-system', '--no-headers')).stdout);
    expect(row?.slice(0, 6)).toEqual(['kube-proxy', '1', '1', '1', '1', '1']);
  });

  it('a Service’s endpoints follow readiness: the pod joins when its probe passes and leaves when it fails', async () => {
    await apply(
      'ready',
      `apiVersion: v1
kind: Service
metadata: {name: gate}
spec: {selector: {app: gate}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: gate, labels: {app: gate}}
spec:
  containers:
  - name: app
    image: busybox
    command: [sh, -c, "sleep 3600"]
    readinessProbe:
      exec: {command: [cat, /tmp/ready]}
      periodSeconds: 2
`,
    );
    const endpoints = async () => (await k('get', 'endpoints', 'gate', '-o', 'jsonpath={.subsets[*].addresses[*].ip}')).stdout;
    const notReady = async () => (await k('get', 'endpoints', 'gate', '-o', 'jsonpath={.subsets[*].notReadyAddresses[*].ip}')).stdout;
    const ip = await waitFor(async () => (await k('get', 'pod', 'gate', '-o', 'jsonpath={.status.podIP}')).stdout, 'a pod IP');
    await waitFor(async () => (await notReady()) === ip, 'the pod listed as not ready');
    expect(await endpoints()).toBe('');
    expect(table((await k('get', 'pod', 'gate', '--no-headers')).stdout)[0]?.[1]).toBe('0/1');
    expect((await k('exec', 'gate', '--', 'touch', '/tmp/ready')).exitCode).toBe(0);
    await waitFor(async () => (await endpoints()) === ip, 'the pod in the endpoints', 20_000);
    expect(table((await k('get', 'pod', 'gate', '--no-headers')).stdout)[0]?.[1]).toBe('1/1');
    expect((await k('exec', 'gate', '--', 'rm', '/tmp/ready')).exitCode).toBe(0);
    await waitFor(async () => (await notReady()) === ip && (await endpoints()) === '', 'the pod out of the endpoints again', 20_000);
  });

  it('a ConfigMap mounted as files: FailedMount until it exists, then kubectl exec reads it; echo > index.html serves a new page', async () => {
    await apply(
      'site',
      `apiVersion: v1
kind: Pod
metadata: {name: site}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    volumeMounts: [{name: conf, mountPath: /etc/site}]
  volumes:
  - name: conf
    configMap: {name: site-conf}
`,
    );
    await waitFor(async () => (await k('describe', 'pod', 'site')).stdout.includes('MountVolume.SetUp failed for volume "conf" : configmap "site-conf" not found'), 'FailedMount in describe');
    expect(await status('site')).toBe('ContainerCreating');
    expect((await k('create', 'configmap', 'site-conf', '--from-literal=motd=hello from a ConfigMap')).exitCode).toBe(0);
    expect((await k('wait', '--for=condition=Ready', 'pod/site', '--timeout=60s')).exitCode).toBe(0);
    expect((await k('exec', 'site', '--', 'cat', '/etc/site/motd')).stdout).toBe('hello from a ConfigMap');
    expect((await k('exec', 'site', '--', 'sh', '-c', 'echo "<h1>edited</h1>" > /usr/share/nginx/html/index.html')).exitCode).toBe(0);
    expect((await k('exec', 'site', '--', 'cat', '/usr/share/nginx/html/index.html')).stdout).toBe('<h1>edited</h1>');
  });

  it('minik9s fault: crash and OOM-kill a container, take the node down and up, with clear errors', async () => {
    expect((await k('run', 'victim', '--image=nginx:1.27')).exitCode).toBe(0);
    expect((await k('wait', '--for=condition=Ready', 'pod/victim', '--timeout=30s')).exitCode).toBe(0);
    const crash = await t.cli(['fault', 'crash', 'victim']);
    expect(crash.exitCode, crash.stderr).toBe(0);
    expect(crash.stdout).toBe('! Pod "default/victim" crashed (exit code 1): watch it restart with "kubectl get pod victim -n default -w"\n');
    const field = async (path: string) => (await k('get', 'pod', 'victim', '-o', `jsonpath={.status.containerStatuses[0].${path}}`)).stdout;
    await waitFor(async () => (await field('restartCount')) === '1' && (await status('victim')) === 'Running', 'victim restarted once');
    expect(await field('lastState.terminated.exitCode')).toBe('1');
    expect((await t.cli(['fault', 'crash', 'victim', '--oom'])).exitCode).toBe(0);
    await waitFor(async () => (await field('restartCount')) === '2', 'victim restarted twice', 30_000);
    expect(await field('lastState.terminated.reason')).toBe('OOMKilled');
    expect(await field('lastState.terminated.exitCode')).toBe('137');

    const missing = await t.cli(['fault', 'crash', 'nobody', '-n', 'default']);
    expect(missing.exitCode).toBe(80);
    expect(missing.stderr).toContain('pods "nobody" not found');
    const usage = await t.cli(['fault', 'crash']);
    expect(usage.exitCode).toBe(64);
    expect(usage.stderr).toContain('"minik9s fault crash" needs a pod name');
    expect((await t.cli(['fault', 'explode', 'x'])).stderr).toContain('unknown fault "explode"');

    expect((await t.cli(['fault', 'node-down', 'minik9s'])).exitCode).toBe(0);
    const ready = async () => (await k('get', 'node', 'minik9s', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')).stdout;
    await waitFor(async () => (await ready()) === 'Unknown', 'the node Unknown (NotReady)', 30_000);
    expect(table((await k('get', 'node', 'minik9s', '--no-headers')).stdout)[0]?.[1]).toBe('NotReady');
    expect((await t.cli(['fault', 'node-up', 'minik9s'])).exitCode).toBe(0);
    await waitFor(async () => (await ready()) === 'True', 'the node Ready again', 30_000);
  });
});
