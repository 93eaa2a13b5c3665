import './force-color.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { ApiError } from '../../src/api/api-error.js';
import net from 'node:net';
import { HttpClient } from '../../src/client/http-client.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeClient } from '../../src/client/types.js';
import { App, type AppProps } from '../../src/tui/app.js';
import { KEYS, helloPods, selectedButton, selectedLine, startCluster, strip, waitFor, waitForText } from './helpers.js';

const CONTEXT = { context: 'minik9s', cluster: 'minik9s', user: 'minik9s', server: 'https://127.0.0.1:32771' };
const podKind = mustKind('v1', 'Pod');

type KubeObjectWithTemplate = KubeObject & {
  spec: { template: { metadata?: { annotations?: Record<string, string> }; spec: { containers: { image?: string }[] } } };
};

describe('App on a live cluster', () => {
  let cluster: Cluster;
  let clock: ManualClock;
  let ui: ReturnType<typeof render>;
  let onExit: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    ({ cluster, clock } = await startCluster());
    onExit = vi.fn();
    ui = render(
      <App
        client={cluster.client}
        context={CONTEXT}
        simulated
        injectFault={(f) => cluster.injectFault(f)}
        onExit={onExit}
        width={100}
        height={40}
        now={() => clock.now()}
      />,
    );
    await waitFor(ui.lastFrame, (f) => helloPods(f).length === 3 && f.includes('Running'), 'the hello pods');
  });

  afterEach(async () => {
    ui.unmount();
    await cluster.stop();
  });

  /** remount shows the same cluster through an App with other props (a scripted editor, contexts, a shell). */
  async function remount(extra: Partial<AppProps>): Promise<string> {
    ui.unmount();
    ui = render(<App client={cluster.client} context={CONTEXT} onExit={onExit} width={100} height={40} now={() => clock.now()} {...extra} />);
    return waitFor(ui.lastFrame, (f) => helloPods(f).length === 3, 'the hello pods');
  }

  /** press writes a key and waits until the frame satisfies check. */
  async function press(key: string, check: (frame: string) => boolean, what: string): Promise<string> {
    ui.stdin.write(key);
    return waitFor(ui.lastFrame, check, what);
  }

  const selected = () => selectedLine(ui.lastFrame()) ?? '';

  it('renders the header, every pane, the events strip and the hint bar', async () => {
    const f = strip(ui.lastFrame());
    for (const text of [
      'Context: minik9s',
      'Cluster: minik9s',
      'Namespace: default',
      'K8s: v1.35.1',
      'nodes: 1/1 Ready',
      '[simulated]',
      'Namespaces[4]',
      'Pods(default)[3]',
      'Deployments(default)[1]',
      'ReplicaSets(default)[1]',
      'Services(default)[1]',
      'Events(default)',
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'DESIRED',
      'CURRENT',
      'UP-TO-DATE',
      'AVAILABLE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'LAST SEEN',
      'REASON',
      'OBJECT',
      'MESSAGE',
      'kube-system',
      'kubernetes',
      '10.96.0.1',
      '<!> kubectl', // pinned beside <?> help: at 100 columns it takes <ctrl-d> delete's place on a simulated cluster's pods
      '<ctrl-k> kill',
      '<?> help',
    ])
      expect(f, text).toContain(text);
    const podLines = f.split('\n').filter((l) => /hello-[a-z0-9]+-[a-z0-9]{5} /.test(l) && !l.includes('pod/'));
    expect(podLines).toHaveLength(3);
    for (const l of podLines) expect(l).toMatch(/1\/1\s+Running\s+0/);
    expect(f).toMatch(/hello\s+3\/3\s+3\s+3/);
    expect(f).toContain('Started');
    // The frame fills the screen but the last line (Ink redraws in place only below the terminal's height).
    expect(f.split('\n')).toHaveLength(39);
    // The selection starts on the first pod, in inverse video.
    expect(selected()).toContain(helloPods(f)[0]);
  });

  it('ages tick with the clock', async () => {
    expect(strip(ui.lastFrame())).toMatch(/Running\s+0\s+.*\b10s\b/);
    await clock.advance(60_000);
    await waitFor(ui.lastFrame, (f) => /Running\s+0\s+.*\b70s\b/.test(f), 'AGE 70s');
  });

  it('Tab and shift-Tab move the focus between panes', async () => {
    expect(selected()).toMatch(/hello-/);
    await press(KEYS.tab, () => /hello\s+3\/3/.test(selected()), 'deployments focused');
    await press(KEYS.tab, () => /hello-\S*\s+3\s+3\s+3/.test(selected()), 'replicasets focused');
    await press(KEYS.tab, () => selected().includes('kubernetes'), 'services focused');
    await press(KEYS.tab, () => selected().includes('default') && selected().includes('Active'), 'namespaces focused (wraps)');
    expect(strip(ui.lastFrame())).toContain('<enter> switch ns');
    await press(KEYS.shiftTab, () => selected().includes('kubernetes'), 'back to services');
    await press(KEYS.shiftTab, () => /hello-\S*\s+3\s+3\s+3/.test(selected()), 'back to replicasets');
  });

  it('j/k and the arrows move the cursor, g/G jump', async () => {
    const pods = helloPods(strip(ui.lastFrame()));
    await press('j', () => selected().includes(pods[1]!), 'second pod');
    await press('j', () => selected().includes(pods[2]!), 'third pod');
    await press('j', () => selected().includes(pods[2]!), 'stays on the last pod');
    await press('k', () => selected().includes(pods[1]!), 'back to the second pod');
    await press(KEYS.up, () => selected().includes(pods[0]!), 'up arrow');
    await press(KEYS.down, () => selected().includes(pods[1]!), 'down arrow');
    await press('G', () => selected().includes(pods[2]!), 'bottom');
    await press('g', () => selected().includes(pods[0]!), 'top');
  });

  it('Enter on a namespace switches to it, 0 shows all namespaces', async () => {
    await press(KEYS.shiftTab, () => selected().includes('default'), 'namespaces focused');
    await press('G', () => selected().includes('kube-system'), 'kube-system selected');
    let f = await press(KEYS.enter, (fr) => fr.includes('Pods(kube-system)'), 'kube-system pods');
    f = await waitForText(ui.lastFrame, 'Namespace: kube-system', 'etcd-minik9s', 'coredns-', 'kube-dns');
    expect(helloPods(f)).toEqual([]);
    // Focus moved to the pods of the new namespace.
    expect(selected()).toMatch(/coredns-|etcd-minik9s/);
    f = await press('0', (fr) => fr.includes('Pods(all)'), 'all namespaces');
    expect(f).toContain('Namespace: all');
    expect(f).toMatch(/NAMESPACE\s+NAME\s+READY/);
    expect(f).toMatch(/default\s+hello-/);
    expect(f).toMatch(/kube-system\s+coredns-/);
    // Sorted by namespace then name: default's pods come before kube-system's.
    expect(f.indexOf('default    hello-')).toBeLessThan(f.indexOf('kube-system coredns-'));
  });

  it('? shows the help generated from the key map, Esc closes it', async () => {
    let f = await press('?', (fr) => fr.includes('Help: keys'), 'help');
    for (const text of ['ctrl-c', 'Quit the dashboard', 'Switch to the selected namespace', 'shift-tab', 'j/k scroll']) expect(f).toContain(text);
    // More bindings than lines: j scrolls down through the rest, to the end.
    let seen = f;
    for (let i = 1; !f.includes('Cancel the dialog') && i < 10; i++) {
      f = await press('j'.repeat(10), (fr) => fr.includes(`(${1 + 10 * i}-`) || fr.includes('Cancel the dialog'), `the help scrolled ${10 * i} rows`);
      seen += f;
    }
    for (const text of ['Delete the selected (or marked) objects', 'Show all namespaces', 'Roll the Deployment back', 'Cancel the dialog']) expect(seen).toContain(text);
    expect(f).not.toContain('Quit the dashboard');
    f = await press(KEYS.esc, (fr) => !fr.includes('Help: keys'), 'help closed');
    await press('?', (fr) => fr.includes('Help: keys'), 'help again');
    await press('?', (fr) => !fr.includes('Help: keys'), 'help toggled off');
  });

  it('ctrl-d then Enter on the default Cancel does not delete', async () => {
    const target = helloPods(strip(ui.lastFrame()))[0]!;
    const f = await press(KEYS.ctrlD, (fr) => fr.includes(`Delete pod default/${target}?`), 'the confirm dialog');
    expect(f).toContain('Cancel');
    expect(f).toContain('OK');
    expect(selectedButton(ui.lastFrame())).toBe('Cancel');
    await press(KEYS.enter, (fr) => !fr.includes('Delete pod default/'), 'dialog closed');
    await clock.advance(5_000);
    const pod = await cluster.client.get<Pod & { metadata: { deletionTimestamp?: string } }>(podKind, 'default', target);
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
    const after = strip(ui.lastFrame());
    expect(after).not.toContain('Terminating');
    expect(after).not.toContain('Deleted pod');
    // Esc cancels too.
    await press(KEYS.ctrlD, (fr) => fr.includes('Delete pod default/'), 'the dialog again');
    await press(KEYS.right, () => selectedButton(ui.lastFrame()) === 'OK', 'OK selected');
    await press(KEYS.esc, (fr) => !fr.includes('Delete pod default/'), 'dialog cancelled');
    await clock.advance(1_000);
    expect(helloPods(strip(ui.lastFrame()))).toContain(target);
  });

  it('ctrl-d, → and Enter delete the pod; the user watches it heal without pressing anything', async () => {
    const before = helloPods(strip(ui.lastFrame()));
    const target = before[0]!;
    await press(KEYS.ctrlD, (fr) => fr.includes(`Delete pod default/${target}?`), 'the confirm dialog');
    await press(KEYS.tab, () => selectedButton(ui.lastFrame()) === 'OK', 'OK selected with Tab');
    await press(KEYS.left, () => selectedButton(ui.lastFrame()) === 'Cancel', 'Cancel again with ←');
    await press(KEYS.right, () => selectedButton(ui.lastFrame()) === 'OK', 'OK selected with →');
    await press(KEYS.enter, (fr) => fr.includes(`Deleted pod default/${target}`), 'the flash message');

    // No clock advance yet: the API server marked the pod, the ReplicaSet created a replacement.
    const healing = await waitFor(
      ui.lastFrame,
      (f) => new RegExp(`${target}\\s+1/1\\s+Terminating`).test(f) && helloPods(f).some((p) => !before.includes(p)),
      'the old pod Terminating and a new pod',
    );
    const fresh = helloPods(healing).find((p) => !before.includes(p))!;
    expect(healing).toMatch(new RegExp(`${fresh}\\s+0/1\\s+(ContainerCreating|Pending)`));
    expect(healing).toMatch(/hello-\S*\s+3\s+3\s+2\s/); // the ReplicaSet's READY dips
    expect(healing).toContain('Killing');
    expect(healing).toContain('SuccessfulCreate');

    // Cluster time passes; the screen follows on its own.
    await clock.advance(10_000);
    const healed = await waitFor(
      ui.lastFrame,
      (f) => f.includes('Pods(default)[3]') && !new RegExp(`${target}\\s+\\d/\\d`).test(f) && new RegExp(`${fresh}\\s+1/1\\s+Running`).test(f),
      'three Running pods again',
    );
    const running = healed.split('\n').filter((l) => /hello-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/.test(l));
    expect(running).toHaveLength(3);
    expect(healed).toMatch(/hello-\S*\s+3\s+3\s+3\s/); // and recovers
    expect(healed).toMatch(new RegExp(`Started\\s+pod/${fresh}`));
    expect(healed).not.toContain('Terminating');
  });

  it(': shows any kind full screen (:deploy, :sa -A, :po /filter), Esc goes back, an unknown one is a flash', async () => {
    ui.stdin.write(':');
    await waitFor(ui.lastFrame, (f) => strip(f).split('\n').some((l) => l.startsWith(':')), 'the command line');
    ui.stdin.write('deploy');
    ui.stdin.write('\r');
    let f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Deployments(default)[1]') && !strip(fr).includes('Namespaces[') && /hello\s+3\/3/.test(strip(fr)), 'the Deployments view'));
    expect(f).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(f).toMatch(/hello\s+3\/3\s+3\s+3\s/);
    expect(f).not.toContain('Namespaces[');

    ui.stdin.write(':sa -A\r');
    f = strip(await waitFor(ui.lastFrame, (fr) => /ServiceAccounts\(all\)\[\d+\]/.test(strip(fr)) && strip(fr).includes('kube-system'), 'the ServiceAccounts of every namespace'));
    expect(f).toMatch(/NAMESPACE\s+NAME\s+SECRETS\s+AGE/);
    expect(f).toMatch(/kube-system\s+default\s+0\s/);

    ui.stdin.write(':po /hello\r');
    f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Pods(all)[3] </hello>'), 'the filtered pods'));
    expect(f.split('\n').filter((l) => /default\s+hello-/.test(l))).toHaveLength(3);

    ui.stdin.write(':nope\r');
    await waitFor(ui.lastFrame, (fr) => strip(fr).includes('`nope` command not found'), 'the flash');
    ui.stdin.write('\u001b');
    await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Namespaces[4]') && strip(fr).includes('Pods(all)['), 'the overview again');
  });

  it('y shows the selected pod as YAML, j/G scroll it, esc goes back', async () => {
    const target = helloPods(strip(ui.lastFrame()))[0]!;
    ui.stdin.write('y');
    let f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes(`Pod: default/${target}`) && strip(fr).includes('apiVersion: v1'), 'the YAML'));
    expect(f).toContain(`  name: ${target}`);
    expect(f).not.toContain('managedFields');
    expect(f).toContain('<esc/q> back');
    ui.stdin.write('G');
    f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('containerID: docker://') && !strip(fr).includes('apiVersion: v1'), 'the end of the YAML'));
    expect(f).toMatch(/podIP: 10\.244\.0\.\d+/);
    ui.stdin.write('\u001b');
    await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Namespaces[4]'), 'the overview');
  });

  it('d describes the selected pod as kubectl does, with its events; a Deployment\'s description follows a scale', async () => {
    const target = helloPods(strip(ui.lastFrame()))[0]!;
    ui.stdin.write('d');
    let f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes(`Describe Pod: default/${target}`) && strip(fr).includes('Controlled By:'), 'the description'));
    expect(f).toMatch(/Name:\s+hello-/);
    expect(f).toMatch(/Status:\s+Running/);
    expect(f).toMatch(/State:\s+Running/);
    expect(f).toContain('<esc/q> back');
    ui.stdin.write('G');
    f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Events:'), 'the events at the end'));
    expect(f).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/hello-/);
    ui.stdin.write('q');
    await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Namespaces[4]'), 'the overview');
    ui.stdin.write('\t'); // pods → deployments
    await waitFor(ui.lastFrame, (fr) => strip(fr).includes('<enter> open'), 'the deployments pane focused');
    ui.stdin.write('d');
    await waitFor(ui.lastFrame, (fr) => /Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available/.test(strip(fr)), 'the Deployment described');
    await cluster.client.patch(mustKind('apps/v1', 'Deployment'), 'default', 'hello', 'merge', { spec: { replicas: 5 } });
    await waitFor(ui.lastFrame, (fr) => /Replicas:\s+5 desired/.test(strip(fr)), 'the description following the scale');
  });

  it('l follows the pod\'s log: a crash and restart join the story, p reads the previous run, t adds timestamps', async () => {
    const target = helloPods(strip(ui.lastFrame()))[0]!;
    ui.stdin.write('l');
    let f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes(`Logs: default/${target} (nginx) [autoscroll]`) && strip(fr).includes('ready for start up'), 'the log'));
    expect(f).toContain('<s> autoscroll');
    expect(await cluster.injectFault({ type: 'crash-container', namespace: 'default', pod: target })).toBeUndefined();
    await clock.advance(15_000); // the back-off, then the new run
    f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('container nginx restarted (restart 1)'), 'the restart marker'));
    // The new run's start-up lines come after the marker.
    const lines = f.split('\n');
    const marker = lines.findIndex((l) => l.includes('restarted (restart 1)'));
    expect(lines.slice(marker).some((l) => l.includes('ready for start up'))).toBe(true);
    ui.stdin.write('p');
    f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('[previous]') && strip(fr).includes('ready for start up'), 'the previous run'));
    expect(f).not.toContain('restarted (restart 1)');
    ui.stdin.write('t');
    await waitFor(ui.lastFrame, (fr) => /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /.test(strip(fr)) && strip(fr).includes('[timestamps]'), 'timestamps');
    ui.stdin.write('\u001b');
    await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Namespaces[4]'), 'the overview');
  });

  it('s scales a Deployment from a form filled with its replicas; a bad number is refused in the dialog', async () => {
    await press(KEYS.tab, (f) => f.includes('<s> scale'), 'the deployments pane focused');
    let f = await press('s', (fr) => fr.includes('Scale deployment default/hello to how many replicas?') && fr.includes('> 3█'), 'the scale form with 3');
    expect(f).toContain('<Edit>');
    ui.stdin.write('\u007f');
    await press('x', (fr) => fr.includes('> x█'), 'typed x');
    await press(KEYS.tab, () => selectedButton(ui.lastFrame()) === 'OK', 'OK selected');
    f = await press(KEYS.enter, (fr) => fr.includes('replicas must be a whole number, 0 or more'), 'the refusal in the dialog');
    ui.stdin.write('\u007f');
    await press('5', (fr) => fr.includes('> 5█'), 'typed 5');
    await press(KEYS.enter, (fr) => fr.includes('Scaled deployment default/hello to 5'), 'the flash');
    await clock.advance(10_000);
    await waitFor(ui.lastFrame, (fr) => fr.includes('Pods(default)[5]') && helloPods(fr).length === 5, 'five pods');
  });

  it('i sets a new image and r restarts: each a rollout with a new ReplicaSet; ctrl-l on the old one rolls back', async () => {
    await press(KEYS.tab, (f) => f.includes('<i> set image'), 'the deployments pane focused');
    await press('i', (fr) => fr.includes('Set the image of deployment default/hello:') && fr.includes('> nginx█'), 'the image form');
    await press(':1.27', (fr) => fr.includes('> nginx:1.27█'), 'typed the tag');
    await press(KEYS.tab, () => selectedButton(ui.lastFrame()) === 'OK', 'OK');
    await press(KEYS.enter, (fr) => fr.includes('Set nginx=nginx:1.27 on deployment default/hello'), 'the flash');
    for (let i = 0; i < 6; i++) await clock.advance(5_000);
    await waitFor(ui.lastFrame, (fr) => fr.includes('ReplicaSets(default)[2]'), 'two ReplicaSets');
    const d = await cluster.client.get<KubeObjectWithTemplate>(mustKind('apps/v1', 'Deployment'), 'default', 'hello');
    expect(d.spec.template.spec.containers[0]!.image).toBe('nginx:1.27');
    // Roll back: the old ReplicaSet (revision 1) in the :rs view.
    await press(':rs\r', (fr) => fr.includes('ReplicaSets(default)[2]') && fr.includes('<ctrl-l> rollback'), 'the ReplicaSets view');
    const rows = strip(ui.lastFrame()).split('\n').filter((l) => /hello-[a-z0-9]+\s+\d/.test(l));
    const oldRow = rows.findIndex((l) => /hello-[a-z0-9]+\s+0\s+0\s+0/.test(l));
    expect(oldRow).toBeGreaterThanOrEqual(0);
    if (oldRow === 1) ui.stdin.write('j');
    await waitFor(ui.lastFrame, () => /hello-[a-z0-9]+\s+0\s+0\s+0/.test(selectedLine(ui.lastFrame()) ?? ''), 'the old ReplicaSet selected');
    await press('\u000c', (fr) => fr.includes('Roll back to replicaset default/hello-'), 'the rollback dialog');
    await press(KEYS.tab, () => selectedButton(ui.lastFrame()) === 'OK', 'OK');
    await press(KEYS.enter, (fr) => /Rolled deployment default\/hello back to revision 1/.test(fr), 'the flash');
    for (let i = 0; i < 6; i++) await clock.advance(5_000);
    const back = await cluster.client.get<KubeObjectWithTemplate>(mustKind('apps/v1', 'Deployment'), 'default', 'hello');
    expect(back.spec.template.spec.containers[0]!.image).toBe('nginx');
    // r restarts: the template gets kubectl's restartedAt annotation.
    await press(KEYS.esc, (fr) => fr.includes('Namespaces[4]') && fr.includes('<r> restart'), 'the overview, the deployments pane still focused');
    await press('r', (fr) => fr.includes('Restart the pods of deployment default/hello?'), 'the restart dialog');
    await press(KEYS.tab, () => selectedButton(ui.lastFrame()) === 'OK', 'OK');
    await press(KEYS.enter, (fr) => fr.includes('Restarting deployment default/hello'), 'the flash');
    const restarted = await cluster.client.get<KubeObjectWithTemplate>(mustKind('apps/v1', 'Deployment'), 'default', 'hello');
    expect(restarted.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('space marks pods, ctrl-d deletes them all in one dialog; J jumps to the owner and on to its owner', async () => {
    const [a, b, c] = helloPods(strip(ui.lastFrame()));
    await press(' ', (fr) => fr.includes('[1 marked]'), 'one marked');
    await press(' ', (fr) => fr.includes('[2 marked]'), 'two marked');
    await press(KEYS.ctrlD, (fr) => fr.includes('Delete 2 pods?') && fr.includes('<p> propagation: Background'), 'the bulk dialog');
    await press(KEYS.tab, () => selectedButton(ui.lastFrame()) === 'OK', 'OK');
    await press(KEYS.enter, (fr) => fr.includes('Deleted 2 pods'), 'the flash');
    for (const p of [a, b]) expect((await cluster.client.get(podKind, 'default', p!)).metadata.deletionTimestamp).toBeDefined();
    expect((await cluster.client.get(podKind, 'default', c!)).metadata.deletionTimestamp).toBeUndefined();
    await clock.advance(35_000);
    await waitFor(ui.lastFrame, (fr) => fr.includes('Pods(default)[3]') && !fr.includes('marked'), 'healed, no marks');
    // J: pod → its ReplicaSet → its Deployment, each full screen with the cursor on it.
    await press('J', (fr) => fr.includes('ReplicaSets(default)') && /hello-[a-z0-9]+\s+3\s+3\s+3/.test(selectedLine(ui.lastFrame()) ?? ''), 'the owner ReplicaSet');
    await press('J', (fr) => fr.includes('Deployments(default)') && /hello\s+3\/3/.test(selectedLine(ui.lastFrame()) ?? ''), 'the owner Deployment');
    await press('J', (fr) => fr.includes('deployment default/hello has no owner'), 'no owner above');
    await press(KEYS.esc, (fr) => fr.includes('ReplicaSets(default)'), 'back to the ReplicaSet');
  });

  it('on nodes: c cordons, u uncordons, r drains (DaemonSet pods stay), x fails the simulated node', async () => {
    const before = helloPods(strip(ui.lastFrame()));
    await press(':no\r', (fr) => fr.includes('Nodes[1]') && fr.includes('<c> cordon'), 'the nodes view');
    await press('c', (fr) => fr.includes('Cordoned node minik9s') && /minik9s\s+Ready,SchedulingDisabled/.test(fr), 'cordoned');
    await press('u', (fr) => fr.includes('Uncordoned node minik9s') && /minik9s\s+Ready\s/.test(fr), 'uncordoned');
    await press('r', (fr) => fr.includes('Drain node minik9s? (cordon, then evict its pods)'), 'the drain dialog');
    await press(KEYS.tab, () => selectedButton(ui.lastFrame()) === 'OK', 'OK');
    const f = await press(KEYS.enter, (fr) => /Drained node minik9s: cordoned, \d+ pods evicted/.test(fr), 'the flash');
    expect(f).toMatch(/DaemonSet or static pods left/);
    for (const p of before) expect((await cluster.client.get(podKind, 'default', p)).metadata.deletionTimestamp).toBeDefined();
    await press('x', (fr) => fr.includes('Node minik9s is down'), 'the node failed');
    await clock.advance(60_000);
    await waitFor(ui.lastFrame, (fr) => /minik9s\s+NotReady,SchedulingDisabled/.test(fr), 'NotReady after the grace period');
    await press('X', (fr) => fr.includes('Node minik9s is back'), 'the node recovered');
  });

  it('e edits the object in the editor and applies it; an error reopens the editor with the text; unchanged cancels', () =>
    withEditor(async (texts, next) => {
      await press(KEYS.tab, (f) => f.includes('<s> scale'), 'the deployments pane focused');
      // First save: an invalid replicas value. The update is refused; the editor comes back with the reason on top.
      next((t) => t.replace('replicas: 3', 'replicas: -1'));
      next((t) => t.replace(/replicas: -1/, 'replicas: 2'));
      await press('e', (f) => f.includes('deployment.apps/hello edited'), 'the edit applied');
      expect(texts[0]).toMatch(/^# Please edit the object below/);
      expect(texts[0]).toContain('kind: Deployment');
      expect(texts[0]).not.toContain('managedFields');
      expect(texts[1]).toMatch(/# deployment "hello" was not valid:\n# \* .*spec\.replicas/);
      expect(texts[1]).toContain('replicas: -1'); // what the user typed is still there
      const d = await cluster.client.get<KubeObject & { spec: { replicas: number } }>(mustKind('apps/v1', 'Deployment'), 'default', 'hello');
      expect(d.spec.replicas).toBe(2);
      next((t) => t);
      await press('e', (f) => f.includes('Edit cancelled, no changes made.'), 'the edit cancelled');
    }));

  /** withEditor renders the app with a scripted editor: each call takes the next edit and records the text it got. */
  async function withEditor(body: (texts: string[], next: (f: (t: string) => string) => void) => Promise<void>): Promise<void> {
    const texts: string[] = [];
    const edits: ((t: string) => string)[] = [];
    await remount({
      simulated: true,
      editText: (t) => {
        texts.push(t);
        return (edits.shift() ?? ((x: string) => x))(t);
      },
    });
    await body(texts, (f) => edits.push(f));
  }

  it('E shows the events of the selected object only, live; Esc goes back', async () => {
    const target = helloPods(strip(ui.lastFrame()))[0]!;
    const f = await press('E', (fr) => fr.includes(`<pod/${target}>`) && fr.includes('Scheduled') && fr.includes('Started'), 'the pod\'s events');
    const rows = f.split('\n').filter((l) => /Normal\s+\w+/.test(l));
    expect(rows.length).toBe(5); // Scheduled, Pulling, Pulled, Created, Started
    for (const r of rows) expect(r).toContain(target);
    expect(f).not.toContain('SuccessfulCreate'); // the ReplicaSet's, not the pod's
    await press(KEYS.esc, (fr) => fr.includes('Namespaces[4]'), 'the overview');
  });

  it(':ctx lists the kubeconfig contexts as kubectl does; :ctx NAME switches; an unknown name is refused', async () => {
    const switched: string[] = [];
    await remount({
      contexts: {
        list: async () => [
          { name: 'kind-dev', cluster: 'kind-dev', user: 'kind-dev', namespace: '', current: false },
          { name: 'minik9s', cluster: 'minik9s', user: 'minik9s', namespace: 'default', current: true },
        ],
        switchTo: async (name) => void switched.push(name),
      },
    });
    const f = await press(':ctx\r', (fr) => fr.includes('Contexts: switch with :ctx NAME') && fr.includes('kind-dev'), 'the contexts');
    expect(f).toMatch(/CURRENT\s+NAME\s+CLUSTER\s+AUTHINFO\s+NAMESPACE/);
    expect(f).toMatch(/\*\s+minik9s\s+minik9s\s+minik9s\s+default/);
    await press(KEYS.esc, (fr) => fr.includes('Namespaces[4]'), 'back');
    await press(':ctx nope\r', (fr) => fr.includes('context "nope" not found in the kubeconfig'), 'the refusal');
    ui.stdin.write(':ctx kind-dev\r');
    await waitFor(ui.lastFrame, () => switched.length === 1, 'the switch');
    expect(switched).toEqual(['kind-dev']);
  });

  it('s on a pod hands the terminal to a shell: nothing is drawn and no key is read until it ends', async () => {
    let end!: (code: number) => void;
    const shells: string[] = [];
    const target = helloPods(
      await remount({
        runShell: (_c, ns, pod) => {
          shells.push(`${ns}/${pod}`);
          return new Promise<number>((r) => (end = r));
        },
      }),
    )[0]!;
    ui.stdin.write('s');
    await waitFor(ui.lastFrame, (f) => f.trim() === '', 'an empty screen');
    // The shell starts in an effect after that frame is committed: wait for it, not for a lucky order.
    await waitFor(() => String(shells.length), (n) => n === '1', 'the shell to start');
    expect(shells).toEqual([`default/${target}`]);
    ui.stdin.write('q'); // the shell's key, not the dashboard's
    await new Promise((r) => setTimeout(r, 50));
    expect(onExit).not.toHaveBeenCalled();
    end(130);
    await waitFor(ui.lastFrame, (f) => f.includes(`The shell in default/${target} ended (exit code 130)`) && f.includes('Namespaces[4]'), 'the dashboard again');
  });

  it('Enter on a pod lists its containers (image, state, restarts); l and s work on the selected container', async () => {
    const target = helloPods(strip(ui.lastFrame()))[0]!;
    let f = await press(KEYS.enter, (fr) => fr.includes(`Containers(default)[1] <pod/${target}>`), 'the containers view');
    expect(f).toMatch(/NAME\s+IMAGE\s+READY\s+STATE/);
    expect(f).toMatch(/nginx\s+nginx\s+true\s+Running\s+(false\s+)?0/);
    expect(f).toContain('<l> logs');
    expect(f).not.toContain('<ctrl-d> delete');
    f = await press('l', (fr) => fr.includes(`Logs: default/${target} (nginx)`) && fr.includes('ready for start up'), 'the container\'s log');
    await press(KEYS.esc, (fr) => fr.includes('Containers(default)[1]'), 'back to the containers');
    ui.stdin.write('\u0004'); // ctrl-d: nothing to delete here
    await new Promise((r) => setTimeout(r, 50));
    expect(strip(ui.lastFrame())).not.toContain('Delete');
    await press(KEYS.esc, (fr) => fr.includes('Namespaces[4]'), 'the overview');
  });

  it('ctrl-w shows the wide columns (IP, NODE) full screen', async () => {
    await press('\u0017', (fr) => fr.includes('[wide]') && /AGE\s+IP\s+NODE/.test(fr) && /10\.244\.0\.\d+\s+minik9s/.test(fr), 'wide pods');
    await press('\u0017', (fr) => !fr.includes('[wide]') && !/\bIP\b/.test(fr), 'narrow again');
  });

  it('Enter drills from a Deployment to its ReplicaSets to their pods, and from a Service to its pods; Esc climbs back', async () => {
    ui.stdin.write('\t'); // pods → deployments
    await waitFor(ui.lastFrame, (f) => strip(f).includes('<enter> open'), 'the deployments pane focused');
    ui.stdin.write('\r');
    let f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('ReplicaSets(default)[1] <deployment/hello>') && /hello-\w+\s+3\s+3\s+3/.test(strip(fr)), 'the ReplicaSets of hello'));
    ui.stdin.write('\r');
    f = strip(await waitFor(ui.lastFrame, (fr) => /Pods\(default\)\[3\] <replicaset\/hello-\w+>/.test(strip(fr)) && helloPods(strip(fr)).length === 3, 'its pods'));
    expect(f).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    // The crumbs of the way down, in the header.
    expect(f).toMatch(/overview › ReplicaSets\(hello\) › Pods\(hello-\w+\)/);
    ui.stdin.write('\u001b');
    await waitFor(ui.lastFrame, (fr) => strip(fr).includes('ReplicaSets(default)[1] <deployment/hello>'), 'back to the ReplicaSets');
    ui.stdin.write('\u001b');
    await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Namespaces[4]'), 'back to the overview');
    ui.stdin.write('\t\t'); // deployments → replicasets → services
    await waitFor(ui.lastFrame, (fr) => /┌─ Services\(default\)/.test(strip(fr)) || strip(fr).includes('Services(default)'), 'the services pane');
    await new Promise((r) => setTimeout(r, 100));
    await cluster.client.create(mustKind('v1', 'Service'), 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'hello' },
      spec: { selector: { app: 'hello' }, ports: [{ port: 80 }] },
    } as never);
    await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Services(default)[2]'), 'the hello Service');
    ui.stdin.write('k'.repeat(5)); // the first service: hello (before kubernetes)
    ui.stdin.write('\r');
    f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Pods(default)[3] <service/hello>'), 'the pods behind the hello Service'));
    expect(helloPods(f)).toHaveLength(3);
  });

  it('shift-n twice sorts the pods by name in reverse, and the title says so', async () => {
    const names = helloPods(strip(ui.lastFrame())).slice().sort();
    ui.stdin.write('N');
    await waitFor(ui.lastFrame, (f) => strip(f).includes('Pods(default)[3] ↑name'), 'sorted by name');
    ui.stdin.write('N');
    const f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Pods(default)[3] ↓name'), 'reversed'));
    expect(helloPods(f)).toEqual([...names].reverse());
  });

  it('ctrl-k kills the pod: the same guarded dialog, then a delete with no grace period (no Terminating)', async () => {
    const before = helloPods(strip(ui.lastFrame()));
    const target = before[0]!;
    await press('\u000b', (fr) => fr.includes(`Kill pod default/${target}? (no grace period)`), 'the kill dialog');
    expect(selectedButton(ui.lastFrame())).toBe('Cancel');
    await press(KEYS.right, () => selectedButton(ui.lastFrame()) === 'OK', 'OK selected');
    await press(KEYS.enter, (fr) => fr.includes(`Killed pod default/${target}`), 'the flash message');
    // Gone from the API at once: never Terminating.
    expect(() => cluster.registry.get(podKind, 'default', target)).toThrow();
    const f = strip(await waitFor(ui.lastFrame, (fr) => helloPods(strip(fr)).filter((p) => !before.includes(p)).length === 1, 'the replacement'));
    expect(f).not.toMatch(new RegExp(`${target}\\s+\\S+\\s+Terminating`));
  });

  it('q quits through onExit', async () => {
    expect(onExit).not.toHaveBeenCalled();
    ui.stdin.write('q');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledTimes(1), { timeout: 5000 });
  });

  it('ctrl-c quits, even with a dialog open', async () => {
    await press(KEYS.ctrlD, (fr) => fr.includes('Delete pod default/'), 'the dialog');
    ui.stdin.write(KEYS.ctrlC);
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledTimes(1), { timeout: 5000 });
  });
});

