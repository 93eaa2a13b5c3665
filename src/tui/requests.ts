import type { Dispatch } from 'react';
import type { KubeClient } from '../client/types.js';
import type { ContextRow } from '../client/kubeconfig.js';
import type { Fault } from '../apiserver/http/faults-api.js';
import type { ClockReading } from './hooks/use-cluster-clock.js';
import type { ClockAction } from './commands.js';
import { CONTEXTS_TITLE, type Action, type Request } from './state.js';
import { editObject, nodeAction, ownerView, performAction, prefill, targetName, dialogQuestion, type EditText } from './actions.js';
import type { Burst } from '../proxy/traffic.js';
import type { IO } from '../cli/kubectl/command.js';

/** RequestDeps are what carrying out a request needs: the client, the state's dispatch, and the App's capabilities. */
export interface RequestDeps {
  readonly client: KubeClient;
  readonly dispatch: Dispatch<Action>;
  /** The cluster's time (restartedAt, describe's ages). */
  readonly now: () => number;
  /** Reads an object's YAML or description as lines. */
  readonly readText: (r: Extract<Request, { kind: 'yaml' | 'describe' }>) => Promise<string[]>;
  readonly controlClock?: (a: ClockAction) => Promise<ClockReading>;
  readonly injectFault?: (f: Fault) => Promise<unknown>;
  /** Fires a burst at a Service and reads how it went (a simulated cluster's /minik9s/v1/traffic). */
  readonly traffic?: Traffic;
  readonly editText?: EditText;
  readonly runShell?: (client: KubeClient, namespace: string, pod: string, container?: string) => Promise<number>;
  readonly contexts?: { list(): Promise<ContextRow[]>; switchTo(name: string): Promise<void> };
  /** The context on screen. */
  readonly context: string;
  /** Runs `!` command lines with the built-in kubectl, on the context on screen. */
  readonly kubectl?: Kubectl;
  /** The `!` commands running, by run (the App's, so that a later request can stop them, and its unmount all). */
  readonly kubectlRuns?: KubectlRuns;
}

/** KubectlRuns are the `!` commands running: how to stop each, and whether it streams until stopped. */
export type KubectlRuns = Map<number, { readonly abort: AbortController; readonly stream: boolean }>;

/** PENDING_LIMIT is the most characters held back waiting for a line's end (a stream that never ends its line). */
export const PENDING_LIMIT = 64 * 1024;

/**
 * Kubectl is the built-in kubectl as the `!` prompt uses it: run a command line's words against the cluster on
 * screen (the exit code, or undefined when the line is not built in: nothing ran; `io.signal` stops it as ctrl-c
 * stops kubectl), and the history file.
 */
export interface Kubectl {
  run(args: string[], io: IO, now: () => number, namespace?: string): Promise<number | undefined>;
  /** The lines run in earlier sessions, oldest first (read when the dashboard opens). */
  history?(): readonly string[];
  /** Keeps one more line in the history file. */
  remember?(line: string): void;
}

/**
 * runKubectlRequest runs a `!` line with an AbortController (the pane's stop key aborts it) and streams what it
 * prints into the output pane, whole lines at a time (a command may write half a line and the rest later), then
 * says how it ended and whether it was stopped. A new line replaces the pane: a stream still running in the old
 * one is stopped, as closing the pane would.
 */
