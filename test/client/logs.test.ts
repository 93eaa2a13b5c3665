import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { mustKind } from '../../src/api/kinds.js';
import { ApiError } from '../../src/api/api-error.js';
import { startApiServer, type RunningApiServer } from '../../src/apiserver/http/server.js';
import { HttpClient } from '../../src/client/http-client.js';
import type { KubeClient } from '../../src/client/types.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import { startCluster } from '../tui/helpers.js';

const podKind = mustKind('v1', 'Pod');

// The dashboard reads logs through either client: the in-process one (tests, embedding) and HTTP (the daemon,
// a real cluster). Both must give the same text and the same errors.
describe.each(['local', 'http'] as const)('KubeClient.logs (%s)', (which) => {
  let cluster: Cluster;
  let clock: ManualClock;
  let server: RunningApiServer | undefined;
  let client: KubeClient;
  let pod: string;

  beforeAll(async () => {
    ({ cluster, clock } = await startCluster());
    if (which === 'http') {
      server = await startApiServer(cluster.registry, { port: 0, nodes: cluster });
      client = new HttpClient({ server: server.url });
    } else client = cluster.client;
    const pods = await cluster.client.list<Pod>(podKind, 'default', { labelSelector: 'app=hello' });
    pod = pods.items[0]!.metadata!.name!;
  });

  afterAll(async () => {
    if (client instanceof HttpClient) client.close();
    await server?.close();
    await cluster.stop();
  });

  function read(name: string, opts: Parameters<KubeClient['logs']>[2]): { text: () => string; done: Promise<void>; stop: () => void } {
    let text = '';
    const w = client.logs('default', name, opts, (t) => (text += t));
    return { text: () => text, done: w.done, stop: w.stop };
  }

  it('reads what the container wrote, whole lines, with tail and timestamps', async () => {
    const all = read(pod, {});
    await all.done;
    expect(all.text()).toContain('Configuration complete; ready for start up');
    expect(all.text().endsWith('\n')).toBe(true);
    const last = read(pod, { tailLines: 1, timestamps: true });
    await last.done;
    const lines = last.text().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \S/);
    expect(all.text().trimEnd().endsWith(lines[0]!.replace(/^\S+ /, ''))).toBe(true);
  });

  it('follows until the container stops, and the previous run is there after a restart', async () => {
    const f = read(pod, { follow: true });
    let ended = false;
    void f.done.then(() => (ended = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(ended).toBe(false);
    expect(await cluster.injectFault({ type: 'crash-container', namespace: 'default', pod })).toBeUndefined();
    await f.done;
    expect(f.text()).toContain('ready for start up');
    await clock.advance(15_000); // the restart back-off (10 s) and the new run's start
    await cluster.settle();
    const prev = read(pod, { previous: true });
    await prev.done;
    expect(prev.text()).toBe(f.text());
  });

  it('stop ends a follow quietly', async () => {
    const f = read(pod, { follow: true });
    await new Promise((r) => setTimeout(r, 20));
    f.stop();
    await f.done;
    expect(f.text()).toContain('ready for start up');
  });

  it('exec runs a command (its output, its exit code) and an interactive shell over a terminal', async () => {
    let out = '';
    const io = { stdout: (d: string) => (out += d), stderr: (d: string) => (out += d) };
    expect(await client.exec('default', pod, { command: ['hostname'], stdin: false, tty: false }, io).done).toBe(0);
    expect(out.trim()).toBe(pod);
    out = '';
    expect(await client.exec('default', pod, { command: ['sh', '-c', 'exit 3'], stdin: false, tty: false }, io).done).toBe(3);
    out = '';
    const sh = client.exec('default', pod, { command: ['sh'], stdin: true, tty: true }, io);
    await new Promise((r) => setTimeout(r, 50));
    sh.write('echo hi there\r');
    await new Promise((r) => setTimeout(r, 50));
    sh.write('exit\r');
    expect(await sh.done).toBe(0);
    expect(out).toContain('hi there');
    const bad = client.exec('default', pod, { container: 'sidecar', command: ['sh'], stdin: false, tty: false }, io);
    const err = await bad.done.then(() => undefined, (e: unknown) => e);
    expect((err as ApiError).message).toBe(`container sidecar is not valid for pod ${pod}`);
  });

  it('refuses a pod that does not exist, and a container that is not in the pod, with the server\'s Status', async () => {
    const missing = read('nope', {});
    const e1 = await missing.done.then(() => undefined, (e: unknown) => e);
    expect(e1).toBeInstanceOf(ApiError);
    expect((e1 as ApiError).status.reason).toBe('NotFound');
    const bad = read(pod, { container: 'sidecar' });
    const e2 = await bad.done.then(() => undefined, (e: unknown) => e);
    expect((e2 as ApiError).status.code).toBe(400);
    expect((e2 as ApiError).message).toBe(`container sidecar is not valid for pod ${pod}`);
  });
});