describe('App edge cases', () => {
  it('asks for a bigger terminal below 80x24, and lays out again when it grows', async () => {
    const clock = { now: () => 0 };
    const client = unreachableClient();
    const ui = render(<App client={client} context={CONTEXT} onExit={() => {}} width={70} height={20} now={clock.now} />);
    await waitForText(ui.lastFrame, 'minik9s needs at least 80x24, this terminal is 70x20');
    ui.rerender(<App client={client} context={CONTEXT} onExit={() => {}} width={100} height={30} now={clock.now} />);
    await waitForText(ui.lastFrame, 'Pods(default)[0]', 'Services(default)[0]', 'Events(default)[0]');
    ui.rerender(<App client={client} context={CONTEXT} onExit={() => {}} width={100} height={23} now={clock.now} />);
    await waitForText(ui.lastFrame, 'this terminal is 100x23');
    ui.unmount();
  });

  it('shows an unreachable API server in the header instead of crashing', async () => {
    const ui = render(<App client={unreachableClient()} context={CONTEXT} onExit={() => {}} width={100} height={30} namespace="" />);
    await waitForText(ui.lastFrame, 'Namespace: all', 'Pods(all)[0]');
    const f = await waitForText(ui.lastFrame, 'API server unreachable: connect ECONNREFUSED 127.0.0.1:32771', 'retrying');
    expect(f).toContain('nodes: 0/0 Ready');
    expect(f).toContain('Loading…');
    ui.unmount();
    // The real HTTP client, on a loopback port nobody listens on: the same banner, in its words.
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    const http = new HttpClient({ server: `https://127.0.0.1:${closed}`, timeoutMs: 2000 });
    const ui2 = render(<App client={http} context={CONTEXT} onExit={() => {}} width={120} height={30} namespace="" />);
    await waitForText(ui2.lastFrame, `API server unreachable at https://127.0.0.1:${closed}: ECONNREFUSED, retrying`);
    ui2.unmount();
    http.close();
  });
});

