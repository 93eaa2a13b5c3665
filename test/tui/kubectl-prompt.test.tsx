import './force-color.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { hostCluster, type HostedCluster } from '../../src/cluster/host.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { App } from '../../src/tui/app.js';
import { builtInKubectl } from '../../src/tui/run.js';
import { Help } from '../../src/tui/components/help.js';
import { HintBar } from '../../src/tui/components/hint-bar.js';
import { KEYS, strip, waitFor, waitForText } from './helpers.js';

const CONTEXT = { context: 'c', cluster: 'c', user: 'u' };

/** webPods lists the web pod names a frame shows, without duplicates. */
const webPods = (frame: string) => [...new Set(frame.match(/\bweb-[a-z0-9]+-[a-z0-9]{5}\b/g) ?? [])];

describe('the ! kubectl prompt', () => {
  let h: HostedCluster;
  let clock: ManualClock;
  let dir: string;
  let ui: ReturnType<typeof render>;
  let historyFile: string;

  /** mount opens the dashboard on the cluster, with `!` running the built-in kubectl over HTTP on a kubeconfig for it. */
  async function mount(): Promise<void> {
    ui = render(
      <App
        client={h.cluster.client}
        context={CONTEXT}
        kubectl={builtInKubectl(path.join(dir, 'kubeconfig'), 'c', historyFile)}
        onExit={vi.fn()}
        width={100}
        height={40}
        now={() => clock.now()}
      />,
    );
    await waitFor(ui.lastFrame, (f) => webPods(f).length === 2 && f.includes('Running'), 'the web pods');
  }

  beforeEach(async () => {
    clock = new ManualClock();
    h = await hostCluster({ clock });
    dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-bang-'));
    historyFile = path.join(dir, 'kubectl_history');
    writeFileSync(
      path.join(dir, 'kubeconfig'),
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${h.url}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`,
    );
    await h.cluster.client.create(mustKind('apps/v1', 'Deployment'), 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      },
    });
    await clock.advance(10_000);
    await mount();
  });

  afterEach(async () => {
    ui.unmount();
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** type writes a line a few characters at a time, as a terminal delivers a fast typist's keys. */
  async function typeLine(text: string): Promise<void> {
    for (let i = 0; i < text.length; i += 8) {
      ui.stdin.write(text.slice(i, i + 8));
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** outputPane is the output pane's lines in a frame: from its title to the line before the hint bar. */
  const outputPane = (f: string) => {
    const lines = f.split('\n');
    const top = lines.findIndex((l) => l.includes('┌─ $ kubectl'));
    return top < 0 ? '' : lines.slice(top, -1).join('\n');
  };

  it('runs a line in the namespace on screen (the context\'s when all are shown), -n still winning', async () => {
    // The dashboard on kube-system, as after Enter on it in the namespaces pane.
    ui.unmount();
    ui = render(
      <App client={h.cluster.client} context={CONTEXT} namespace="kube-system" kubectl={builtInKubectl(path.join(dir, 'kubeconfig'), 'c', historyFile)} onExit={vi.fn()} width={100} height={40} now={() => clock.now()} />,
    );
    await waitForText(ui.lastFrame, 'Pods(kube-system)');
    ui.stdin.write('!');
    await waitForText(ui.lastFrame, '!', 'kubectl command, e.g. kubectl get pods');
    await typeLine('kubectl get deploy');
    ui.stdin.write(KEYS.enter);
    const f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('[done]'), 'the get output');
    expect(outputPane(f)).toMatch(/coredns\s+1\/1/);
    expect(outputPane(f)).not.toMatch(/\bweb\b/);
    ui.stdin.write('!');
    await waitForText(ui.lastFrame, '!', 'kubectl command, e.g. kubectl get pods');
    await typeLine('kubectl get deploy -n default');
    ui.stdin.write(KEYS.enter);
    const g = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('get deploy -n default [done]'), 'the -n output');
    expect(outputPane(g)).toMatch(/\bweb\s+2\/2/);
  });

  it('runs a scale: the output pane says so and the pods pane follows to 5 pods', async () => {
    expect(strip(ui.lastFrame())).toContain('<!> kubectl');
    ui.stdin.write('!');
    await waitForText(ui.lastFrame, '!', 'kubectl command, e.g. kubectl get pods');
    await typeLine('kubectl scale deploy web --replicas=5');
    await waitForText(ui.lastFrame, '!kubectl scale deploy web --replicas=5');
    ui.stdin.write(KEYS.enter);
    const f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('deployment.apps/web scaled'), 'the scale output');
    expect(outputPane(f)).toContain('$ kubectl scale deploy web --replicas=5 [done]');
    // The panes above keep updating: the ReplicaSet controller makes three more pods, and they come up.
    await waitFor(ui.lastFrame, (fr) => webPods(fr).length === 5, 'five web pods');
    await clock.advance(10_000);
    const after = await waitFor(ui.lastFrame, (fr) => /web\s+5\/5\s+5\s+5/.test(fr), 'the Deployment 5/5');
    expect(outputPane(after)).toContain('deployment.apps/web scaled');
    // The events strip gave its place to the output pane; Esc gives it back.
    expect(after).not.toContain('Events(default)');
    ui.stdin.write(KEYS.esc);
    const closed = await waitForText(ui.lastFrame, 'Events(default)');
    expect(outputPane(closed)).toBe('');
    expect(readFileSync(historyFile, 'utf8')).toBe('kubectl scale deploy web --replicas=5\n');
  });

  it('shows an error on stderr, marked, with the exit code', async () => {
    ui.stdin.write('!');
    await typeLine('kubectl get pod nope');
    ui.stdin.write(KEYS.enter);
    const f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('exit code 1'), 'the exit code');
    const pane = outputPane(f);
    expect(pane).toContain('$ kubectl get pod nope [exit 1]');
    expect(pane).toMatch(/▌ Error from server \(NotFound\): pods "nope" not found/);
    expect(pane).toContain('» exit code 1');
    // Red: stderr is drawn in colour.
    expect(ui.lastFrame()).toMatch(/\x1b\[31m[^\n]*Error from server \(NotFound\)/);
  });

  it('brings the last command back with ↑, in this session and the next', async () => {
    ui.stdin.write('!');
    await typeLine('get deploy web');
    ui.stdin.write(KEYS.enter);
    await waitFor(ui.lastFrame, (fr) => /web\s+2\/2\s+2\s+2/.test(outputPane(fr)), 'the get output');
    ui.stdin.write('!');
    await waitForText(ui.lastFrame, 'kubectl command, e.g.');
    ui.stdin.write(KEYS.up);
    await waitForText(ui.lastFrame, '!get deploy web');
    // Enter runs it again; a dashboard opened later finds it in the history file.
    ui.stdin.write(KEYS.esc);
    await waitFor(ui.lastFrame, (fr) => fr.includes('<esc/q> close'), 'the output pane\'s hints');
    ui.unmount();
    await mount();
    ui.stdin.write('!');
    await waitForText(ui.lastFrame, 'kubectl command, e.g.');
    ui.stdin.write(KEYS.up);
    await waitForText(ui.lastFrame, '!get deploy web');
  });

  it('says a line that is not built in is not run, and refuses a line that needs the terminal', async () => {
    ui.stdin.write('!');
    await typeLine('kubectl kustomize .');
    ui.stdin.write(KEYS.enter);
    let f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('not built in: run it in a terminal with kubectl'), 'the not built in note');
    expect(outputPane(f)).toContain('$ kubectl kustomize . [not built in]');
    ui.stdin.write('!');
    await typeLine('exec -it deploy/web -- sh');
    ui.stdin.write(KEYS.enter);
    f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('needs the terminal'), 'the refusal');
    expect(outputPane(f)).toContain('$ kubectl exec -it deploy/web -- sh [not run]');
    // Spellings the line's guard does not know run, and the built-in refuses them: the dashboard gives it no stdin
    // (nothing reads the process's, whose keys are the dashboard's).
    ui.stdin.write('!');
    await typeLine('exec -qit deploy/web -- sh');
    ui.stdin.write(KEYS.enter);
    f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('exit code 1'), 'exec refused');
    expect(outputPane(f)).toContain('$ kubectl exec -qit deploy/web -- sh [exit 1]');
    expect(outputPane(f)).toContain('error: exec -i needs a terminal to read standard input from, and there is none here: run it in a');
    ui.stdin.write('!');
    await typeLine('apply -Rf -');
    ui.stdin.write(KEYS.enter);
    f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('apply -Rf - [exit 1]'), 'apply refused');
    expect(outputPane(f)).toContain('$ kubectl apply -Rf - [exit 1]');
    expect(outputPane(f)).toContain('error: -f - reads standard input, and there is none here');
  });

  it('streams get -w into the pane: a scale brings new rows, ctrl-c stops it', async () => {
    ui.stdin.write('!');
    await typeLine('kubectl get pods -w');
    ui.stdin.write(KEYS.enter);
    let f = await waitFor(ui.lastFrame, (fr) => webPods(outputPane(fr)).length === 2, 'the first table');
    expect(outputPane(f)).toContain('$ kubectl get pods -w [running…]');
    expect(outputPane(f)).toMatch(/│  NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    // While it runs, the hint bar shows the stop key.
    expect(f).toContain('<ctrl-c> stop');
    const first = webPods(outputPane(f));
    await h.cluster.client.patch(mustKind('apps/v1', 'Deployment'), 'default', 'web', 'merge', { spec: { replicas: 4 } });
    await h.cluster.settle();
    await clock.advance(5_000);
    // The pane follows the last rows: the two new pods, Pending, then Running.
    const fresh = (fr: string) => webPods(outputPane(fr)).filter((p) => !first.includes(p));
    f = await waitFor(ui.lastFrame, (fr) => fresh(fr).length === 2 && fresh(fr).every((p) => new RegExp(`${p}\\s+1/1\\s+Running`).test(outputPane(fr))), 'the new pods\' rows');
    expect(outputPane(f)).toMatch(/web-\S+\s+0\/1\s+Pending/);
    expect(outputPane(f)).toContain('[running…]');
    ui.stdin.write(KEYS.ctrlC);
    f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('$ kubectl get pods -w [stopped]'), 'the stopped title');
    expect(outputPane(f)).toContain('» stopped');
    expect(outputPane(f)).not.toContain('exit code');
    // Stopped: nothing runs any more, no stop key; the dashboard is still there (ctrl-c did not quit it).
    expect(f).not.toContain('<ctrl-c> stop');
    expect(f).toContain('<esc/q> close');
    // The watch is gone: a later change shows up in the panes above, not in the pane.
    const stopped = outputPane(f);
    await h.cluster.client.patch(mustKind('apps/v1', 'Deployment'), 'default', 'web', 'merge', { spec: { replicas: 5 } });
    await h.cluster.settle();
    await waitFor(ui.lastFrame, (fr) => webPods(fr).length === 5, 'five web pods in the panes');
    expect(outputPane(strip(ui.lastFrame()))).toBe(stopped);
  });

  it('follows logs -f in the pane as lines come, and Esc stops it', async () => {
    await h.cluster.client.create(mustKind('v1', 'Pod'), 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ticker', namespace: 'default' },
      spec: { containers: [{ name: 'tick', image: 'busybox', command: ['sh', '-c', 'for i in 1 2 3 4 5 6; do echo tick $i; sleep 5; done; sleep 3600'] }] },
    } as KubeObject);
    await h.cluster.settle();
    await clock.advance(3_000);
    ui.stdin.write('!');
    await typeLine('logs -f ticker');
    ui.stdin.write(KEYS.enter);
    let f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('tick 1'), 'the first log line');
    expect(outputPane(f)).toContain('$ kubectl logs -f ticker [running…]');
    expect(outputPane(f)).not.toContain('tick 2');
    await clock.advance(5_000);
    f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('tick 2'), 'the next log line');
    await clock.advance(5_000);
    f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('tick 3'), 'one more');
    expect(outputPane(f)).toContain('[running…]');
    // Esc closes the pane, and the stream with it: the flash line says it stopped.
    ui.stdin.write(KEYS.esc);
    f = await waitFor(ui.lastFrame, (fr) => fr.includes('kubectl logs -f ticker stopped'), 'the stop on the flash line');
    expect(outputPane(f)).toBe('');
    await clock.advance(5_000);
    // Run again, it starts over, the old run's lines are not mixed in: one tick 4 only, from the log itself.
    ui.stdin.write('!');
    await typeLine('logs -f ticker');
    ui.stdin.write(KEYS.enter);
    f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('tick 4'), 'the log again');
    expect(outputPane(f).match(/tick 4/g)).toHaveLength(1);
    ui.stdin.write(KEYS.ctrlC);
    await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('$ kubectl logs -f ticker [stopped]'), 'stopped');
  });

  it('scrolls long output: the last lines first, then PgUp, ↑, G', async () => {
    for (let i = 0; i < 30; i++)
      await h.cluster.client.create(mustKind('v1', 'ConfigMap'), 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(2, '0')}`, namespace: 'default' } });
    ui.stdin.write('!');
    await typeLine('get cm');
    ui.stdin.write(KEYS.enter);
    let f = await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('cm-29') && outputPane(fr).includes('[done]'), 'the last configmap');
    expect(outputPane(f)).not.toContain('cm-00');
    ui.stdin.write('\u001B[5~'); // PgUp
    f = await waitFor(ui.lastFrame, (fr) => /\[\d+-\d+ of \d+\]/.test(outputPane(fr)), 'a scrolled page');
    expect(outputPane(f)).not.toContain('cm-29');
    ui.stdin.write(KEYS.up);
    await waitFor(ui.lastFrame, (fr) => outputPane(fr) !== outputPane(f), 'one line up');
    ui.stdin.write('g');
    f = await waitFor(ui.lastFrame, (fr) => /\[1-9 of \d+\]/.test(outputPane(fr)), 'the top');
    expect(outputPane(f)).toMatch(/│  NAME\s+DATA\s+AGE/);
    ui.stdin.write('G');
    await waitFor(ui.lastFrame, (fr) => outputPane(fr).includes('cm-29') && !/ of \d+\]/.test(outputPane(fr)), 'the end again');
  });
});

describe('the ! key in the help and the hint bar', () => {
  it('is listed in the ? help and always kept in the hint bar, but not in --readonly', () => {
    const help = strip(render(<Help width={110} maxHeight={200} />).lastFrame());
    expect(help).toMatch(/│ !\s+Run a kubectl command line: !get pods/);
    expect(help).toMatch(/esc\/q\s+Close the kubectl output pane/);
    for (const width of [80, 90, 100]) {
      const bar = strip(render(<HintBar scope="main" kind="Pod" modes={{ simulated: true }} width={width} />).lastFrame());
      expect(bar).toMatch(/<!> kubectl <\?> help\s*$/);
    }
    const ro = strip(render(<HintBar scope="main" kind="Pod" modes={{ readonly: true }} width={100} />).lastFrame());
    expect(ro).not.toContain('<!>');
    const output = strip(render(<HintBar scope="output" kind="Pod" modes={{}} width={100} />).lastFrame());
    expect(output).toContain('<esc/q> close');
  });
});