function runKubectlRequest(request: Extract<Request, { kind: 'kubectl' }>, deps: RequestDeps): void {
  const { dispatch, kubectl } = deps;
  try {
    kubectl?.remember?.(request.line);
  } catch {
    // The history is a convenience: the command runs all the same.
  }
  const runs = deps.kubectlRuns;
  if (runs) for (const [, r] of runs) if (r.stream) r.abort.abort();
  if (!request.args) return; // refused: the pane says why
  const run = request.id;
  if (!kubectl) return dispatch({ type: 'kubectlDone', run, line: request.line, code: 1, error: 'no kubectl to run it with here: open the dashboard with minik9s dashboard' });
  const abort = new AbortController();
  runs?.set(run, { abort, stream: !!request.stream });
  const pending = { out: '', err: '' };
  const write = (from: 'out' | 'err') => (text: string) => {
    pending[from] += text;
    const cut = pending[from].lastIndexOf('\n');
    if (cut < 0) {
      // A line that never ends (a log without newlines) is shown in pieces rather than held without bound.
      if (pending[from].length > PENDING_LIMIT) {
        dispatch({ type: 'kubectlOutput', run, from, lines: [pending[from]] });
        pending[from] = '';
      }
      return;
    }
    const lines = pending[from].slice(0, cut).split('\n');
    pending[from] = pending[from].slice(cut + 1);
    dispatch({ type: 'kubectlOutput', run, from, lines });
  };
  const flush = () => {
    for (const from of ['out', 'err'] as const) if (pending[from]) dispatch({ type: 'kubectlOutput', run, from, lines: [pending[from]] });
  };
  const ended = () => {
    runs?.delete(run);
    flush();
  };
  // No stdin and no terminal: the process's are the dashboard's keys. `-f -` and `exec -i` are refused by the
  // built-in (besides parseKubectlLine's guards, which only know the plain spellings).
  kubectl.run([...request.args], { out: write('out'), err: write('err'), signal: abort.signal }, deps.now, request.namespace).then(
    (code) => {
      ended();
      // A command that finished all the same (0) was not stopped; interrupted, kubectl exits 1 (drain, scale's retries, exec: killed, 130).
      dispatch({ type: 'kubectlDone', run, line: request.line, code, ...(abort.signal.aborted && code !== undefined && code !== 0 ? { stopped: true } : {}) });
    },
    (err: unknown) => {
      ended();
      dispatch({ type: 'kubectlDone', run, line: request.line, code: 1, error: errorText(err), ...(abort.signal.aborted ? { stopped: true } : {}) });
    },
  );
}

/** stopKubectl stops a running `!` command; one that has ended already is left alone. */
function stopKubectl(request: Extract<Request, { kind: 'kubectlStop' }>, deps: RequestDeps): void {
  deps.kubectlRuns?.get(request.run)?.abort.abort();
}

/** Traffic is the simulated cluster's traffic endpoint as the dashboard uses it. */
export interface Traffic {
  burst(namespace: string, service: string): Promise<unknown>;
  read(): Promise<{ burst: Burst | null; pods?: Record<string, number> }>;
}

/** burstLine is a burst's progress on the flash line: how many answered or failed, and where they went. */
export function burstLine(b: Burst): string {
  const spread = Object.entries(b.byPod)
    .sort(([a], [c]) => a.localeCompare(c))
    .map(([pod, n]) => `${pod} ${n}`)
    .join(' · ');
  return `Burst to ${b.namespace}/${b.service}: ${b.answered}/${b.count} answered, ${b.failed} failed${spread ? ` — ${spread}` : ''}${b.done ? '' : ' …'}`;
}

/** followBurst fires a burst and shows its progress until it is done (about 6 s: 60 requests, 10 a second). */
async function followBurst(traffic: Traffic, namespace: string, service: string, say: (text: string, level?: 'info' | 'error') => void): Promise<void> {
  await traffic.burst(namespace, service);
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const b = (await traffic.read()).burst;
    if (!b || b.namespace !== namespace || b.service !== service) return;
    say(burstLine(b), b.failed ? 'error' : 'info');
    if (b.done) return;
  }
}

/** errorText is an error's message for the flash line. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** contextLines prints the contexts as `kubectl config get-contexts` does: CURRENT, NAME, CLUSTER, AUTHINFO, NAMESPACE. */
export function contextLines(rows: readonly ContextRow[]): string[] {
  const table = [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...rows.map((r) => [r.current ? '*' : '', r.name, r.cluster, r.user, r.namespace])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  return table.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(Math.max(6, widths[i]! + 3)) : c)).join('').trimEnd());
}

/**
 * carryOut performs a request of the state machine (a delete, a scale, a shell, a context switch, ...) through
 * the API or the App's capabilities, and reports the outcome on the flash line. The reducer stays pure; this is
 * where its requests meet the world.
 */
