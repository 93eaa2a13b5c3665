import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeEnv, table, type TestEnv } from '../helpers/env.js';

/** `start --kubernetes-version` (reported by the API, upgrades, refused downgrades) and `--wait`. */
describe('start --kubernetes-version and --wait', () => {
  let t: TestEnv;
  const cli = (...args: string[]) => t.cli(args);
  beforeAll(() => {
    t = makeEnv();
  });
  afterAll(async () => {
    await t.cli(['delete', '--all']);
    await t.cleanup();
  });

  it('refuses versions it cannot have, in one line with minikube reason codes', async () => {
    for (const [v, reason] of [
      ['v1.9.0', 'K8S_OLD_UNSUPPORTED'],
      ['v1.99.0', 'K8S_NEWER_UNSUPPORTED'],
      ['one-point-thirty', 'MK_USAGE'],
    ]) {
      const r = await cli('start', `--kubernetes-version=${v}`);
      expect(r.exitCode, v).toBe(64);
      expect(r.stderr).toMatch(new RegExp(`^X Exiting due to ${reason}: `));
    }
    expect((await cli('profile', 'list')).stdout).toContain('No minik9s profile was found');
  });

  it('a cluster reports the version it was started with; a newer one upgrades it, an older one is refused', async () => {
    const s = await cli('start', '--kubernetes-version=1.33.2', '--wait=all');
    expect(s.exitCode, s.stderr).toBe(0);
    expect(s.stdout).toContain('* Preparing Kubernetes v1.33.2 on Docker');
    // --wait=all: every kube-system pod is Ready when start returns.
    const sys = table((await t.kubectl(['get', 'pods', '-n', 'kube-system', '--no-headers'])).stdout);
    expect(sys.length).toBeGreaterThan(5);
    expect(sys.every((r) => r[1] === '1/1' && r[2] === 'Running')).toBe(true);
    const v = JSON.parse((await t.kubectl(['version', '-o', 'json'])).stdout) as { serverVersion: { gitVersion: string; minor: string } };
    expect(v.serverVersion).toMatchObject({ gitVersion: 'v1.33.2', minor: '33' });
    expect(table((await t.kubectl(['get', 'nodes', '--no-headers'])).stdout)[0]![4]).toBe('v1.33.2');
    expect((await t.kubectl(['get', 'pod', 'kube-apiserver-minik9s', '-n', 'kube-system', '-o', 'jsonpath={.spec.containers[0].image}'])).stdout).toBe('registry.k8s.io/kube-apiserver:v1.33.2');

    const down = await cli('start', '--kubernetes-version=v1.30.0');
    expect(down.exitCode).toBe(64);
    expect(down.stderr).toBe('X Exiting due to K8S_DOWNGRADE_UNSUPPORTED: Unable to safely downgrade existing Kubernetes v1.33.2 cluster to v1.30.0: recreate it ("minik9s delete", then start with --kubernetes-version=v1.30.0) or keep v1.33.2\n');
    expect((await t.kubectl(['version', '-o', 'json'])).stdout).toContain('"gitVersion": "v1.33.2"');

    const up = await cli('start', '--kubernetes-version=v1.34.1', '--wait=system_pods');
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stdout).toContain('* Upgrading from Kubernetes v1.33.2 to v1.34.1');
    expect(table((await t.kubectl(['get', 'nodes', '--no-headers'])).stdout)[0]![4]).toBe('v1.34.1');
    expect((await t.kubectl(['get', 'ds', 'kube-proxy', '-n', 'kube-system', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout).toBe('registry.k8s.io/kube-proxy:v1.34.1');
    expect((await cli('profile', 'list')).stdout).toMatch(/\| minik9s \| simulated \| docker \s*\| 192\.168\.49\.2 \| \d+ \| v1\.34\.1 \|/);
    // A plain start keeps the version the profile has.
    expect((await cli('start')).stdout).not.toContain('Upgrading');
  });

  it('--wait checks its words and gives up after --wait-timeout with what is missing', async () => {
    const bad = await cli('start', '-p', 'w', '--wait=everything');
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr).toMatch(/^Error: invalid value "everything" for --wait: use all, none, or a list of apiserver, /);
    expect((await cli('start', '-p', 'w', '--wait-timeout=1m')).stderr).toMatch(/^Error: --wait-timeout needs --wait/);
    const late = await cli('start', '-p', 'w', '--wait=apps_running', '--wait-timeout=1ms');
    expect(late.exitCode).toBe(80);
    expect(late.stderr).toMatch(/^X Exiting due to GUEST_START: wait 1ms for apps_running: kube-system pods not Ready: /);
    expect((await cli('delete', '-p', 'w')).exitCode).toBe(0);
  });
});
