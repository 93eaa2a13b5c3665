import { describe, it, expect } from 'vitest';
import { mustKind } from '../../../src/api/kinds.js';
import { goldenSuite, mismatchText, runBoth, twoClusters, uidsOut, until, type Result, type Side } from './harness.js';
import { buildShop } from './shop.js';

/** Reading commands (get, describe) on a cluster with two namespaces, two Deployments, Services and ConfigMaps. */
const LINES: string[][] = [
  ['get', 'pods'],
  ['get', 'po', '-o', 'wide'],
  ['get', 'pods', '-A'],
  ['get', 'pods', '-n', 'shop'],
  ['get', 'pods', '--namespace=shop'],
  ['get', 'pods', '-nshop'],
  ['get', 'deploy'],
  ['get', 'deployments.apps', '-n', 'shop'],
  ['get', 'deployment', '-A', '-o', 'wide'],
  ['get', 'rs', '-n', 'kube-system'],
  ['get', 'svc'],
  ['get', 'services', '-A'],
  ['get', 'svc', '-o', 'wide', '-n', 'shop'],
  ['get', 'pods,svc'],
  ['get', 'pods,svc', '-n', 'shop'],
  ['get', 'deploy,rs,pods', '-n', 'shop'],
  ['get', 'svc,pods', '--no-headers'],
  ['get', 'nodes'],
  ['get', 'no', '-o', 'wide'],
  ['get', 'ns'],
  ['get', 'namespaces', '--show-labels'],
  ['get', 'pods', '--show-labels'],
  ['get', 'pods', '-A', '--show-labels'],
  ['get', 'pods', '-l', 'app=web'],
  ['get', 'pods', '--selector', 'app=api', '-A'],
  ['get', 'pods', '-l', 'app=nope'],
  ['get', 'pods', '-n', 'kube-public'],
  ['get', 'pods', '-A', '-l', 'app=nope'],
  ['get', 'pods', '--no-headers'],
  ['get', 'pod', 'nope'],
  ['get', 'pods', '-o', 'name'],
  ['get', 'deploy,svc', '-o', 'name', '-A'],
  ['get', 'cm', '-A'],
  ['get', 'configmaps', '-n', 'shop'],
  ['get', 'foo'],
  ['get', 'pods', '-n'],
  ['get', 'pods', '--selector'],
  ['get', 'pods', '--show-labels=maybe'],
  ['delete', 'pod', '--grace-period'],
  ['get', 'ep'],
  ['get', 'sc'],
  ['get', 'pv,pvc'],
  ['get', 'svc', 'web'],
  ['get', 'svc', 'web', 'nope', 'kubernetes'],
  ['get', 'nodes', '-o', 'name'],
  ['get', 'ds', '-A'],
  ['get', 'deploy', 'web', '-A'],
  ['get'],
  ['get', 'deploy', 'web', '-o', 'json'],
  ['get', 'pods', '-o', 'json', '-n', 'shop'],
  ['get', 'svc', '-A', '-o', 'json'],
  ['get', 'cm,svc', '-o', 'json', '-n', 'shop'],
  ['get', 'ns', 'shop', '-o', 'json'],
  ['get', 'cm', 'html', '-n', 'shop', '-o', 'json'],
  ['get', 'pods', '-l', 'app=nope', '-o', 'json'],
  ['get', 'pod', 'nope', '-o', 'json'],
  ['get', 'svc', 'web', 'nope', '-o', 'json'],
  // -o yaml
  ['get', 'deploy', 'web', '-o', 'yaml'],
  ['get', 'pods', '-n', 'shop', '-o', 'yaml'],
  ['get', 'cm', 'html', '-n', 'shop', '-o', 'yaml'],
  ['get', 'svc', '-A', '-o', 'yaml'],
  ['get', 'ns', 'shop', '-o', 'YAML'],
  ['get', 'cm,svc', '-n', 'shop', '-o', 'yaml'],
  ['get', 'pods', '-l', 'app=nope', '-o', 'yaml'],
  ['get', 'pod', 'nope', '-o', 'yaml'],
  ['get', 'deploy/web', 'svc/web', '-o', 'yaml'],
  // -o jsonpath, jsonpath-as-json, jsonpath-file
  ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
  ['get', 'pods', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}{"\t"}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}'],
  ['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'],
  ['get', 'deploy', 'web', '-o', "jsonpath='{.metadata.managedFields[0].manager}'"],
  ['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.managedFields[0].manager}'],
  ['get', 'svc', 'web', '-o', 'jsonpath={.spec.ports}'],
  ['get', 'nodes', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}'],
  ['get', 'cm', 'html', '-n', 'shop', '-o', 'jsonpath={.metadata.annotations.note}'],
  ['get', 'pods', '-o', 'jsonpath={.items[0].metadata.name'],
  ['get', 'pods', '-o', 'jsonpath'],
  ['get', 'pods', '-o', 'jsonpath='],
  ['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.colour[5]}'],
  ['get', 'pods', '-o', 'jsonpath-as-json={.items[*].metadata.name}'],
  ['get', 'svc', '-A', '-o', 'jsonpath-file={dir}/names.jsonpath'],
  ['get', 'svc', '-o', 'jsonpath-file={dir}/missing.jsonpath'],
  ['get', 'pod', 'nope', '-o', 'jsonpath={.metadata.name}'],
  // -o custom-columns, custom-columns-file
  ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,PHASE:.status.phase,NODE:.spec.nodeName'],
  ['get', 'pods', '-A', '-o', 'custom-columns=NS:metadata.namespace,NAME:{.metadata.name}'],
  ['get', 'deploy', '-A', '-o', 'custom-columns=NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image', '--no-headers'],
  ['get', 'svc', 'web', '-o', 'custom-columns=PORTS:.spec.ports,SEL:.spec.selector'],
  ['get', 'cm', '-n', 'shop', '-o', 'custom-columns=NAME:.metadata.name,NOTE:.metadata.annotations.note'],
  ['get', 'pods', '-o', 'custom-columns=NAME'],
  ['get', 'pods', '-o', 'custom-columns='],
  ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,X:.spec.containers[3].name'],
  ['get', 'pods', '-o', 'custom-columns=NAME:{.metadata.name'],
  ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name', '-L', 'app'],
  ['get', 'pods', '-o', 'custom-columns-file={dir}/cols.txt'],
  ['get', 'pods', '-o', 'custom-columns-file={dir}/nope.txt'],
  ['get', 'pods', '-l', 'app=nope', '-o', 'custom-columns=NAME:.metadata.name'],
  // --sort-by
  ['get', 'pods', '--sort-by=.metadata.name'],
  ['get', 'pods', '-A', '--sort-by=.metadata.creationTimestamp'],
  ['get', 'pods', '-A', '--sort-by', '{.metadata.namespace}', '-o', 'wide'],
  ['get', 'svc', '-A', '--sort-by=.spec.clusterIP'],
  ['get', 'deploy', '-A', '--sort-by=.spec.replicas'],
  ['get', 'pods', '--sort-by=.status.nope'],
  ['get', 'pods', '--sort-by={.metadata.name'],
  ['get', 'pods,svc', '--sort-by=.metadata.name'],
  ['get', 'pods', '-o', 'name', '--sort-by=.metadata.name'],
  ['get', 'pods', '-A', '-o', 'jsonpath={.items[*].metadata.name}', '--sort-by=.metadata.namespace'],
  ['get', 'svc', '-A', '-o', 'json', '--sort-by=.metadata.name'],
  ['get', 'pods', '-o', 'yaml', '--sort-by=.status.nope'],
  ['get', 'pods', '-o', 'name', '--sort-by={.metadata.name'],
  ['get', 'deploy', 'web', '-o', 'name', '--sort-by=.status.nope'],
  // -L / --label-columns
  ['get', 'pods', '-L', 'app'],
  ['get', 'pods', '-L', 'app,pod-template-hash'],
  ['get', 'pods', '-L', 'app', '-L', 'nope'],
  ['get', 'pods', '-A', '--label-columns=app', '--show-labels'],
  ['get', 'ns', '-L', 'team'],
  ['get', 'deploy', '-A', '-L', 'example.com/tier', '-o', 'wide'],
  ['get', 'pods', '-L', 'app', '-o', 'json', '-n', 'kube-public'],
  // --field-selector
  ['get', 'pods', '--field-selector=status.phase=Running'],
  ['get', 'pods', '-A', '--field-selector', 'metadata.namespace=shop'],
  ['get', 'pods', '--field-selector=metadata.name=nope'],
  ['get', 'pods', '--field-selector=spec.foo=bar'],
  ['get', 'svc', '-A', '--field-selector=spec.type!=NodePort'],
  ['get', 'pods', '--field-selector', 'foo'],
  ['get', 'pods', '-l', 'app=web', '--field-selector=spec.foo=x'],
  ['get', 'pod', 'x', '--field-selector=metadata.name=x'],
  ['get', 'pods,svc', '--field-selector=status.phase=Running'],
  ['get', 'pods', '--field-selector=status.phase=Running', '-o', 'name'],
  // --show-kind
  ['get', 'pods', '--show-kind'],
  ['get', 'deploy', '-A', '--show-kind'],
  ['get', 'deploy,svc', '--show-kind', '-n', 'shop', '-o', 'wide'],
  // --ignore-not-found
  ['get', 'pod', 'nope', '--ignore-not-found'],
  ['get', 'pod', 'nope', '--ignore-not-found', '-o', 'json'],
  ['get', 'svc', 'web', 'nope', '--ignore-not-found'],
  ['get', 'svc', 'nope', 'web', '--ignore-not-found', '-o', 'yaml'],
  ['get', 'pods', '-l', 'app=nope', '--ignore-not-found'],
  // --chunk-size
  ['get', 'pods', '--chunk-size=1'],
  ['get', 'pods', '-A', '--chunk-size=2', '-o', 'wide'],
  ['get', 'pods', '-A', '--chunk-size=0'],
  ['get', 'pods', '-A', '--chunk-size=2', '-o', 'name'],
  ['get', 'pods', '-n', 'shop', '--chunk-size=1', '-o', 'json'],
  // the rest
  ['get', 'pods', '-o', 'wide', '--show-labels'],
  ['get', 'pods', '-o', 'json', '--show-labels'],
  ['get', 'pods', '-o', 'foo'],
  ['get', 'deploy/web', 'svc/web'],
  ['get', 'deploy', 'web', 'svc/web'],
  // TYPE/NAME as the builder splits it: every argument checked before any type is looked up.
  ['get', 'pod/a/b'],
  ['get', '/x'],
  ['get', 'pods/'],
  ['get', 'pod,svc/x'],
  ['get', 'nope/x', 'pod/a/b'],
  ['get', 'nope/x', '-l', 'a=b'],
  ['get', 'all/web'],
  ['get', 'deploy,svc', 'web'],
  ['get', 'deploy,svc', 'web', '-l', 'app=web'],
  ['get', 'deploy,deployment', 'web', '-o', 'name'],
  ['describe', 'pod/a/b'],
  ['describe', 'deploy', 'web', 'svc/web'],
  ['describe', 'deploy,svc', 'web'],
  // A context the kubeconfig lacks is clientcmd's configuration error.
  ['get', 'pods', '--context', 'nope'],
  ['describe', 'pods', '--context=nope'],
  // what -w refuses before it watches (the watches themselves are compared below)
  ['get', 'pods,svc', '-w'],
  ['get', 'pod', 'a', 'b', '-w'],
  ['get', 'svc', 'web', 'kubernetes', '-w'],
  ['get', 'svc/kubernetes', 'svc/web', '--watch-only'],
  ['get', 'pod', 'nope', '-w'],
  ['get', 'pod', 'nope', '--watch', '--ignore-not-found'],
  ['get', 'pods', '--watch-only', '--field-selector=spec.foo=x'],
  ['get', 'svc', 'web', 'kubernetes', '--sort-by=.metadata.name'],
  ['get', 'pods', '-n', 'shop', '--sort-by=.metadata.name', '--no-headers'],
  ['get', 'pods,svc', '--sort-by=.metadata.resourceVersion'],
  ['get', 'pods', '-A', '--sort-by=.spec.containers[0].image', '-L', 'app'],
  ['get', 'describe', 'deploy', 'web'],
  ['describe', 'deploy', 'web'],
  ['describe', 'deployment/web', 'svc/web'],
  ['describe', 'svc', '-n', 'shop'],
  ['describe', 'pods', '-l', 'app=api', '-n', 'shop'],
  ['describe', 'pods', '-l', 'app=nope'],
  ['describe', 'ns', 'shop'],
  ['describe', 'cm', 'settings', '-n', 'shop'],
  ['describe', 'pod', 'nope'],
  ['describe', 'svc', 'web', 'nope'],
  ['describe', 'nodes'],
  ['describe', 'foo', 'bar'],
  ['describe'],
];

