// Ink decides once, when it is first imported, whether it runs in CI (the `is-in-ci` package reads env CI and
// friends): if so it renders only a final frame and never redraws, which is useless for a live dashboard. That
// is settled before this module loads, so the caller (src/cli/dashboard.ts) clears the CI variables and then
// imports this module dynamically. Code that imports it statically gets whatever the environment says.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { render, type Instance } from 'ink';
import { execaSync } from 'execa';
import type { KubeClient } from '../client/types.js';
import { useCallback, useMemo, useState } from 'react';
import { App, type AppProps, type DashboardContext } from './app.js';
import type { ContextRow } from '../client/kubeconfig.js';
import type { Kubectl } from './requests.js';
import { appendHistory, kubectlHistoryFile, readHistory } from './kubectl-history.js';

/** DashboardTarget is a cluster the dashboard shows: its client, what the header says, and a simulated cluster's extras. */
export interface DashboardTarget {
  readonly client: KubeClient;
  readonly context: DashboardContext;
  /** The API server's gitVersion for the header. */
  readonly serverVersion?: string;
  /** True when the cluster is a minik9s simulated one. */
  readonly simulated?: boolean;
  /** Reads and drives the simulated cluster's clock, and injects its faults. */
  readonly readClock?: AppProps['readClock'];
  readonly controlClock?: AppProps['controlClock'];
  readonly injectFault?: AppProps['injectFault'];
  readonly traffic?: AppProps['traffic'];
}

/** DashboardOptions configure runDashboard. */
export interface DashboardOptions extends DashboardTarget {
  /** The kubeconfig's contexts and how to connect to one (`:ctx`); without it the dashboard stays on its cluster. */
  readonly contexts?: { list(): Promise<ContextRow[]>; open(name: string): Promise<DashboardTarget> };
  /** Hide every key that changes the cluster (`--readonly`). */
  readonly readonly?: boolean;
  /** The kubeconfig file the contexts come from (else $KUBECONFIG or ~/.kube/config): `!` runs kubectl on it. */
  readonly kubeconfig?: string;
  /** Where the `!` prompt keeps its history; `$MINIK9S_HOME/kubectl_history` when absent, none when null. */
  readonly historyFile?: string | null;
  /** The user's key table and kill confirmation (dashboard.json). */
  readonly bindings?: AppProps['bindings'];
  readonly confirmKill?: boolean;
  /** A message for the flash line at start (a problem in dashboard.json). */
  readonly notice?: string;
  /** The most frames a second; default 10. */
  readonly maxFps?: number;
  /** The namespace shown first; default `default`, '' for all namespaces. */
  readonly namespace?: string;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
}

/**
 * How often Ink may write a frame. The data's own pace is `maxFps` (10 by default, enforced where the informers
 * notify); Ink's limit only has to keep a keypress from waiting: at 10 a key pressed just after a data frame waited
 * up to 100 ms, at 60 it waits at most 17 ms.
 */
export const INK_MAX_FPS = 60;

/**
 * Root holds the cluster on screen: `:ctx NAME` connects to another context and the App starts over on it (a new
 * App, so nothing of the old cluster's caches or keys carries over); the old client is closed.
 */
function Root(props: { opts: DashboardOptions; editText: AppProps['editText']; runShell: AppProps['runShell']; onExit: () => void }) {
  const { opts } = props;
  const [target, setTarget] = useState<DashboardTarget>(opts);
  const contexts = opts.contexts;
  // `!` runs the built-in kubectl on the kubeconfig and the context on screen (a `:ctx` switch moves it along).
  const contextName = target.context.context;
  const kubectl = useMemo(() => builtInKubectl(opts.kubeconfig, contextName, opts.historyFile), [opts.kubeconfig, contextName, opts.historyFile]);
  const switchTo = useCallback(
    async (name: string) => {
      if (!contexts) return;
      const next = await contexts.open(name);
      setTarget((old) => {
        if (old !== opts) (old.client as { close?: () => void }).close?.();
        return next;
      });
    },
    [contexts, opts],
  );
  return (
    <App
      key={target.context.context}
      client={target.client}
      context={target.context}
      serverVersion={target.serverVersion}
      simulated={target.simulated}
      readClock={target.readClock}
      controlClock={target.controlClock}
      injectFault={target.injectFault}
      traffic={target.traffic}
      maxFps={opts.maxFps}
      namespace={opts.namespace}
      readonly={opts.readonly}
      bindings={opts.bindings}
      confirmKill={opts.confirmKill}
      notice={opts.notice}
      editText={props.editText}
      runShell={props.runShell}
      contexts={contexts ? { list: contexts.list, switchTo } : undefined}
      kubectl={kubectl}
      onExit={props.onExit}
    />
  );
}

/**
 * builtInKubectl is the `!` prompt's kubectl: the one built into minik9s (never a kubectl from PATH: the terminal is
 * the dashboard's), on a kubeconfig's context, with its history in a file.
 */
