import { describe } from 'vitest';
import { mustKind } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/types.js';
import { deployment } from '../../controllers/helpers.js';
import { goldenSuite, type Side, type Step } from './harness.js';

const podKind = mustKind('v1', 'Pod');

/** pod builds a bare pod bound to a node (no scheduler: the same placement on both clusters). */
function pod(name: string, node: string, containers: { name: string; image: string; command?: string[] }[], extra: { annotations?: Record<string, string>; restartPolicy?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { run: name }, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: { nodeName: node, containers, ...(extra.restartPolicy ? { restartPolicy: extra.restartPolicy } : {}) },
  } as KubeObject;
}

/**
 * A two-node cluster: bare pods on the control plane (one, two and three containers, one that keeps crashing, one
 * that has finished), and on the worker a Deployment's pod and one with an emptyDir, for drain.
 */
async function buildPods({ h, clock }: Side): Promise<void> {
  const c = h.cluster.client;
  await h.cluster.addNode();
  await c.create(podKind, 'default', pod('solo', 'minik9s', [{ name: 'nginx', image: 'nginx' }]));
  await c.create(podKind, 'default', pod('duo', 'minik9s', [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo main says hi; echo main again; sleep 3600'] }, { name: 'idle', image: 'busybox', command: ['sleep', '3600'] }]));
  await c.create(
    podKind,
    'default',
    pod('pinned', 'minik9s', [{ name: 'first', image: 'busybox', command: ['sleep', '3600'] }, { name: 'second', image: 'busybox', command: ['sh', '-c', 'echo pinned second; sleep 3600'] }], {
      annotations: { 'kubectl.kubernetes.io/default-container': 'second' },
    }),
  );
  await c.create(podKind, 'default', pod('crashy', 'minik9s', [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'echo boom; exit 3'] }]));
  await c.create(podKind, 'default', pod('done', 'minik9s', [{ name: 'job', image: 'busybox', command: ['sh', '-c', 'echo finished'] }], { restartPolicy: 'Never' }));
  await c.create(mustKind('apps/v1', 'Deployment'), 'default', {
    ...deployment('api', 1),
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { nodeSelector: { 'kubernetes.io/hostname': 'minik9s-m02' }, containers: [{ name: 'nginx', image: 'nginx' }] } },
    },
  } as KubeObject);
  await c.create(mustKind('apps/v1', 'Deployment'), 'default', {
    ...deployment('cache', 1),
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'cache' } },
      template: {
        metadata: { labels: { app: 'cache' } },
        spec: { nodeSelector: { 'kubernetes.io/hostname': 'minik9s-m02' }, volumes: [{ name: 'tmp', emptyDir: {} }], containers: [{ name: 'redis', image: 'redis' }] },
      },
    },
  } as KubeObject);
  for (let i = 0; i < 12; i++) await clock.advance(10_000);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * evicted is a `during` for a drain: once the eviction has marked a pod of the selector for deletion, the cluster
 * clock runs on (a second at a time, the way kubectl polls) until its grace period is over and it is gone.
 */
const evicted =
  (selector: string) =>
  async ({ h, clock }: Side): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const items = (await h.cluster.client.list(podKind, 'default', { labelSelector: selector })).items;
      if (items.some((p) => p.metadata.deletionTimestamp)) break;
      await sleep(20);
    }
    for (let i = 0; i < 40; i++) {
      await clock.advance(1_000);
      await sleep(5);
    }
  };

/** runs advances the cluster clock while a command waits (`logs -f` on a container that is still running). */
const runs = async ({ clock }: Side): Promise<void> => {
  await sleep(300);
  for (let i = 0; i < 30; i++) {
    await clock.advance(1_000);
    await sleep(5);
  }
};