/** Files the -o jsonpath-file= and custom-columns-file= lines read. */
const FILES = {
  'names.jsonpath': '{range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
  'cols.txt': 'NAME   NAMESPACE\n.metadata.name   {.metadata.namespace}\n',
};

describe('minik9s kubectl: get and describe', () => {
  goldenSuite('get and describe', { build: buildShop, files: FILES }, LINES);
});

/**
 * `get -w` runs until it is interrupted, which the golden harness cannot do to the real kubectl, so the watches are
 * compared here, fairly: two clusters built alike, the real kubectl (a child process) on one and the built-in (in
 * this process) on the other, each started, left to print its first table, then the same changes made to both
 * clusters, then, once both have printed the same number of lines and the real one has been quiet a while, the
 * real kubectl gets SIGINT and the built-in the abort of its signal (what SIGINT does in `minik9s kubectl`).
 * stdout, stderr and the exit code (1: kubectl's interrupt handler exits so) must be the same byte for byte.
 */
interface WatchCase {
  args: string[];
  /** How many lines the first output has (the list printed before watching). */
  first: number;
  change: (s: Side) => Promise<void>;
}

const pods = mustKind('v1', 'Pod');
const deploys = mustKind('apps/v1', 'Deployment');
const scale = (ns: string, name: string, replicas: number) => async ({ h, clock }: Side) => {
  await h.cluster.client.patch(deploys, ns, name, 'merge', { spec: { replicas } });
  await h.cluster.settle();
  await clock.advance(5_000);
  await h.cluster.settle();
  await clock.advance(30_000);
};
const deleteFirstPod = (ns: string) => async ({ h, clock }: Side) => {
  const list = await h.cluster.client.list(pods, ns);
  const name = list.items.map((p) => p.metadata.name!).sort()[0]!;
  await h.cluster.client.delete(pods, ns, name);
  await h.cluster.settle();
  await clock.advance(35_000);
  await h.cluster.settle();
  await clock.advance(10_000);
};

