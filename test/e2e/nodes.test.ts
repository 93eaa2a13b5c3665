import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { BIN, makeEnv, table, type TestEnv } from '../helpers/env.js';
import { KUBECTL } from '../setup/tools.js';

/** Multi-node clusters from the command line, as minikube's `start -n`, `node add|list|delete`, `ip`, `status`. */
describe('nodes from the CLI', () => {
  let t: TestEnv;
  const cli = (...args: string[]) => t.cli(args);

  beforeAll(() => {
    t = makeEnv();
  });
  afterAll(async () => {
    await t.cli(['delete']);
    await t.cleanup();
  });

  it('refuses bad node counts and a -n the command does not take, before starting anything', async () => {
    for (const args of [['start', '--nodes', '0'], ['start', '-n', 'two'], ['start', '--nodes', '101'], ['status', '-n', '2']]) {
      const r = await cli(...args);
      expect(r.exitCode, args.join(' ')).toBe(64);
      expect(r.stderr).toMatch(/Error: (invalid value|unknown shorthand flag)/);
    }
  });

  it('start -n 3, node list, status, ip; node add; node delete drains a worker; the control plane stays', async () => {
    const s = await cli('start', '-n', '3');
    expect(s.exitCode, s.stderr).toBe(0);
    expect(s.stdout).toContain('* Starting "minik9s-m02" worker node in "minik9s" cluster');
    expect(s.stdout).toContain('* Starting "minik9s-m03" worker node in "minik9s" cluster');
    expect((await cli('node', 'list')).stdout).toBe('minik9s\t192.168.49.2\nminik9s-m02\t192.168.49.3\nminik9s-m03\t192.168.49.4\n');
    const st = await cli('status');
    expect(st.exitCode).toBe(0);
    expect(st.stdout).toContain('minik9s-m02\ntype: Worker\nhost: Running\nkubelet: Running\n\nminik9s-m03\ntype: Worker\nhost: Running\nkubelet: Running\n');
    expect(JSON.parse((await cli('status', '-o', 'json')).stdout)).toHaveLength(3);
    expect((await cli('ip')).stdout).toBe('192.168.49.2\n');
    expect((await cli('ip', '-n', 'm03')).stdout).toBe('192.168.49.4\n');
    // The real kubectl sees three Ready nodes, the workers with their own pod CIDRs.
    const nodes = table((await t.kubectl(['get', 'nodes', '--no-headers'])).stdout);
    expect(nodes.map((r) => [r[0], r[1]])).toEqual([['minik9s', 'Ready'], ['minik9s-m02', 'Ready'], ['minik9s-m03', 'Ready']]);
    expect((await t.kubectl(['get', 'node', 'minik9s-m03', '-o', 'jsonpath={.spec.podCIDR}'])).stdout).toBe('10.244.2.0/24');

    const add = await cli('node', 'add');
    expect(add.exitCode, add.stderr).toBe(0);
    expect(add.stdout).toBe('* Adding node m04 to cluster minik9s as [worker]\n* Starting "minik9s-m04" worker node in "minik9s" cluster\n* Successfully added m04 to minik9s!\n');

    // A Deployment spread over the nodes; deleting m02 moves its pods elsewhere.
    expect((await t.kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=6'])).exitCode).toBe(0);
    expect((await t.kubectl(['rollout', 'status', 'deploy/web', '--timeout=60s'])).exitCode).toBe(0);
    const del = await cli('node', 'delete', 'm02');
    expect(del.exitCode, del.stderr).toBe(0);
    expect(del.stdout).toBe('* Deleting node m02 from cluster minik9s\n* Node m02 was successfully deleted.\n');
    expect((await cli('node', 'list')).stdout).toBe('minik9s\t192.168.49.2\nminik9s-m03\t192.168.49.4\nminik9s-m04\t192.168.49.5\n');
    expect((await t.kubectl(['rollout', 'status', 'deploy/web', '--timeout=60s'])).exitCode).toBe(0);
    const pods = table((await t.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'wide', '--no-headers'])).stdout);
    expect(pods.filter((r) => r[2] === 'Running')).toHaveLength(6);
    expect(pods.map((r) => r[6])).not.toContain('minik9s-m02');

    // What cannot be done is said in one line, with minikube's exit code for guest errors.
    const cp = await cli('node', 'delete', 'minik9s');
    expect(cp.exitCode).toBe(80);
    expect(cp.stderr).toContain('node minik9s is the control plane: delete the cluster instead ("minik9s delete")');
    expect(cp.stdout).toBe('');
    const missing = await cli('node', 'delete', 'm09');
    expect(missing.exitCode).toBe(80);
    expect(missing.stderr).toContain('retrieving node: Could not find node m09');
    expect((await cli('node', 'frobnicate')).exitCode).toBe(64);

    // Stopped: the workers are reported stopped too; the next start brings back as many nodes.
    expect((await cli('stop')).exitCode).toBe(0);
    const stopped = await cli('status');
    expect(stopped.exitCode).toBe(7);
    expect(stopped.stdout.match(/type: Worker\nhost: Stopped\nkubelet: Stopped/g)).toHaveLength(2);
    expect((await cli('node', 'list')).exitCode).toBe(83);
    expect((await cli('start')).exitCode).toBe(0);
    expect((await cli('node', 'list')).stdout.trim().split('\n')).toHaveLength(3);
  });
});

