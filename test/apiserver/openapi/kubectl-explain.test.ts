import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hostCluster, type HostedCluster } from '../../../src/cluster/host.js';
import { ensureTools } from '../../setup/tools.js';
import { KINDS } from '../../../src/api/kinds.js';

const run = promisify(execFile);
const GOLDEN = path.join(import.meta.dirname, 'golden');
// UPDATE_GOLDEN=1 rewrites the golden files from this run (then review them against a real cluster's output).
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (update) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('kubectl explain (real kubectl 1.35) against a hosted cluster', () => {
  let h: HostedCluster;
  let kubectl: string;
  let cache: string;

  beforeAll(async () => {
    kubectl = (await ensureTools()).kubectl;
    h = await hostCluster();
    cache = mkdtempSync(path.join(tmpdir(), 'minik9s-explain-'));
  });

  afterAll(async () => {
    await h?.stop();
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  // Async: the cluster answers from this process, so kubectl must not block the event loop.
  const explain = async (...args: string[]) =>
    (await run(kubectl, ['--server', h.url, '--cache-dir', cache, '--insecure-skip-tls-verify', 'explain', ...args], { encoding: 'utf8' })).stdout;

  it('explain deployment.spec.replicas', async () => {
    golden('explain-deployment.spec.replicas.txt', await explain('deployment.spec.replicas'));
  });

  it('explain pod.spec (head)', async () => {
    const out = await explain('pod.spec');
    // Up to dnsConfig: from dnsPolicy on, a real cluster also prints `enum:` lines and "Possible enum values"
    // paragraphs, which neither model package carries.
    golden('explain-pod.spec.head.txt', out.split('\n').slice(0, 32).join('\n') + '\n');
  });

  it('explain deployment: GROUP, KIND, VERSION, DESCRIPTION and the top-level FIELDS', async () => {
    const out = await explain('deployment');
    expect(out.startsWith('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nDESCRIPTION:\n    Deployment enables declarative updates for Pods and ReplicaSets.\n')).toBe(true);
    const fields = out.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(fields).toEqual(['  apiVersion\t<string>', '  kind\t<string>', '  metadata\t<ObjectMeta>', '  spec\t<DeploymentSpec>', '  status\t<DeploymentStatus>']);
  });

  it('explain deployment.spec: the field, its type description, required markers', async () => {
    const out = await explain('deployment.spec');
    expect(out).toContain('FIELD: spec <DeploymentSpec>\n');
    expect(out).toContain('    Specification of the desired behavior of the Deployment.\n    DeploymentSpec is the specification of the desired behavior of the\n    Deployment.\n');
    expect(out).toContain('  replicas\t<integer>\n');
    expect(out).toContain('  selector\t<LabelSelector> -required-\n');
    expect(out).toContain('  template\t<PodTemplateSpec> -required-\n');
  });

  it('explain pods.spec.containers: list type and nested types', async () => {
    const out = await explain('pods.spec.containers');
    expect(out.startsWith('KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>\n')).toBe(true);
    expect(out).toContain('    A single application container that you want to run within a pod.\n');
    for (const line of ['  args\t<[]string>', '  env\t<[]EnvVar>', '  image\t<string>', '  name\t<string> -required-', '  ports\t<[]ContainerPort>', '  resources\t<ResourceRequirements>'])
      expect(out).toContain(`${line}\n`);
  });

  it('explain svc --recursive: the whole tree, int-or-string included', async () => {
    const out = await explain('svc', '--recursive');
    expect(out).toContain('KIND:       Service\nVERSION:    v1\n');
    for (const line of ['  spec\t<ServiceSpec>', '    ports\t<[]ServicePort>', '      port\t<integer> -required-', '      targetPort\t<IntOrString>', '    selector\t<map[string]string>', '    creationTimestamp\t<string>'])
      expect(out).toContain(`${line}\n`);
    expect(await explain('pods.spec.containers.resources.limits')).toContain('FIELD: limits <map[string]Quantity>\n');
  });

  it('kubectl apply still builds strategic merge patches with its own merge keys (a removed container goes)', async () => {
    const kc = (args: string[], input?: string) =>
      new Promise<string>((resolve, reject) => {
        const child = execFile(kubectl, ['--server', h.url, '--cache-dir', cache, '--insecure-skip-tls-verify', ...args], { encoding: 'utf8' }, (err, stdout, stderr) =>
          err ? reject(new Error(stderr || String(err))) : resolve(stdout + stderr),
        );
        child.stdin?.end(input ?? '');
      });
    const manifest = (containers: string) =>
      `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"smp","namespace":"default"},"spec":{"replicas":1,` +
      `"selector":{"matchLabels":{"app":"smp"}},"template":{"metadata":{"labels":{"app":"smp"}},"spec":{"containers":[${containers}]}}}}`;
    await kc(['apply', '-f', '-'], manifest('{"name":"a","image":"nginx:1.27"},{"name":"b","image":"busybox"}'));
    const out = await kc(['apply', '-f', '-'], manifest('{"name":"a","image":"nginx:1.28"}'));
    expect(out).not.toContain('warning');
    const live = JSON.parse(await kc(['get', 'deployment', 'smp', '-o', 'json'])) as { spec: { template: { spec: { containers: { name: string; image: string }[] } } } };
    expect(live.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['a=nginx:1.28']);
  });

  it('every served resource can be explained', async () => {
    for (const k of KINDS) {
      const out = await explain(k.resource, `--api-version=${k.group ? `${k.group}/` : ''}${k.version}`);
      expect(out, k.kind).toContain(`KIND:       ${k.kind}\nVERSION:    ${k.version}\n`);
    }
  });
});