const LINES: Step[] = [
  ['logs', 'solo'],
  ['logs', 'duo'],
  ['logs', 'duo', '-c', 'idle'],
  ['logs', 'duo', 'main'],
  ['logs', 'pinned'],
  ['logs', 'duo', '--all-containers', '--prefix'],
  ['logs', 'solo', '--tail', '2'],
  ['logs', 'solo', '--tail=1', '--timestamps'],
  ['logs', 'solo', '--limit-bytes=20'],
  ['logs', 'crashy'],
  ['logs', 'crashy', '-p'],
  ['logs', 'solo', '--previous'],
  ['logs', 'done'],
  ['logs', '-f', 'done'],
  ['logs', 'nope'],
  ['logs', 'deploy/nope'],
  ['logs', 'deploy/api'],
  ['logs', '-l', 'app=api'],
  ['logs', '-l', 'app=api', '--prefix', '--tail=2'],
  ['logs', '-l', 'app=nope'],
  ['logs'],
  ['logs', 'a', 'b', 'c'],
  ['logs', '-l', 'app=api', 'solo'],
  ['logs', 'duo', '-c', 'main', 'idle'],
  ['logs', 'duo', '--all-containers', '-c', 'main'],
  ['logs', 'duo', '-c', 'nope'],
  ['logs', 'solo', '--tail=-2'],
  // --tail, --limit-bytes and --max-log-requests are Go integers (ParseInt, base 0): 01 is octal, 0x2 hex, and what
  // Go cannot read is pflag's error.
  ['logs', 'solo', '--tail=01'],
  ['logs', 'solo', '--tail=0x2'],
  ['logs', 'solo', '--tail=x'],
  ['logs', 'solo', '--limit-bytes=1e3'],
  ['logs', '-l', 'app=api', '--max-log-requests=two'],
  // --since is sent as whole seconds, Go's Duration.Round(time.Second) (halves away from zero).
  ['logs', 'solo', '--since=1200ms'],
  ['logs', 'solo', '--since=1500ms'],
  ['logs', 'solo', '--since=400ms'],
  ['logs', 'solo', '--since=-400ms'],
  ['logs', 'solo', '--since=-600ms'],
  ['logs', 'solo', '--since=1h', '--timestamps'],
  {
    script: async ({ h, clock }) => {
      await h.cluster.client.create(podKind, 'default', pod('ticker', 'minik9s', [{ name: 'tick', image: 'busybox', command: ['sh', '-c', 'echo one; sleep 5; echo two; sleep 5; echo three'] }], { restartPolicy: 'Never' }));
      for (let i = 0; i < 20; i++) {
        const p = await h.cluster.client.get(podKind, 'default', 'ticker');
        if ((p.status as { phase?: string } | undefined)?.phase === 'Running') break;
        await clock.advance(250);
      }
    },
  },
  { args: ['logs', '-f', 'ticker'], during: runs },
  ['exec', 'solo', '--', 'echo', 'hi'],
  ['exec', 'solo', '--', 'sh', '-c', 'exit 3'],
  ['exec', 'duo', '--', 'echo', 'x'],
  ['exec', 'duo', '-c', 'idle', '--', 'echo', 'y'],
  ['exec', '-q', 'duo', '--', 'echo', 'z'],
  ['exec', 'pinned', '--', 'echo', 'p'],
  ['exec', 'nope', '--', 'ls'],
  ['exec', 'solo'],
  ['exec', 'solo', 'ls'],
  ['exec', '--', 'ls'],
  ['exec', 'done', '--', 'ls'],
  ['exec', 'deploy/api', '--', 'hostname'],
  ['exec', 'solo', '-c', 'nope', '--', 'ls'],
  ['exec', 'crashy', '--', 'ls'],
  ['exec', 'solo', '--', 'nosuchprogram'],
  { args: ['exec', '-i', 'solo', '--', 'sh'], stdin: 'echo hello\necho $((1+2))\nexit 4\n' },
  { args: ['exec', '-it', 'solo', '--', 'sh'], stdin: 'echo tty\n' },
  { args: ['exec', '-i', '-t', '-q', 'solo', '--', 'sh'], stdin: 'echo quiet\n' },
  ['top', 'pods'],
  ['top', 'pod', 'solo'],
  ['top', 'pods', '-A'],
  ['top', 'pods', '--containers'],
  ['top', 'pods', '--sort-by=cpu'],
  ['top', 'pods', '--sort-by=memory', '--containers'],
  ['top', 'pods', '--sum'],
  ['top', 'pods', '-A', '--containers', '--sum'],
  ['top', 'pods', '-l', 'app=api', '--no-headers'],
  ['top', 'pods', '--sort-by=name'],
  ['top', 'pod', 'nope'],
  ['top', 'pod', 'a', 'b'],
  ['top', 'nodes'],
  ['top', 'node', 'minik9s'],
  ['top', 'no', '--sort-by=memory', '--no-headers'],
  ['top', 'nodes', '--show-capacity'],
  ['cordon', 'minik9s-m02'],
  ['cordon', 'minik9s-m02'],
  ['get', 'nodes'],
  ['uncordon', 'minik9s-m02'],
  ['uncordon', 'minik9s-m02'],
  ['cordon', 'nope'],
  ['cordon'],
  ['cordon', 'minik9s-m02', '--dry-run=client'],
  ['cordon', 'minik9s-m02', '-l', 'a=b'],
  ['drain', 'minik9s-m02', '--delete-emptydir-data'],
  ['drain', 'minik9s-m02', '--ignore-daemonsets'],
  ['drain', 'minik9s', '--ignore-daemonsets'],
  ['uncordon', 'minik9s'],
  ['drain', 'minik9s-m02', '--ignore-daemonsets', '--pod-selector', 'app=api', '--dry-run=client'],
  { args: ['drain', 'minik9s-m02', '--ignore-daemonsets', '--pod-selector', 'app=api'], during: evicted('app=api') },
  { args: ['drain', 'minik9s-m02', '--ignore-daemonsets', '--delete-emptydir-data', '--pod-selector=app=cache', '--grace-period=5'], during: evicted('app=cache') },
  ['drain', 'minik9s-m02', '--ignore-daemonsets'],
  ['get', 'pods', '-o', 'wide'],
  // Back in service: the pending replacements land on the worker again.
  ['uncordon', 'minik9s-m02'],
  { script: async ({ clock }) => void (await clock.advance(30_000)) },
  // A pod that does not go in time (the cluster clock stands still): drain gives up at --timeout.
  ['drain', 'minik9s-m02', '--ignore-daemonsets', '--pod-selector', 'app=api', '--timeout=2s'],
  { script: async ({ clock }) => void (await clock.advance(40_000)) },
  // A PodDisruptionBudget refuses the eviction (429): drain retries after 5 s, until its timeout.
  {
    script: async ({ h }) =>
      void (await h.cluster.client.create(mustKind('policy/v1', 'PodDisruptionBudget'), 'default', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'cache' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'cache' } } },
      } as KubeObject)),
  },
  ['drain', 'minik9s-m02', '--ignore-daemonsets', '--delete-emptydir-data', '--pod-selector', 'app=cache', '--timeout=3s'],
  // Without the eviction API: a plain DELETE, and `deleted`.
  { args: ['uncordon', 'minik9s-m02'] },
  { script: async ({ clock }) => void (await clock.advance(30_000)) },
  { args: ['drain', 'minik9s-m02', '--ignore-daemonsets', '--disable-eviction', '--pod-selector', 'app=api'], during: evicted('app=api') },
  // --force takes a pod no controller will replace, with drain's warning.
  { args: ['drain', 'minik9s', '--ignore-daemonsets', '--force', '--pod-selector', 'run=solo'], during: evicted('run=solo') },
  ['uncordon', 'minik9s', 'minik9s-m02'],
  // metrics-server off: metrics.k8s.io leaves discovery.
  { script: async ({ h }) => void (await h.cluster.setAddon('metrics-server', false)) },
  ['top', 'pods'],
  ['top', 'nodes'],
  ['drain'],
  ['drain', 'nope'],
];

describe('minik9s kubectl: logs, exec, top, cordon, drain', () => {
  goldenSuite('logs, exec, top, cordon, drain', { build: buildPods }, LINES);
});