describe('App delete errors', () => {
  it('shows the API error text when the delete is refused, and the pod stays', async () => {
    const { cluster, clock } = await startCluster();
    try {
      // The same cluster, seen by a user whom the API server refuses to delete pods for.
      const client: KubeClient = Object.create(cluster.client);
      client.delete = (_r, ns, name) =>
        Promise.reject(
          new ApiError({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            reason: 'Forbidden',
            code: 403,
            message: `pods "${name}" is forbidden: User "dev" cannot delete resource "pods" in API group "" in the namespace "${ns}"`,
          }),
        );
      const ui = render(<App client={client} context={CONTEXT} onExit={() => {}} width={100} height={40} now={() => clock.now()} />);
      const f = await waitFor(ui.lastFrame, (fr) => helloPods(fr).length === 3, 'the hello pods');
      const target = helloPods(f)[0]!;
      ui.stdin.write(KEYS.ctrlD);
      await waitForText(ui.lastFrame, `Delete pod default/${target}?`);
      ui.stdin.write(KEYS.right);
      await waitFor(ui.lastFrame, () => selectedButton(ui.lastFrame()) === 'OK', 'OK selected');
      ui.stdin.write(KEYS.enter);
      const after = await waitForText(ui.lastFrame, `Delete pod default/${target} failed: pods "${target}" is forbidden`);
      expect(after).not.toContain('Terminating');
      ui.unmount();
    } finally {
      await cluster.stop();
    }
  });
});

