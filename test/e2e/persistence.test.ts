import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { clientFromKubeconfig } from '../../src/client/kubeconfig.js';
import { mustKind } from '../../src/api/kinds.js';
import { makeEnv, table, waitFor, type TestEnv } from '../helpers/env.js';

const cmKind = mustKind('v1', 'ConfigMap');

/** The cluster's state survives `stop`/`start` and `kill -9`: the real kubectl checks, and every acknowledged write is found. */
describe('persistence', () => {
  let t: TestEnv;
  const cli = (...args: string[]) => t.cli(args);
  const profileFile = () => JSON.parse(readFileSync(path.join(t.env.MINIK9S_HOME, 'profiles', 'minik9s', 'config.json'), 'utf8')) as { pid?: number };
  const daemonLog = () => readFileSync(path.join(t.env.MINIK9S_HOME, 'profiles', 'minik9s', 'daemon.log'), 'utf8');
  /** uid and resourceVersion of every object of some kinds, as kubectl reads them. */
  const snapshot = async (what: string) => {
    const r = await t.kubectl(['get', what, '-A', '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name} {.metadata.uid} {.metadata.resourceVersion}{"\\n"}{end}']);
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout.trim().split('\n').map((l) => l.split(' '));
  };

  beforeAll(() => {
    t = makeEnv();
  });
  afterAll(async () => {
    await t.cli(['delete']);
    await t.cleanup();
  });

  it('stop then start brings back every object with its uid; resourceVersions keep growing; pods come back restarted', async () => {
    expect((await cli('start')).exitCode).toBe(0);
    for (const args of [
      ['create', 'namespace', 'shop'],
      ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '-n', 'shop'],
      ['expose', 'deployment', 'web', '--port=80', '--type=NodePort', '-n', 'shop'],
      ['create', 'configmap', 'cfg', '--from-literal=colour=blue', '-n', 'shop'],
      ['create', 'secret', 'generic', 'pw', '--from-literal=password=s3cret', '-n', 'shop'],
    ]) {
      const r = await t.kubectl(args);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect((await t.kubectl(['rollout', 'status', 'deploy/web', '-n', 'shop', '--timeout=60s'])).exitCode).toBe(0);
    const objects = 'namespaces,deployments,replicasets,services,configmaps,secrets,pods';
    const before = await snapshot(objects);
    const nodePort = (await t.kubectl(['get', 'svc', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout;
    const maxRv = Math.max(...before.map((r) => Number(r[2])));

    const stop = await cli('stop');
    expect(stop.exitCode, stop.stderr).toBe(0);
    expect((await cli('status')).exitCode).not.toBe(0);
    const start = await cli('start');
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout).toContain('* Restarting existing simulated node for "minik9s" ...');
    expect(daemonLog()).toMatch(/store: restored \d+ objects at revision \d+ \(snapshot \d+ \+ 0 log records\) in \d+ ms/);

    // The same objects, the same uids; the Service keeps its node port, the Secret its data.
    const after = await snapshot(objects);
    const uidOf = (rows: string[][]) => Object.fromEntries(rows.map((r) => [r[0], r[1]]));
    expect(uidOf(after)).toEqual(uidOf(before));
    expect((await t.kubectl(['get', 'svc', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout).toBe(nodePort);
    expect((await t.kubectl(['get', 'secret', 'pw', '-n', 'shop', '-o', 'jsonpath={.data.password}'])).stdout).toBe(Buffer.from('s3cret').toString('base64'));
    // A new write gets a resourceVersion past every one from before the stop.
    const created = await t.kubectl(['create', 'configmap', 'later', '-n', 'shop', '-o', 'jsonpath={.metadata.resourceVersion}']);
    expect(Number(created.stdout)).toBeGreaterThan(maxRv);
    // The pods are the same pods, restarted once, as after a node reboot.
    expect((await t.kubectl(['rollout', 'status', 'deploy/web', '-n', 'shop', '--timeout=60s'])).exitCode).toBe(0);
    const pods = await waitFor(async () => {
      const rows = table((await t.kubectl(['get', 'pods', '-n', 'shop', '--no-headers'])).stdout);
      return rows.length === 3 && rows.every((r) => r[1] === '1/1' && r[2] === 'Running') && rows;
    }, 'the pods running again');
    for (const r of pods) expect(r[3]).toMatch(/^1 \(\d+s ago\)$/);
    const reasons = (await t.kubectl(['get', 'events', '-n', 'shop', '-o', 'jsonpath={.items[*].reason}'])).stdout;
    expect(reasons).toContain('SandboxChanged');
  });

  it('kill -9 in the middle of a stream of writes loses none that were acknowledged', async () => {
    const { client } = await clientFromKubeconfig({ kubeconfig: t.env.KUBECONFIG });
    const acknowledged: string[] = [];
    let stopping = false;
    let failed = 0;
    const writer = async (w: number) => {
      for (let i = 0; !stopping; i++) {
        const name = `w${w}-${i}`;
        try {
          await client.create(cmKind, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } });
          acknowledged.push(name);
        } catch {
          failed++;
          return; // the daemon is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    await waitFor(() => acknowledged.length >= 300, '300 acknowledged writes');
    process.kill(profileFile().pid!, 'SIGKILL');
    const killedAt = acknowledged.length;
    await Promise.all(writers);
    stopping = true;
    client.close();
    expect(failed).toBeGreaterThan(0); // the writers really were cut off mid-stream
    expect(acknowledged.length).toBeGreaterThanOrEqual(killedAt);

    const start = await cli('start');
    expect(start.exitCode, start.stderr).toBe(0);
    const names = new Set((await t.kubectl(['get', 'configmaps', '-n', 'default', '-o', 'name'])).stdout.trim().split('\n').map((l) => l.replace('configmap/', '')));
    const lost = acknowledged.filter((n) => !names.has(n));
    expect(lost, `${lost.length} of ${acknowledged.length} acknowledged writes lost`).toEqual([]);
  });

  it('two daemons can never run one profile: of two starts racing on a new profile, the store lock lets one through', async () => {
    const [a, b] = await Promise.all([cli('start', '-p', 'race'), cli('start', '-p', 'race')]);
    const results = [a, b].map((r) => r.exitCode).sort();
    const loser = [a, b].find((r) => r.exitCode !== 0);
    // Either the second start saw the first one's daemon already serving (both succeed), or it lost the race.
    if (loser) {
      expect(results).toEqual([0, 80]);
      expect(loser.stderr).toMatch(/another minik9s daemon .*already runs profile "race"/);
    }
    const daemons = (await import('node:child_process')).execFileSync('pgrep', ['-f', `daemon --profile race`], { encoding: 'utf8' }).trim().split('\n');
    expect(daemons).toHaveLength(1);
    expect((await cli('status', '-p', 'race')).exitCode).toBe(0);
    // One set of certificates too: the winner's serving certificate is the one the kubeconfig trusts.
    expect((await t.kubectl(['--context', 'race', 'get', 'ns', 'default', '-o', 'name'])).stdout.trim()).toBe('namespace/default');
    expect((await cli('delete', '-p', 'race')).exitCode).toBe(0);
  });
});
