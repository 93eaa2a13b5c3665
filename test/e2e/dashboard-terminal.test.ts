import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeEnv, waitFor, BIN, type TestEnv } from '../helpers/env.js';

/**
 * The real binary in a real terminal: tmux runs `minik9s` (start + sample + dashboard); the test reads the
 * screen with capture-pane and types with send-keys, as a person would.
 */
describe('the dashboard in a real terminal (tmux)', () => {
  let t: TestEnv;
  const socket = `minik9s-test-${process.pid}`;
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
  const screen = async () => (await tmux('capture-pane', '-p', '-t', 'main')).stdout;
  const keys = (...k: string[]) => tmux('send-keys', '-t', 'main', ...k);

  beforeAll(async () => {
    t = makeEnv();
    const which = await execa('tmux', ['-V'], { reject: false });
    if (which.exitCode !== 0) throw new Error('tmux is needed for this test (.ci/run installs it with apt-get)');
  });

  afterAll(async () => {
    await tmux('kill-server');
    await t.cli(['stop']);
    await t.cleanup();
  });

  it('starts, shows the panes, deletes a pod on ctrl-d and shows it heal, then restores the terminal on q', async () => {
    const env = Object.entries({ ...t.env, CI: 'true' })
      .map(([k, v]) => `${k}='${v}'`)
      .join(' ');
    const cmd = `env ${env} ${process.execPath} ${BIN}; echo "EXITED $?"; sleep 120`;
    const started = await tmux('new-session', '-d', '-s', 'main', '-x', '120', '-y', '40', cmd);
    expect(started.exitCode, started.stderr).toBe(0);

    // The header, every pane and three Running hello pods.
    let s = await waitFor(async () => {
      const x = await screen();
      const running = x.split('\n').filter((l) => /hello-\w+-\w{5}\s+1\/1\s+Running/.test(l));
      return running.length === 3 ? x : undefined;
    }, 'three Running hello pods on screen', 30_000);
    for (const text of ['Context: minik9s', 'Namespace: default', 'K8s: v1.35.1', 'nodes: 1/1 Ready', 'Namespaces[4]', 'Pods(default)[3]', 'Deployments(default)[1]', 'ReplicaSets(default)[1]', 'Services(default)[2]', 'Events(default)', '<ctrl-d> delete'])
      expect(s).toContain(text);
    // The metrics API's figures in the header.
    await waitFor(async () => /CPU: \d+% \(\d+m\)\s+MEM: \d+% \(\d+Mi\)/.test(await screen()), 'CPU and memory in the header');
    // In colour, even though the run started with CI=true (the CLI clears it for Ink, and chalk must not see it).
    const coloured = (await tmux('capture-pane', '-e', '-p', '-t', 'main')).stdout;
    expect(coloured).toMatch(/\u001b\[[0-9;]*m/);
    const pods = [...s.matchAll(/(hello-\w+-\w{5})\s+1\/1\s+Running/g)].map((m) => m[1]!);
    const victim = pods[0]!; // the cursor starts on the first pod

    await keys('C-d');
    await waitFor(async () => (await screen()).includes(`Delete pod default/${victim}?`), 'the confirm dialog');
    await keys('Right');
    await keys('Enter');

    // Watch, without pressing anything: Terminating, a new pod, READY dipping, then all Running again.
    const seen = new Set<string>();
    let replacement = '';
    await waitFor(async () => {
      s = await screen();
      if (s.includes(`${victim}`) && new RegExp(`${victim}\\s+\\S+\\s+Terminating`).test(s)) seen.add('Terminating');
      if (/hello-\w+-\w{5}\s+0\/1\s+ContainerCreating/.test(s)) seen.add('ContainerCreating');
      if (/hello-\w+\s+3\s+3\s+2\s/.test(s) || /hello\s+2\/3/.test(s)) seen.add('dip');
      for (const r of ['Killing', 'SuccessfulCreate', 'Scheduled', 'Started']) if (s.includes(r)) seen.add(r);
      const running = [...s.matchAll(/(hello-\w+-\w{5})\s+1\/1\s+Running/g)].map((m) => m[1]!);
      replacement = running.find((p) => !pods.includes(p)) ?? '';
      return running.length === 3 && !running.includes(victim) && replacement && /hello\s+3\/3/.test(s);
    }, 'the ReplicaSet to heal on screen', 30_000);
    expect(replacement).toMatch(/^hello-\w+-\w{5}$/);
    expect([...seen]).toEqual(expect.arrayContaining(['Terminating', 'ContainerCreating', 'dip', 'SuccessfulCreate', 'Started']));

    // q quits and the terminal gets its screen back.
    await keys('q');
    const after = await waitFor(async () => {
      const x = await screen();
      return x.includes('EXITED 0') ? x : undefined;
    }, 'the dashboard to exit');
    expect(after).not.toContain('Pods(default)');
    expect(after).toContain('Done! kubectl is now configured to use "minik9s" cluster');
  });

  it('filters, describes, follows a log, scales, and rides out the API server going away and coming back', async () => {
    // The cluster of the test above is still running, with its hello Deployment. The "editor" is a script that
    // changes the replicas, so that `e` runs the real hand-over of the terminal without a person at the keyboard.
    const editor = path.join(t.dir, 'editor.sh');
    writeFileSync(editor, `#!/bin/sh\nsed -i 's/replicas: 4/replicas: 2/' "$1"\n`, { mode: 0o755 });
    const env = Object.entries({ ...t.env, EDITOR: editor })
      .map(([k, v]) => `${k}='${v}'`)
      .join(' ');
    const started = await tmux('new-session', '-d', '-s', 'second', '-x', '120', '-y', '40', `env ${env} ${process.execPath} ${BIN} dashboard; echo "EXITED $?"; sleep 120`);
    expect(started.exitCode, started.stderr).toBe(0);
    const scr = async () => (await tmux('capture-pane', '-p', '-t', 'second')).stdout;
    const send = (...k: string[]) => tmux('send-keys', '-t', 'second', ...k);
    let last = '';
    const until = (check: (s: string) => boolean, what: string, ms = 20_000) =>
      waitFor(
        async () => {
          last = await scr();
          return check(last) ? last : undefined;
        },
        what,
        ms,
      ).catch((err: unknown) => {
        throw new Error(`${err instanceof Error ? err.message : String(err)}; the screen:\n${last}`);
      });
    const runningHello = (s: string) => [...s.matchAll(/(hello-\w+-\w{5})\s+1\/1\s+Running/g)].map((m) => m[1]!);
    await until((s) => runningHello(s).length === 3, 'three Running hello pods');

    // / filters the pods full screen.
    await send('/', 'hello', 'Enter');
    let s = await until((x) => x.includes('</hello>') && runningHello(x).length === 3, 'the filtered view');
    expect(s).not.toContain('coredns');
    const pod = runningHello(s)[0]!;
    // d describes the selected pod, kubectl's way.
    await send('d');
    s = await until((x) => x.includes(`Describe Pod: default/${pod}`) && x.includes('Controlled By:'), 'the description');
    expect(s).toMatch(/Status:\s+Running/);
    await send('Escape');
    await until((x) => x.includes('</hello>'), 'back to the view');
    // l follows its log.
    await send('l');
    await until((x) => x.includes(`Logs: default/${pod} (nginx) [autoscroll]`) && x.includes('ready for start up'), 'the log');
    await send('Escape');
    await until((x) => x.includes('</hello>'), 'back to the view');
    // s opens a shell in the pod: the terminal is the shell's until it exits, then the dashboard comes back.
    await send('s');
    await until((x) => x.includes(`minik9s: a shell in default/${pod}`) && /^#\s*$/m.test(x), 'the shell prompt');
    await send('hostname', 'Enter');
    await until((x) => new RegExp(`^${pod}$`, 'm').test(x), 'the pod\'s hostname');
    await send('exit', 'Enter');
    await until((x) => x.includes(`The shell in default/${pod} ended`) && x.includes('</hello>'), 'the dashboard again');
    await send('Escape');
    await until((x) => x.includes('Namespaces[4]'), 'the overview');
    // s scales the Deployment from its pane.
    await send('Tab');
    await until((x) => x.includes('<s> scale'), 'the deployments pane');
    await send('s');
    await until((x) => x.includes('Scale deployment default/hello') && x.includes('> 3'), 'the scale form');
    await send('BSpace', '4', 'Tab', 'Enter');
    await until((x) => x.includes('Scaled deployment default/hello to 4'), 'the flash');
    await until((x) => runningHello(x).length === 4 && x.includes('Pods(default)[4]'), 'four Running pods');
    // e: the editor gets the Deployment, the dashboard applies what it saved and draws itself again.
    await send('e');
    await until((x) => x.includes('deployment.apps/hello edited') && x.includes('Namespaces[4]'), 'the edit applied');
    await until((x) => runningHello(x).length === 2 && x.includes('Pods(default)[2]'), 'two pods left');

    // The API server goes away: a banner, no crash; it comes back: the banner goes, the screen follows again.
    const stop = await t.cli(['stop']);
    expect(stop.exitCode, stop.stderr).toBe(0);
    s = await until((x) => /API server unreachable at https:\/\/127\.0\.0\.1:\d+: ECONNREFUSED, retrying/.test(x), 'the banner');
    expect(s).toContain('Namespaces[');
    const start = await t.cli(['start']);
    expect(start.exitCode, start.stderr).toBe(0);
    // The cluster comes back as it was (its store is on disk): the two hello pods, restarted as after a node reboot.
    await until((x) => !x.includes('API server unreachable') && x.includes('nodes: 1/1 Ready') && x.includes('Pods(default)[2]') && runningHello(x).length === 2, 'the dashboard live again', 60_000);

    // :ctx switches to another context of the kubeconfig: here a second profile's cluster.
    const second = await t.cli(['start', '-p', 'second', '--keep-context']);
    expect(second.exitCode, second.stderr).toBe(0);
    await send(':ctx', 'Enter');
    await until((x) => /\*\s+minik9s\s+minik9s/.test(x) && /\n\s*│?\s*second\s+second/.test(x), 'the contexts listed');
    await send('Escape');
    await send(':ctx second', 'Enter');
    await until((x) => x.includes('Context: second') && x.includes('nodes: 1/1 Ready') && x.includes('[simulated]'), 'the second cluster');
    await send('q');
    await until((x) => x.includes('EXITED 0'), 'the dashboard to exit');
  });
});