/** The rest of minikube's lifecycle commands: profile NAME, logs, update-context, delete --all --purge. */
describe('profiles and the other lifecycle commands', () => {
  let t: TestEnv;
  const cli = (...args: string[]) => t.cli(args);
  beforeAll(() => {
    t = makeEnv();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('profile NAME chooses the profile commands use; logs, update-context; delete --all --purge removes everything', async () => {
    expect((await cli('start')).exitCode).toBe(0);
    expect((await cli('start', '-p', 'second', '--keep-context')).exitCode).toBe(0);
    expect((await cli('profile')).stdout).toBe('minik9s\n');
    const set = await cli('profile', 'second');
    expect(set.stdout).toBe('* minik9s profile was successfully set to second\n');
    expect((await cli('profile')).stdout).toBe('second\n');
    expect((await cli('status')).stdout).toMatch(/^second\ntype: Control Plane/);
    expect((await cli('profile', 'list')).stdout).toMatch(/\| second {2}\| simulated \|.*\| {3}1 {3}\| {7}\* {8}\|/);
    const missing = await cli('profile', 'nope');
    expect(missing.exitCode).toBe(85);
    expect(missing.stdout).toContain('Profile "nope" not found');

    // minik9s kubectl -- ARGS: kubectl on the profile's cluster, its output and exit code passed through.
    const withKubectl = { env: { MINIK9S_KUBECTL: KUBECTL } };
    const got = await t.cli(['kubectl', '--', 'get', 'nodes', '--no-headers'], withKubectl);
    expect(got.exitCode).toBe(0);
    expect(got.stdout).toMatch(/^second\s+Ready\s+control-plane/);
    const nf = await t.cli(['kubectl', 'get', 'pod', 'nope'], withKubectl);
    expect(nf.exitCode).toBe(1);
    expect(nf.stderr).toContain('Error from server (NotFound): pods "nope" not found');
    // get is built in: it needs no kubectl; what is not built in yet does.
    const builtIn = await t.cli(['kubectl', 'get', 'nodes'], { env: { MINIK9S_KUBECTL: '/nonexistent/kubectl' } });
    expect(builtIn.exitCode, builtIn.stderr).toBe(0);
    expect(builtIn.stdout).toMatch(/^NAME {5}STATUS {3}ROLES {11}AGE {3}VERSION\nsecond   Ready    control-plane   \d+s +v1\.35\.1\n$/);
    const none = await t.cli(['kubectl', 'auth', 'can-i', 'get', 'pods'], { env: { MINIK9S_KUBECTL: '/nonexistent/kubectl' } });
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('kubectl was not found on PATH');
    const bare = await t.cli(['kubectl'], { env: { MINIK9S_KUBECTL: '/nonexistent/kubectl' } });
    expect(bare.exitCode).toBe(0);
    expect(bare.stdout).toMatch(/^minik9s kubectl runs kubectl commands on the "second" cluster: .*\n\nBuilt in \(no kubectl needed\): get, describe, .*apply, delete/);
    const help = await t.cli(['kubectl', 'get', '--help'], { env: { MINIK9S_KUBECTL: '/nonexistent/kubectl' } });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^kubectl get is built into minik9s\.\nFlags built in: -A, --all-namespaces {2}-l, --selector VALUE/);
    // Through the binary, `-f -` reads the process's standard input.
    const { execa } = await import('execa');
    const piped = await execa(process.execPath, [BIN, 'kubectl', 'apply', '-f', '-'], {
      env: { ...t.env, MINIK9S_KUBECTL: '/nonexistent/kubectl' },
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piped\n',
      stripFinalNewline: false,
      reject: false,
    });
    expect(piped.stdout, piped.stderr).toBe('configmap/piped created\n');

    const logs = await cli('logs', '-n', '1');
    expect(logs.stdout).toMatch(/^==> .*profiles\/second\/daemon\.log <==\n.*serving the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ \(pid \d+\)\n$/);

    // A kubeconfig pointing somewhere else is put right.
    const { readFileSync, writeFileSync } = await import('node:fs');
    const kc = readFileSync(t.env.KUBECONFIG!, 'utf8');
    writeFileSync(t.env.KUBECONFIG!, kc.replace(/(server: https:\/\/127\.0\.0\.1:)\d+/g, '$11'));
    const upd = await cli('update-context');
    expect(upd.stdout).toMatch(/^\* "second" context has been updated to point to 127\.0\.0\.1:\d+\n\* Current context is "second"\n$/);
    expect((await cli('update-context')).stdout).toMatch(/already pointing to/);
    expect((await t.kubectl(['--context', 'second', 'get', 'nodes', '--no-headers'])).stdout).toMatch(/^second\s+Ready/);

    // With "second" active, the way to start "minik9s" names it: a bare "minik9s start" would start "second".
    expect((await cli('stop', '-p', 'minik9s')).exitCode).toBe(0);
    const stopped = await cli('node', 'list', '-p', 'minik9s');
    expect(stopped.exitCode).toBe(83);
    expect(stopped.stderr).toContain('The "minik9s" cluster is not running. To start it, run: "minik9s start -p minik9s"');
    expect((await cli('node', 'list')).stdout).toBe('second\t192.168.49.2\n');

    // Deleting the active profile sends commands back to the default one.
    expect((await cli('delete')).exitCode).toBe(0);
    expect((await cli('profile')).stdout).toBe('minik9s\n');
    expect((await cli('delete', '--purge')).exitCode).toBe(64);
    const all = await cli('delete', '--all', '--purge');
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toContain('* Successfully deleted all profiles');
    expect(all.stdout).toContain(`* Successfully purged minik9s directory located at - [${t.env.MINIK9S_HOME}]`);
    const { existsSync } = await import('node:fs');
    expect(existsSync(t.env.MINIK9S_HOME!)).toBe(false);
    expect(readFileSync(t.env.KUBECONFIG!, 'utf8')).not.toContain('minik9s');
  });
});

/** minikube's addons: list, enable, disable, kept in the profile. */
describe('addons', () => {
  let t: TestEnv;
  const cli = (...args: string[]) => t.cli(args);
  beforeAll(() => {
    t = makeEnv();
  });
  afterAll(async () => {
    await t.cli(['delete']);
    await t.cleanup();
  });

  it('metrics-server serves kubectl top until disabled; default-storageclass flips the default; both survive a restart', async () => {
    expect((await cli('start')).exitCode).toBe(0);
    const list = await cli('addons', 'list');
    expect(list.stdout).toContain('|    metrics-server    | minik9s | enabled ✅ | Kubernetes |');
    expect(list.stdout).toContain('|       ingress        | minik9s |  disabled  | Kubernetes |');
    expect((await t.kubectl(['get', 'deploy', 'metrics-server', '-n', 'kube-system', '--no-headers'])).exitCode).toBe(0);
    expect((await t.kubectl(['top', 'nodes', '--no-headers'])).stdout).toMatch(/^minik9s\s+\d+m\s+\d+%/);

    const off = await cli('addons', 'disable', 'metrics-server');
    expect(off.stdout).toBe('* "The \'metrics-server\' addon is disabled"\n');
    const top = await t.kubectl(['top', 'nodes']);
    expect(top.exitCode).toBe(1);
    expect(top.stderr).toContain('error: Metrics API not available');
    expect((await t.kubectl(['get', 'deploy', 'metrics-server', '-n', 'kube-system'])).stderr).toContain('NotFound');
    expect((await cli('addons', 'disable', 'metrics-server')).stdout).toBe("* The 'metrics-server' addon is already disabled\n");

    expect((await cli('addons', 'disable', 'default-storageclass')).exitCode).toBe(0);
    expect((await t.kubectl(['get', 'sc', '--no-headers'])).stdout).toMatch(/^standard\s+k8s\.io\/minikube-hostpath/);

    const dash = await cli('addons', 'enable', 'dashboard');
    expect(dash.exitCode).toBe(0);
    expect(dash.stdout).toContain('The dashboard is built into minik9s: open it with "minik9s dashboard"');
    expect((await cli('addons', 'enable', 'nope')).exitCode).toBe(64);

    expect((await cli('stop')).exitCode).toBe(0);
    expect((await cli('start')).exitCode).toBe(0);
    expect((await cli('addons', 'list')).stdout).toContain('|    metrics-server    | minik9s |  disabled  | Kubernetes |');
    expect((await t.kubectl(['top', 'nodes'])).exitCode).toBe(1);
    const on = await cli('addons', 'enable', 'metrics-server');
    expect(on.stdout).toBe("* The 'metrics-server' addon is enabled\n");
    expect((await t.kubectl(['top', 'nodes', '--no-headers'])).exitCode).toBe(0);
    expect((await t.kubectl(['get', 'sc', '--no-headers'])).stdout).toMatch(/^standard\s+k8s/); // still not default
  });
});
