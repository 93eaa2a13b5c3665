import { describe, it, expect, afterEach } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { deployment, activePods, deployKind, podKind, seeded } from '../controllers/helpers.js';

const svcKind = mustKind('v1', 'Service');

let c: Cluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec } as KubeObject);

/** run executes a command in a pod through the in-process API (as kubectl exec does) and collects its output. */
async function run(cl: Cluster, pod: string, command: string[], namespace = 'default') {
  let stdout = '';
  let stderr = '';
  const code = await cl.client.exec(namespace, pod, { command, stdin: false, tty: false }, { stdout: (d) => (stdout += d), stderr: (d) => (stderr += d) }).done;
  return { code, stdout, stderr };
}

describe('inside a pod: cluster DNS, and curl / wget to Services and pods', () => {
  it('resolves Services by short and full names, headless ones to pod IPs, ExternalName to a CNAME; nothing outside', async () => {
    const clock = new ManualClock();
    c = await Cluster.start({ clock, random: seeded() });
    await c.client.create(deployKind, 'default', deployment('web', 2));
    await c.client.create(svcKind, 'default', svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    await c.client.create(svcKind, 'default', svc('web-headless', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] }));
    await c.client.create(svcKind, 'default', svc('docs', { type: 'ExternalName', externalName: 'docs.example.com' }));
    await c.client.create(podKind, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tools' }, spec: { containers: [{ name: 'bb', image: 'busybox', args: ['sleep', '3600'] }] } } as KubeObject);
    await c.client.create(podKind, 'kube-system', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other-ns' }, spec: { containers: [{ name: 'bb', image: 'busybox', args: ['sleep', '3600'] }] } } as KubeObject);
    await clock.advance(30_000);
    const ip = (c.store.get('/services/default/web') as unknown as { spec: { clusterIP: string } }).spec.clusterIP;
    const podIPs = activePods(c, 'default', 'app=web').map((p) => p.status!.podIP!).sort();

    for (const name of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local']) {
      const r = await run(c, 'tools', ['nslookup', name]);
      expect(r).toEqual({ code: 0, stderr: '', stdout: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n` });
    }
    expect((await run(c, 'tools', ['nslookup', 'web-headless'])).stdout).toContain(podIPs.map((a) => `Address: ${a}`).join('\n'));
    expect((await run(c, 'tools', ['nslookup', 'docs'])).stdout).toContain('docs.default.svc.cluster.local\tcanonical name = docs.example.com');
    expect((await run(c, 'tools', ['nslookup', 'kubernetes.default'])).stdout).toContain('Address: 10.96.0.1');
    // The short name follows the pod's namespace: from kube-system, `web` is not there; `web.default` is.
    expect((await run(c, 'other-ns', ['nslookup', 'web'], 'kube-system')).code).toBe(1);
    expect((await run(c, 'other-ns', ['nslookup', 'web.default'], 'kube-system')).stdout).toContain(`Address: ${ip}`);
    const nx = await run(c, 'tools', ['nslookup', 'example.com']);
    expect(nx).toMatchObject({ code: 1, stderr: "** server can't find example.com: NXDOMAIN\n\n" });
  });

  it('wget and curl reach a Service (kube-proxy spreads them), a pod IP, and fail as the tools do', async () => {
    const clock = new ManualClock();
    c = await Cluster.start({ clock, random: seeded() });
    await c.client.create(deployKind, 'default', deployment('web', 2));
    await c.client.create(svcKind, 'default', svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    await c.client.create(svcKind, 'default', svc('empty', { selector: { app: 'none' }, ports: [{ port: 80 }] }));
    await c.client.create(podKind, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tools' }, spec: { containers: [{ name: 'bb', image: 'busybox', args: ['sleep', '3600'] }] } } as KubeObject);
    await clock.advance(30_000);
    const web = activePods(c, 'default', 'app=web');
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = await run(c, 'tools', ['wget', '-qO-', 'http://web']);
      expect(r.code).toBe(0);
      seen.add(/served by pod <strong>([^<]+)</.exec(r.stdout)![1]!);
    }
    expect([...seen].sort()).toEqual(web.map((p) => p.metadata.name).sort());
    // The web pod logged the request as coming from the tools pod.
    const toolsIP = (c.store.get('/pods/default/tools') as unknown as { status: { podIP: string } }).status.podIP;
    const { log } = c.containerLog(web[0]!, 'nginx', false) as { log: { lines(): { text: string }[] } };
    expect(log.lines().at(-1)!.text).toMatch(new RegExp(`^${toolsIP.replace(/\./g, '\\.')} - - \\[.+\\] "GET / HTTP/1\\.1" 200 \\d+ "-" "Wget" "-"$`));

    // Without -q, busybox says where it connects and where it writes; a file lands in the working directory.
    const loud = await run(c, 'tools', ['sh', '-c', 'cd /tmp && wget http://web/ && cat /tmp/index.html']);
    expect(loud.stderr).toMatch(/^Connecting to web \(10\.\d+\.\d+\.\d+:80\)\nsaving to 'index\.html'\n/);
    expect(loud.stdout).toContain('Welcome to nginx!');
    expect(await run(c, 'tools', ['wget', '-qO-', 'http://nope'])).toMatchObject({ code: 1, stderr: "wget: bad address 'nope'\n" });
    expect((await run(c, 'tools', ['wget', '-qO-', 'http://empty'])).stderr).toMatch(/^wget: can't connect to remote host \(10\.\d+\.\d+\.\d+\): Connection refused\n$/);
    expect((await run(c, 'tools', ['wget', '-qO-', 'http://web/missing'])).stderr).toBe('wget: server returned error: HTTP/1.1 404 Not Found\n');
    // curl ships in the nginx image: from one web pod to the other by its pod IP, and the usual failures.
    const other = web[1]!;
    const hit = await run(c, web[0]!.metadata.name!, ['curl', '-si', `http://${other.status!.podIP}/`]);
    expect(hit.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(hit.stdout).toContain(`X-Pod-Name: ${other.metadata.name}\r\n`);
    expect(await run(c, web[0]!.metadata.name!, ['curl', '-s', 'http://empty'])).toMatchObject({ code: 7, stderr: "curl: (7) Failed to connect to empty port 80 after 0 ms: Couldn't connect to server\n" });
    expect(await run(c, web[0]!.metadata.name!, ['curl', 'https://github.com'])).toMatchObject({ code: 6, stderr: 'curl: (6) Could not resolve host: github.com\n' });
    // The node's address at a node port works from inside too (kube-proxy on the node takes it).
    await c.client.patch(svcKind, 'default', 'web', 'merge', { spec: { type: 'NodePort' } });
    await c.settle();
    const nodePort = (c.store.get('/services/default/web') as unknown as { spec: { ports: { nodePort: number }[] } }).spec.ports[0]!.nodePort;
    expect((await run(c, 'tools', ['wget', '-qO-', `http://192.168.49.2:${nodePort}/`])).stdout).toContain('Welcome to nginx!');
    expect((await run(c, 'tools', ['wget', '-qO-', 'http://192.168.49.2:30999/'])).stderr).toBe("wget: can't connect to remote host (192.168.49.2): Connection refused\n");
    // busybox has no curl, as in the real image: exec cannot start it (126, as the runtime answers kubectl exec).
    expect((await run(c, 'tools', ['curl', 'web'])).code).toBe(126);
  });

  it('NetworkPolicy: deny-all ingress drops connections (they time out); a rule lets chosen pods in, on chosen ports; egress rules bind the caller', async () => {
    const clock = new ManualClock();
    c = await Cluster.start({ clock, random: seeded() });
    const np = mustKind('networking.k8s.io/v1', 'NetworkPolicy');
    await c.client.create(deployKind, 'default', deployment('web', 1, 'nginx', {
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] } },
    }));
    await c.client.create(svcKind, 'default', svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    const tool = (name: string, labels: Record<string, string> = {}) =>
      c!.client.create(podKind, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'bb', image: 'busybox', args: ['sleep', '3600'] }] } } as KubeObject);
    await tool('guest');
    await tool('friend', { access: 'granted' });
    await clock.advance(30_000);
    const fetch = (pod: string) => run(c!, pod, ['wget', '-qO-', 'http://web']);
    expect((await fetch('guest')).code).toBe(0);

    // Default deny for the web pods: every connection to them is dropped.
    await c.client.create(np, 'default', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-web' }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] } } as KubeObject);
    await c.settle();
    const dropped = await fetch('guest');
    expect(dropped.code).toBe(1);
    expect(dropped.stderr).toMatch(/^wget: can't connect to remote host \(10\.\d+\.\d+\.\d+\): Connection timed out\n$/);

    // Allow pods labelled access=granted, on the container port named http.
    await c.client.create(np, 'default', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-friends' },
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { access: 'granted' } } }], ports: [{ port: 'http' }] }] },
    } as KubeObject);
    await c.settle();
    expect((await fetch('friend')).code).toBe(0);
    expect((await fetch('guest')).code).toBe(1);

    // Egress: the friend may only talk to pods labelled app=db: its call to web is dropped on its side.
    await c.client.create(np, 'default', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'friend-egress' },
      spec: { podSelector: { matchLabels: { access: 'granted' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] },
    } as KubeObject);
    await c.settle();
    expect((await fetch('friend')).code).toBe(1);
    // Removing the policies opens the way again.
    for (const name of ['deny-web', 'allow-friends', 'friend-egress']) await c.client.delete(np, 'default', name);
    await c.settle();
    expect((await fetch('guest')).code).toBe(0);
  });

  it('redis answers PING, keeps what is SET in its memory, and is reached by name through its Service', async () => {
    const clock = new ManualClock();
    c = await Cluster.start({ clock, random: seeded() });
    await c.client.create(deployKind, 'default', deployment('redis', 1, 'redis'));
    await c.client.create(svcKind, 'default', svc('redis', { selector: { app: 'redis' }, ports: [{ port: 6379 }] }));
    await c.client.create(deployKind, 'default', deployment('client', 1, 'redis'));
    await clock.advance(30_000);
    const server = activePods(c, 'default', 'app=redis')[0]!.metadata.name!;
    const client = activePods(c, 'default', 'app=client')[0]!.metadata.name!;
    expect(await run(c, server, ['redis-cli', 'ping'])).toEqual({ code: 0, stdout: 'PONG\n', stderr: '' });
    expect((await run(c, client, ['redis-cli', '-h', 'redis', 'set', 'greeting', 'hello'])).stdout).toBe('OK\n');
    expect((await run(c, client, ['redis-cli', '-h', 'redis.default.svc.cluster.local', 'GET', 'greeting'])).stdout).toBe('hello\n');
    expect((await run(c, server, ['redis-cli', 'incr', 'hits'])).stdout).toBe('1\n');
    expect((await run(c, server, ['redis-cli', 'dbsize'])).stdout).toBe('2\n');
    expect((await run(c, client, ['redis-cli', '-h', 'redis', 'frob'])).stdout).toBe("ERR unknown command 'frob', with args beginning with: \n");
    expect(await run(c, client, ['redis-cli', '-h', 'nope', 'ping'])).toMatchObject({ code: 1, stderr: 'Could not connect to Redis at nope:6379: Name or service not known\n' });
    // The client pod's own redis has none of it; nginx speaks no redis.
    expect((await run(c, client, ['redis-cli', 'get', 'greeting'])).stdout).toBe('\n');
    await c.client.create(deployKind, 'default', deployment('web', 1));
    await c.client.create(svcKind, 'default', svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    await clock.advance(30_000);
    expect((await run(c, client, ['redis-cli', '-h', 'web', '-p', '80', 'ping'])).stderr).toBe('Could not connect to Redis at web:80: Connection refused\n');
  });
});