export function carryOut(request: Request, deps: RequestDeps): void {
  const { client, dispatch, readText, controlClock, injectFault, editText, runShell } = deps;
  const say = (text: string, level: 'info' | 'error' = 'info') => dispatch({ type: 'flash', text, level });
  switch (request.kind) {
    case 'action': {
      const d = request.dialog;
      performAction(client, d, deps.now()).then(
        (msg) => say(msg),
        (err: unknown) => say(`${dialogQuestion(d).replace(/[?:].*$/, '')} failed: ${errorText(err)}`, 'error'),
      );
      return;
    }
    case 'prefill':
      prefill(client, request.dialog).then(
        (value) => dispatch({ type: 'dialogInput', value }),
        (err: unknown) => {
          dispatch({ type: 'command', command: 'dialog.cancel' });
          say(`Cannot read ${targetName(request.dialog.targets[0]!)}: ${errorText(err)}`, 'error');
        },
      );
      return;
    case 'node':
      nodeAction(client, request.action, request.name, injectFault).then(
        (msg) => say(msg),
        (err: unknown) => say(`${request.action[0]!.toUpperCase()}${request.action.slice(1)} node ${request.name} failed: ${errorText(err)}`, 'error'),
      );
      return;
    case 'shell': {
      const t = request.target;
      if (!runShell) {
        dispatch({ type: 'shellDone' });
        return say('A shell needs the terminal: run the dashboard with minik9s dashboard', 'error');
      }
      runShell(client, t.namespace, t.name, t.container).then(
        (code) => {
          dispatch({ type: 'shellDone' });
          say(`The shell in ${t.namespace}/${t.name} ended${code ? ` (exit code ${code})` : ''}`);
        },
        (err: unknown) => {
          dispatch({ type: 'shellDone' });
          say(`Shell in ${t.namespace}/${t.name} failed: ${errorText(err)}`, 'error');
        },
      );
      return;
    }
    case 'edit': {
      if (!editText) return say('Editing needs the terminal: run the dashboard with minik9s dashboard', 'error');
      editObject(client, request.target, editText).then(
        (msg) => say(msg),
        (err: unknown) => say(`Edit ${targetName(request.target)} failed: ${errorText(err)}`, 'error'),
      );
      return;
    }
    case 'ctx': {
      const contexts = deps.contexts;
      if (!contexts) {
        if (!request.name) dispatch({ type: 'command', command: 'text.close' });
        return say('Switching contexts needs the kubeconfig: run the dashboard with minik9s dashboard', 'error');
      }
      contexts.list().then(
        (rows) => {
          if (!request.name) return dispatch({ type: 'text', title: CONTEXTS_TITLE, lines: contextLines(rows) });
          if (!rows.some((r) => r.name === request.name)) return say(`context "${request.name}" not found in the kubeconfig`, 'error');
          if (request.name === deps.context) return say(`Already on context ${request.name}`);
          contexts.switchTo(request.name).catch((err: unknown) => say(`Cannot switch to ${request.name}: ${errorText(err)}`, 'error'));
        },
        (err: unknown) => say(`Cannot read the kubeconfig: ${errorText(err)}`, 'error'),
      );
      return;
    }
    case 'owner':
      ownerView(client, request.target).then(
        ({ view, key }) => dispatch({ type: 'jump', view, key }),
        (err: unknown) => say(errorText(err), 'error'),
      );
      return;
    case 'clock': {
      if (!controlClock) return say('Only a minik9s simulated cluster has a clock to drive', 'error');
      const c = request.clock;
      controlClock(c).then(
        (r) =>
          say(
            c.action === 'pause'
              ? 'The cluster\'s clock is paused: :step moves it to its next event, :resume runs it again'
              : c.action === 'resume'
                ? `The cluster's clock runs again${r.speed === 1 ? '' : ` at ${r.speed}x`}`
                : c.action === 'step'
                  ? `Stepped to ${new Date(r.now).toISOString().slice(11, 19)}`
                  : `The cluster's clock now runs at ${r.speed}x`,
          ),
        (err: unknown) => say(`Clock: ${errorText(err)}`, 'error'),
      );
      return;
    }
    case 'yaml':
    case 'describe': {
      readText(request).then(
        (lines) => dispatch({ type: 'text', title: request.title, lines }),
        (err: unknown) => {
          dispatch({ type: 'command', command: 'text.close' });
          say(`Cannot show ${request.title}: ${errorText(err)}`, 'error');
        },
      );
      return;
    }
    case 'burst': {
      if (!deps.traffic) return say('Bursts need a minik9s simulated cluster', 'error');
      const target = `${request.namespace}/${request.name}`;
      void followBurst(deps.traffic, request.namespace, request.name, say).catch((err: unknown) => say(`Burst to ${target} failed: ${errorText(err)}`, 'error'));
      return;
    }
    case 'kubectl':
      return runKubectlRequest(request, deps);
    case 'kubectlStop':
      return stopKubectl(request, deps);
    case 'crash': {
      if (!injectFault) return say('Crashing a container needs a minik9s simulated cluster', 'error');
      const target = `${request.namespace}/${request.name}`;
      injectFault({ type: 'crash-container', namespace: request.namespace, pod: request.name }).then(
        () => say(`Crashed the container of pod ${target}: watch its restartPolicy bring it back`),
        (err: unknown) => say(`Crash ${target} failed: ${errorText(err)}`, 'error'),
      );
      return;
    }
  }
}