/** unreachableClient is a KubeClient whose every request fails the way a refused connection does. */
function unreachableClient(): KubeClient {
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:32771'), { code: 'ECONNREFUSED' });
  const fail = () => Promise.reject(refused());
  return {
    get: fail,
    list: fail,
    create: fail,
    update: fail,
    patch: fail,
    delete: fail,
    watch: () => ({ stop() {}, done: Promise.reject(refused()) }),
  };
}

describe('App on a simulated cluster with its own clock', () => {
  it('shows the clock in the header (speed, paused) and measures ages in cluster time', async () => {
    const { cluster, clock } = await startCluster();
    let reading = { now: clock.now() + 3_600_000, speed: 60, paused: false };
    const ui = render(
      <App client={cluster.client} context={CONTEXT} simulated onExit={() => {}} width={100} height={40} readClock={async () => reading} />,
    );
    try {
      // An hour of cluster time has passed since the hello pods started: their AGE says so, whatever the wall clock.
      const f = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('clock: 60x') && helloPods(strip(fr)).length === 3, 'the clock'));
      expect(f).toMatch(/hello-\S+\s+1\/1\s+Running\s+0\s+\S+\s+\S+\s+60m/);
      reading = { ...reading, paused: true };
      await waitFor(ui.lastFrame, (fr) => strip(fr).includes('clock: paused'), 'the paused clock', 5000);
      // :timers lists what the control plane will do next, live from the same readings.
      reading = { ...reading, timers: [{ at: reading.now + 20_000, label: 'default/crash: restarts container crash (back-off 20s)' }] } as typeof reading;
      ui.stdin.write(':timers\r');
      const t = strip(await waitFor(ui.lastFrame, (fr) => strip(fr).includes('restarts container crash'), 'the timers'));
      expect(t).toContain('Timers: what the control plane will do next');
      expect(t).toMatch(/in 20s\s+default\/crash: restarts container crash \(back-off 20s\)/);
      expect(t).toMatch(/cluster time \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(paused\)/);
      ui.stdin.write('\u001b');
      await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Namespaces[4]'), 'the overview');
    } finally {
      ui.unmount();
      await cluster.stop();
    }
  });
});

