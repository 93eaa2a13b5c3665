import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hostCluster, type HostedCluster } from '../../../src/cluster/host.js';
import { ensureTools } from '../../setup/tools.js';

const run = promisify(execFile);

const manifest = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: x
  labels: {app: x}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers:
      - name: nginx
        image: ${image}
`;

describe('server-side apply with the real kubectl 1.35', () => {
  let h: HostedCluster;
  let kubectl: string;
  let dir: string;

  beforeAll(async () => {
    kubectl = (await ensureTools()).kubectl;
    h = await hostCluster();
    dir = mkdtempSync(path.join(tmpdir(), 'minik9s-ssa-'));
  });

  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Async: the cluster answers from this process, so kubectl must not block the event loop.
  const k = async (...args: string[]) => {
    try {
      const r = await run(kubectl, ['--server', h.url, '--cache-dir', path.join(dir, 'cache'), ...args], { encoding: 'utf8' });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('apply, patch by another manager, conflict, --force-conflicts, managers shown', async () => {
    const first = await k('apply', '--server-side', '-f', file('a.yaml', manifest(2, 'nginx')));
    expect(first).toMatchObject({ code: 0, stdout: 'deployment.apps/x serverside-applied\n' });

    const changed = await k('apply', '--server-side', '-f', file('b.yaml', manifest(2, 'nginx:1.27')));
    expect(changed.stdout).toBe('deployment.apps/x serverside-applied\n');

    const patched = await k('patch', 'deploy', 'x', '--type=merge', '-p', '{"spec":{"replicas":5}}');
    expect(patched.stdout).toBe('deployment.apps/x patched\n');

    const conflict = await k('apply', '--server-side', '-f', file('c.yaml', manifest(3, 'nginx:1.27')));
    expect(conflict.code).toBe(1);
    expect(conflict.stderr.split('\n')[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas');
    expect(conflict.stderr).toContain('--force-conflicts');

    const forced = await k('apply', '--server-side', '--force-conflicts', '-f', path.join(dir, 'c.yaml'));
    expect(forced).toMatchObject({ code: 0, stdout: 'deployment.apps/x serverside-applied\n' });

    const hidden = await k('get', 'deploy', 'x', '-o', 'yaml');
    expect(hidden.stdout).not.toContain('managedFields');
    const shown = await k('get', 'deploy', 'x', '-o', 'yaml', '--show-managed-fields');
    expect(shown.stdout).toContain('managedFields:');
    expect(shown.stdout).toContain('manager: kubectl\n    operation: Apply');
    expect(shown.stdout).toContain('f:replicas: {}');
    expect(shown.stdout).toContain('k:{"name":"nginx"}:');
    expect(shown.stdout).toContain('replicas: 3');
    // kubectl-patch lost its only field to the forced apply, so its entry is gone.
    expect(shown.stdout).not.toContain('manager: kubectl-patch');
  });
});