const WATCHES: WatchCase[] = [
  { args: ['get', 'pods', '-w'], first: 4, change: scale('default', 'web', 4) },
  { args: ['get', 'pods', '-n', 'shop', '--watch', '-L', 'app', '--show-labels'], first: 3, change: deleteFirstPod('shop') },
  { args: ['get', 'deploy', '-A', '-w', '-o', 'wide'], first: 3, change: scale('shop', 'api', 3) },
  { args: ['get', 'pods', '-n', 'shop', '--watch-only'], first: 0, change: scale('shop', 'api', 1) },
  { args: ['get', 'deploy', 'web', '-w', '--sort-by=.metadata.name'], first: 2, change: scale('default', 'web', 2) },
  { args: ['get', 'pods', '-l', 'app=api', '-A', '-w', '--no-headers'], first: 1, change: scale('shop', 'api', 2) },
];

describe('minik9s kubectl: get --watch', () => {
  const two = twoClusters('kwatch', buildShop);

  it(`prints what kubectl 1.35 prints while watching, for all ${WATCHES.length} watches`, async () => {
    const [real, ours] = two.sides as [Side, Side];
    const lines = (t: string) => t.split('\n').length - 1;
    // How many writes a change makes that alter no printed column (a status field the row does not show) depends on
    // how the controllers' queues happened to merge their work, which differs between two runs of the same script
    // under load: the identical rows such writes print one after another are counted once on both sides.
    const collapse = (t: string) => t.split('\n').filter((l, i, all) => i === 0 || l !== all[i - 1]).join('\n');
    const norm = (r: Result) => uidsOut({ ...r, out: collapse(r.out) });
    const mismatches: string[] = [];
    for (const w of WATCHES) {
      const run = runBoth(two, w.args);
      const { want, got } = run;
      // The first table; for --watch-only (nothing to print) a moment for the list to be read.
      await until(() => lines(want.out) >= w.first && lines(got.out) >= w.first, 'the first table');
      if (!w.first) await new Promise((r) => setTimeout(r, 1_000));
      for (const s of [real, ours]) {
        await w.change(s);
        await s.h.cluster.settle();
      }
      // Both have printed the same number of lines and the real kubectl has printed nothing for a while.
      let seen = '';
      let quietSince = Date.now();
      await until(() => {
        if (want.out !== seen) (seen = want.out), (quietSince = Date.now());
        return Date.now() - quietSince > 1_000 && lines(collapse(got.out)) >= lines(collapse(want.out));
      }, 'the watch events');
      await run.interrupt();
      if (process.env.GOLDEN_TRACE) console.log(`$ kubectl ${w.args.join(' ')} (exit ${want.code})\n${want.out}${want.err}`);
      if (norm(got) !== norm(want)) mismatches.push(mismatchText(w.args, want, got));
    }
    console.log(`minik9s kubectl, get --watch: ${WATCHES.length - mismatches.length} of ${WATCHES.length} watches match kubectl 1.35 byte for byte`);
    expect(mismatches.join('\n')).toBe('');
  }, 300_000);
});
