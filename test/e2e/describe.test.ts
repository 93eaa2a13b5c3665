import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { mustKind } from '../../src/api/kinds.js';
import { clientFromKubeconfig } from '../../src/client/kubeconfig.js';
import { describeObject } from '../../src/client/describe.js';
import type { HttpClient } from '../../src/client/http-client.js';
import { makeEnv, waitFor, type TestEnv } from '../helpers/env.js';

/** Ages differ by the second between two readings; everything else must be byte for byte the same. */
function normalise(text: string): string {
  return text.replace(/(?<=\s)(<invalid>|\d+[smhdy](\d+[smhd])?)(?=\s|$)/gm, 'AGE').trimEnd();
}

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, labels: {app: web, tier: front}}
data:
  greeting: hello
  nginx.conf: |
    server { listen 80; }
---
apiVersion: v1
kind: Secret
metadata: {name: web-secret}
stringData: {password: s3cret, user: admin}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {team: platform, note: "${'a long note '.repeat(14)}"}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80, name: http}]
        command: [nginx, -g, "daemon off;"]
        env:
        - {name: GREETING, valueFrom: {configMapKeyRef: {name: web-config, key: greeting}}}
        - {name: PASSWORD, valueFrom: {secretKeyRef: {name: web-secret, key: password}}}
        - {name: MODE, value: demo}
        - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
        envFrom: [{configMapRef: {name: web-config}}]
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
        livenessProbe: {tcpSocket: {port: http}, initialDelaySeconds: 3}
        volumeMounts:
        - {name: conf, mountPath: /etc/nginx/conf.d}
        - {name: scratch, mountPath: /tmp}
      volumes:
      - {name: conf, configMap: {name: web-config}}
      - {name: scratch, emptyDir: {}}
      tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]
      nodeSelector: {kubernetes.io/os: linux}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;

/**
 * The dashboard's describe (`d`) is checked against the real kubectl 1.35 describe of the same objects: the same
 * sections, values and alignment, byte for byte once ages are set aside.
 */
describe('describe matches kubectl describe', () => {
  let t: TestEnv;
  let client: HttpClient;
  const k = (...args: string[]) => t.kubectl(args);

  beforeAll(async () => {
    t = makeEnv();
    const r = await t.cli(['start', '--speed', '10']);
    expect(r.exitCode, r.stderr).toBe(0);
    const file = path.join(t.dir, 'web.yaml');
    writeFileSync(file, MANIFEST);
    const a = await k('apply', '-f', file);
    expect(a.exitCode, a.stderr).toBe(0);
    expect((await k('rollout', 'status', 'deploy/web', '--timeout=60s')).exitCode).toBe(0);
    ({ client } = await clientFromKubeconfig({ kubeconfig: t.env.KUBECONFIG }));
  });
  afterAll(async () => {
    client?.close();
    await t.cli(['stop']);
    await t.cleanup();
  });

  /**
   * same describes one object both ways and compares. The cluster runs at 10x, so a node renews its lease and
   * heartbeat every second of wall time: when one fell between the two reads, both are read again (three tries).
   */
  async function same(apiVersion: string, kind: string, namespace: string | undefined, name: string, arg: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const theirs = await k('describe', arg, ...(namespace ? ['-n', namespace] : []));
      expect(theirs.exitCode, theirs.stderr).toBe(0);
      const ours = await describeObject(client, mustKind(apiVersion, kind), namespace, name, Date.now());
      if (attempt < 3 && normalise(ours) !== normalise(theirs.stdout)) continue;
      expect(normalise(ours)).toBe(normalise(theirs.stdout));
      return ours;
    }
  }

  it('a pod with probes, env from a ConfigMap and a Secret, resources, mounts and tolerations', async () => {
    const pod = await waitFor(async () => {
      const r = await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}');
      return r.stdout || undefined;
    }, 'a web pod');
    const text = await same('v1', 'Pod', 'default', pod, `pod/${pod}`);
    expect(text).toMatch(/Readiness:\s+http-get http:\/\/:80\/ delay=0s timeout=1s period=5s #success=1 #failure=3\n/);
    expect(text).toMatch(/GREETING:\s+<set to the key 'greeting' of config map 'web-config'>\s+Optional: false/);
  });

  it('a Deployment (a long annotation on lines of its own), its ReplicaSet, its NodePort Service', async () => {
    const d = await same('apps/v1', 'Deployment', 'default', 'web', 'deploy/web');
    expect(d).toContain('NewReplicaSet:');
    const rs = (await k('get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')).stdout;
    await same('apps/v1', 'ReplicaSet', 'default', rs, `rs/${rs}`);
    const s = await same('v1', 'Service', 'default', 'web', 'svc/web');
    expect(s).toMatch(/Endpoints:\s+10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80\n/);
  });

  it('a ConfigMap, a Secret (sizes only), a namespace and the node', async () => {
    await same('v1', 'ConfigMap', 'default', 'web-config', 'cm/web-config');
    const sec = await same('v1', 'Secret', 'default', 'web-secret', 'secret/web-secret');
    expect(sec).not.toContain('s3cret');
    await same('v1', 'Namespace', undefined, 'default', 'ns/default');
    await same('v1', 'Node', undefined, 'minik9s', 'node/minik9s');
  });
});