describe('App driving a simulated cluster', () => {
  it(':pause, :speed and x reach the daemon through the given functions and say what happened', async () => {
    const { cluster, clock } = await startCluster();
    const clockCalls: unknown[] = [];
    const faults: unknown[] = [];
    const ui = render(
      <App
        client={cluster.client}
        context={CONTEXT}
        simulated
        onExit={() => {}}
        width={100}
        height={40}
        now={() => clock.now()}
        controlClock={async (a) => {
          clockCalls.push(a);
          return { now: clock.now(), speed: a.action === 'speed' ? a.speed : 1, paused: a.action === 'pause' };
        }}
        injectFault={async (f) => void faults.push(f)}
      />,
    );
    try {
      await waitFor(ui.lastFrame, (f) => helloPods(strip(f)).length === 3, 'the hello pods');
      expect(strip(ui.lastFrame() ?? '')).toContain('<x> crash');
      ui.stdin.write(':pause\r');
      await waitFor(ui.lastFrame, (f) => strip(f).includes("The cluster's clock is paused"), 'the pause flash');
      ui.stdin.write(':speed 60\r');
      await waitFor(ui.lastFrame, (f) => strip(f).includes("The cluster's clock now runs at 60x"), 'the speed flash');
      expect(clockCalls).toEqual([{ action: 'pause' }, { action: 'speed', speed: 60 }]);
      const first = helloPods(strip(ui.lastFrame() ?? ''))[0]!;
      ui.stdin.write('x');
      await waitFor(ui.lastFrame, (f) => strip(f).includes(`Crashed the container of pod default/${first}`), 'the crash flash');
      expect(faults).toEqual([{ type: 'crash-container', namespace: 'default', pod: first }]);
    } finally {
      ui.unmount();
      await cluster.stop();
    }
  });

  it('b on a Service fires a burst: the flash line shows the requests spread over its pods, none failing after a pod is deleted', async () => {
    const { cluster, clock } = await startCluster();
    await cluster.client.create(mustKind('v1', 'Service'), 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hello' }, spec: { selector: { app: 'hello' }, ports: [{ port: 80 }] } } as KubeObject);
    await cluster.settle();
    const ui = render(
      <App
        client={cluster.client}
        context={CONTEXT}
        simulated
        onExit={() => {}}
        width={140}
        height={40}
        now={() => clock.now()}
        traffic={{ burst: async (ns, name) => cluster.traffic.burst(ns, name), read: async () => ({ burst: cluster.traffic.state() ?? null, pods: cluster.requestCounts() }) }}
      />,
    );
    try {
      await waitFor(ui.lastFrame, (f) => helloPods(strip(f)).length === 3, 'the hello pods');
      ui.stdin.write(':svc\r');
      await waitFor(ui.lastFrame, (f) => /│hello\s+ClusterIP/.test(strip(f)) && strip(f).includes('<b> burst'), 'the services view with hello');
      // The cursor starts on the first Service: hello (before kubernetes). Its rows may reach the keys a frame
      // after they are drawn: press again until the burst starts.
      for (let i = 0; i < 20 && !cluster.traffic.state(); i++) {
        ui.stdin.write('b');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(cluster.traffic.state()).toMatchObject({ namespace: 'default', service: 'hello', count: 60 });
      await clock.advance(2_000);
      await waitFor(ui.lastFrame, (f) => /Burst to default\/hello: 20\/60 answered, 0 failed — hello-/.test(strip(f)), 'the progress');
      await cluster.client.delete(podKind, 'default', helloPods(strip(ui.lastFrame() ?? ''))[0] ?? '');
      await clock.advance(5_000);
      const done = await waitFor(ui.lastFrame, (f) => strip(f).includes('Burst to default/hello: 60/60 answered, 0 failed'), 'the end of the burst');
      expect(strip(done)).not.toMatch(/60\/60 answered, 0 failed.* …/);
      // Back on the overview, the pods and services panes count what each answered (REQS): the Service's count is
      // the sum of its pods' (the deleted pod's requests left with it).
      ui.stdin.write('\u001B');
      const reqs = (f: string) => Number(/│hello\s+ClusterIP[^│]*\s(\d+)\s*│/.exec(f)?.[1] ?? -1);
      const overview = strip(await waitFor(ui.lastFrame, (f) => strip(f).includes('REQS') && reqs(strip(f)) >= 40, 'the REQS columns counting the burst'));
      const perPod = [...overview.matchAll(/│(hello-[a-z0-9]+-[a-z0-9]{5})\s[^│]*\s(\d+)\s*│/g)].map((m) => Number(m[2]));
      const service = reqs(overview);
      expect(perPod.length).toBeGreaterThanOrEqual(2);
      expect(service).toBe(perPod.reduce((a, b) => a + b, 0));
      expect(service).toBeGreaterThanOrEqual(40);
    } finally {
      ui.unmount();
      await cluster.stop();
    }
  });

  it('against a cluster that is not simulated, :pause says so and changes nothing', async () => {
    const { cluster, clock } = await startCluster();
    const ui = render(<App client={cluster.client} context={CONTEXT} onExit={() => {}} width={100} height={40} now={() => clock.now()} />);
    try {
      await waitFor(ui.lastFrame, (f) => helloPods(strip(f)).length === 3, 'the hello pods');
      expect(strip(ui.lastFrame() ?? '')).toContain('<ctrl-d> delete');
      expect(strip(ui.lastFrame() ?? '')).not.toContain('<x> crash');
      ui.stdin.write(':pause\r');
      await waitFor(ui.lastFrame, (f) => strip(f).includes('Only a minik9s simulated cluster has a clock to drive'), 'the refusal');
      ui.stdin.write(':timers\r');
      await waitFor(ui.lastFrame, (f) => strip(f).includes('Only a minik9s simulated cluster has timers to show'), 'the timers refusal');
    } finally {
      ui.unmount();
      await cluster.stop();
    }
  });

  it('--readonly hides and disables every key that changes the cluster; reading still works', async () => {
    const { cluster, clock } = await startCluster();
    const ui = render(<App client={cluster.client} context={CONTEXT} readonly onExit={() => {}} width={100} height={40} now={() => clock.now()} />);
    try {
      const f = strip(await waitFor(ui.lastFrame, (fr) => helloPods(strip(fr)).length === 3, 'the hello pods'));
      expect(f).toContain('[readonly]');
      expect(f).toContain('<l> logs');
      for (const hint of ['<ctrl-d>', '<ctrl-k>', '<i> set image']) expect(f).not.toContain(hint);
      const target = helloPods(f)[0]!;
      ui.stdin.write('\u0004');
      ui.stdin.write('d');
      await waitFor(ui.lastFrame, (fr) => strip(fr).includes(`Describe Pod: default/${target}`), 'describe still works');
      expect(strip(ui.lastFrame())).not.toContain('Delete pod');
      ui.stdin.write('\u001b');
      await waitFor(ui.lastFrame, (fr) => strip(fr).includes('Namespaces[4]'), 'the overview');
      ui.stdin.write('\t');
      await waitFor(ui.lastFrame, (fr) => strip(fr).includes('<enter> open') && !strip(fr).includes('<s> scale'), 'the deployments pane, no scale');
      ui.stdin.write('s');
      await new Promise((r) => setTimeout(r, 100));
      expect(strip(ui.lastFrame())).not.toContain('Scale deployment');
      expect((await cluster.client.get(podKind, 'default', target)).metadata.deletionTimestamp).toBeUndefined();
    } finally {
      ui.unmount();
      await cluster.stop();
    }
  });
});