export function builtInKubectl(kubeconfig: string | undefined, context: string, historyFile?: string | null): Kubectl {
  const file = historyFile === null ? undefined : (historyFile ?? kubectlHistoryFile());
  return {
    async run(args, io, now, namespace) {
      const { runKubectl } = await import('../cli/kubectl/index.js');
      return runKubectl(args, io, { kubeconfig, context, now, namespace });
    },
    history: () => (file ? readHistory(file) : []),
    remember: (line) => {
      if (file) appendHistory(file, line);
    },
  };
}

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[2J\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * runDashboard shows the dashboard full screen until the user quits. It switches the terminal to the alternate
 * screen (so the shell's scrollback is left as it was) and always switches back: on quit, on an error thrown
 * while rendering, on SIGINT and SIGTERM, and as a last resort when the process exits.
 */
export async function runDashboard(opts: DashboardOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
    } catch {
      // stdout is gone (a closed pipe or terminal): nothing left to restore.
    }
  };

  let instance: Instance | undefined;
  let quitting = false;
  const quit = () => {
    if (quitting) return;
    quitting = true;
    // Unmount on a later turn: onExit is called from a React effect, and Ink should finish that commit first.
    setImmediate(() => instance?.unmount());
  };
  const onSignal = () => {
    // Unmount now (Ink writes its last frame synchronously), then leave the alternate screen: in that order, so
    // nothing is drawn on the user's normal screen.
    quitting = true;
    try {
      instance?.unmount();
    } finally {
      restore();
    }
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', restore);

  /**
   * editText hands the terminal to the user's editor, as kubectl edit does ($KUBE_EDITOR, $EDITOR, else vi, run
   * by the shell so that `code --wait` works), and takes it back. The editor runs synchronously: while it has the
   * terminal the dashboard neither reads keys nor draws.
   */
  const editText = (text: string, name: string): string | undefined => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-edit-'));
    const file = path.join(dir, `${name.replace(/[^\w.-]/g, '_')}.yaml`);
    writeFileSync(file, text, { mode: 0o600 });
    const editor = process.env.KUBE_EDITOR || process.env.EDITOR || 'vi';
    const raw = stdin.isTTY && stdin.isRaw;
    try {
      if (raw) stdin.setRawMode(false);
      stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
      const r = execaSync(`${editor} ${JSON.stringify(file)}`, { shell: true, stdio: 'inherit', reject: false });
      if (r.failed && r.exitCode === undefined) return undefined;
      if (r.exitCode !== 0) return undefined;
      return readFileSync(file, 'utf8');
    } finally {
      stdout.write(ENTER_ALT_SCREEN + HIDE_CURSOR);
      if (raw) stdin.setRawMode(true);
      // The screen was the editor's: draw the whole frame again.
      instance?.clear();
      rmSync(dir, { recursive: true, force: true });
    }
  };

  /**
   * runShell gives the terminal to a shell in a pod, as `kubectl exec -it POD -- sh` would: keys go to the shell
   * raw, its output comes straight to the screen, until it exits. The dashboard has already let go of stdin and
   * drawn itself away; afterwards it draws the whole frame again.
   */
  const runShell = async (client: KubeClient, namespace: string, pod: string, container?: string): Promise<number> => {
    // Let Ink release stdin and draw its empty frame first: a frame it still owes (it draws at most every
    // 1000/INK_MAX_FPS ms) would otherwise erase lines of the shell's screen.
    await new Promise((r) => setTimeout(r, Math.ceil(3000 / INK_MAX_FPS)));
    stdout.write(`\x1b[2J\x1b[H${SHOW_CURSOR}minik9s: a shell in ${namespace}/${pod}${container ? ` (${container})` : ''}; exit (or ctrl-d) comes back to the dashboard\r\n`);
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.resume();
    const session = client.exec(namespace, pod, { container, command: ['sh'], stdin: true, tty: true }, { stdout: (d) => stdout.write(d), stderr: (d) => stdout.write(d) });
    const onData = (d: Buffer | string) => session.write(d.toString());
    stdin.on('data', onData);
    try {
      return await session.done;
    } finally {
      stdin.off('data', onData);
      stdin.pause();
      stdout.write(`\x1b[2J\x1b[H${HIDE_CURSOR}`);
      instance?.clear();
    }
  };

  stdout.write(ENTER_ALT_SCREEN + HIDE_CURSOR);
  try {
    instance = render(<Root opts={opts} editText={editText} runShell={runShell} onExit={quit} />,
      {
        stdout,
        stdin,
        exitOnCtrlC: false,
        maxFps: INK_MAX_FPS,
        // Stray console output would tear the full-screen frame; Ink reroutes it when it owns process.stdout.
        patchConsole: stdout === process.stdout,
      },
    );
    await instance.waitUntilExit();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', restore);
    restore();
  }
}
