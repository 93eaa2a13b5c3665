import type { Key } from 'ink';
import { PANE_TITLES, type PaneId, type RowsId } from './panes.js';

/** CommandName names what a key does; the state reducer interprets commands, never raw keys. */
export type CommandName =
  | 'pane.next'
  | 'pane.prev'
  | 'cursor.up'
  | 'cursor.down'
  | 'cursor.pageUp'
  | 'cursor.pageDown'
  | 'cursor.top'
  | 'cursor.bottom'
  | 'select'
  | 'drill'
  | 'namespace.all'
  | 'pod.delete'
  | 'pod.kill'
  | 'help.toggle'
  | 'help.close'
  | 'dialog.switch'
  | 'dialog.choose'
  | 'dialog.cancel'
  | 'prompt.open'
  | 'filter.open'
  | 'sort.name'
  | 'sort.age'
  | 'sort.status'
  | 'pod.crash'
  | 'yaml.open'
  | 'describe.open'
  | 'logs.open'
  | 'logs.follow'
  | 'logs.wrap'
  | 'logs.timestamps'
  | 'logs.previous'
  | 'logs.container'
  | 'logs.since'
  | 'text.close'
  | 'prompt.run'
  | 'prompt.cancel'
  | 'view.close'
  | 'quit';

/** Scope is the layer that has the keyboard: the panes, the help overlay, a dialog, the `:` command line, a text
 * view (YAML, describe, timers), or a container's log. */
export type Scope = 'main' | 'help' | 'dialog' | 'prompt' | 'text' | 'logs';

/** KeyPress is the part of Ink's key description the bindings look at. */
export type KeyPress = Partial<Key>;

/**
 * Binding is one row of the dashboard's single key binding table: the keys as shown to the user, how to recognise
 * them, the command they run, and where they apply. The same table drives the hint bar and the `?` help.
 */
export interface Binding {
  /** The keys as displayed, e.g. `j/↓`. */
  readonly keys: string;
  readonly command: CommandName;
  readonly description: string;
  /** The layers in which the binding is live. */
  readonly scopes: readonly Scope[];
  /** The panes the binding applies to (a focus view counts as its kind's pane); all panes when absent. */
  readonly panes?: readonly PaneId[];
  /** A short label for the hint bar; bindings without one only appear in the help. */
  readonly hint?: string;
  /** Only for a minik9s simulated cluster (hidden and dead against a real one). */
  readonly simulatedOnly?: boolean;
  match(input: string, key: KeyPress): boolean;
}

const plain = (key: KeyPress) => !key.ctrl && !key.meta;

/** BINDINGS is the one key binding table of the dashboard. Order matters: the first match wins. */
export const BINDINGS: readonly Binding[] = [
  {
    keys: 'ctrl-c',
    command: 'quit',
    description: 'Quit the dashboard',
    scopes: ['main', 'help', 'dialog', 'prompt', 'text', 'logs'],
    match: (input, key) => key.ctrl === true && input === 'c',
  },
  {
    keys: 'q',
    command: 'quit',
    description: 'Quit the dashboard',
    scopes: ['main'],
    hint: 'quit',
    match: (input, key) => plain(key) && input === 'q',
  },
  {
    keys: '?',
    command: 'help.toggle',
    description: 'Show or hide this help',
    scopes: ['main', 'help'],
    hint: 'help',
    match: (input) => input === '?',
  },
  {
    keys: 'shift-tab',
    command: 'pane.prev',
    description: 'Focus the previous pane',
    scopes: ['main'],
    match: (_input, key) => key.tab === true && key.shift === true,
  },
  {
    keys: 'tab',
    command: 'pane.next',
    description: 'Focus the next pane',
    scopes: ['main'],
    hint: 'next pane',
    match: (_input, key) => key.tab === true && !key.shift,
  },
  {
    keys: 'k/↑',
    command: 'cursor.up',
    description: 'Move the cursor up',
    scopes: ['main', 'text', 'logs'],
    hint: 'up',
    match: (input, key) => key.upArrow === true || (plain(key) && input === 'k'),
  },
  {
    keys: 'j/↓',
    command: 'cursor.down',
    description: 'Move the cursor down',
    scopes: ['main', 'text', 'logs'],
    hint: 'down',
    match: (input, key) => key.downArrow === true || (plain(key) && input === 'j'),
  },
  {
    keys: 'pgup',
    command: 'cursor.pageUp',
    description: 'Move the cursor one page up',
    scopes: ['main', 'text', 'logs'],
    match: (_input, key) => key.pageUp === true,
  },
  {
    keys: 'pgdn',
    command: 'cursor.pageDown',
    description: 'Move the cursor one page down',
    scopes: ['main', 'text', 'logs'],
    match: (_input, key) => key.pageDown === true,
  },
  {
    keys: 'g/home',
    command: 'cursor.top',
    description: 'Move the cursor to the first row',
    scopes: ['main', 'text', 'logs'],
    match: (input, key) => key.home === true || (plain(key) && input === 'g'),
  },
  {
    keys: 'G/end',
    command: 'cursor.bottom',
    description: 'Move the cursor to the last row',
    scopes: ['main', 'text', 'logs'],
    match: (input, key) => key.end === true || (!key.ctrl && input === 'G'),
  },
  {
    keys: 'enter',
    command: 'select',
    description: 'Switch to the selected namespace',
    scopes: ['main'],
    panes: ['namespaces'],
    hint: 'switch ns',
    match: (_input, key) => key.return === true,
  },
  {
    keys: 'enter',
    command: 'drill',
    description: 'Open what the selected object owns or selects: Deployment → ReplicaSets → pods, Service or node → pods',
    scopes: ['main'],
    hint: 'open',
    match: (_input, key) => key.return === true,
  },
  {
    keys: '0',
    command: 'namespace.all',
    description: 'Show all namespaces',
    scopes: ['main'],
    hint: 'all ns',
    match: (input, key) => plain(key) && input === '0',
  },
  {
    keys: 'ctrl-d',
    command: 'pod.delete',
    description: 'Delete the selected pod (asks first)',
    scopes: ['main'],
    panes: ['pods'],
    hint: 'delete',
    match: (input, key) => key.ctrl === true && input === 'd',
  },
  {
    keys: 'ctrl-k',
    command: 'pod.kill',
    description: 'Kill the selected pod: delete it with no grace period (asks first)',
    scopes: ['main'],
    panes: ['pods'],
    hint: 'kill',
    match: (input, key) => key.ctrl === true && input === 'k',
  },
  {
    keys: 'y',
    command: 'yaml.open',
    description: 'Show the selected object as YAML (j/k scroll, esc goes back)',
    scopes: ['main'],
    hint: 'yaml',
    match: (input, key) => plain(key) && input === 'y',
  },
  {
    keys: 'd',
    command: 'describe.open',
    description: 'Describe the selected object as kubectl describe does, with its events (live; esc goes back)',
    scopes: ['main'],
    hint: 'describe',
    match: (input, key) => plain(key) && input === 'd',
  },
  {
    keys: 'l',
    command: 'logs.open',
    description: 'Follow the selected pod\'s log (esc goes back)',
    scopes: ['main'],
    panes: ['pods'],
    hint: 'logs',
    match: (input, key) => plain(key) && input === 'l',
  },
  {
    keys: 'esc/q',
    command: 'text.close',
    description: 'Back from the YAML, description or log',
    scopes: ['text', 'logs'],
    hint: 'back',
    match: (input, key) => key.escape === true || (plain(key) && input === 'q'),
  },
  {
    keys: 's',
    command: 'logs.follow',
    description: 'Logs: autoscroll on or off (scrolling up turns it off, G turns it on)',
    scopes: ['logs'],
    hint: 'autoscroll',
    match: (input, key) => plain(key) && input === 's',
  },
  {
    keys: 'w',
    command: 'logs.wrap',
    description: 'Logs: wrap long lines',
    scopes: ['logs'],
    hint: 'wrap',
    match: (input, key) => plain(key) && input === 'w',
  },
  {
    keys: 't',
    command: 'logs.timestamps',
    description: 'Logs: show the time of each line',
    scopes: ['logs'],
    hint: 'timestamps',
    match: (input, key) => plain(key) && input === 't',
  },
  {
    keys: 'p',
    command: 'logs.previous',
    description: 'Logs: the previous run of the container (after a restart), or back to the current one',
    scopes: ['logs'],
    hint: 'previous',
    match: (input, key) => plain(key) && input === 'p',
  },
  {
    keys: 'c',
    command: 'logs.container',
    description: 'Logs: the next container of the pod',
    scopes: ['logs'],
    hint: 'container',
    match: (input, key) => plain(key) && input === 'c',
  },
  {
    keys: '0-5',
    command: 'logs.since',
    description: 'Logs: everything (0), or the last 1m, 5m, 15m, 30m, 1h (1-5)',
    scopes: ['logs'],
    hint: 'since',
    match: (input, key) => plain(key) && input.length === 1 && input >= '0' && input <= '5',
  },
  {
    keys: 'x',
    command: 'pod.crash',
    description: 'Crash the pod\'s container (simulated clusters): its restartPolicy brings it back',
    scopes: ['main'],
    simulatedOnly: true,
    panes: ['pods'],
    hint: 'crash',
    match: (input, key) => plain(key) && input === 'x',
  },
  {
    keys: 'N',
    command: 'sort.name',
    description: 'Sort by name (again: reverse)',
    scopes: ['main'],
    match: (input, key) => !key.ctrl && input === 'N',
  },
  {
    keys: 'A',
    command: 'sort.age',
    description: 'Sort by age, youngest first (again: reverse)',
    scopes: ['main'],
    match: (input, key) => !key.ctrl && input === 'A',
  },
  {
    keys: 'S',
    command: 'sort.status',
    description: 'Sort by status (again: reverse)',
    scopes: ['main'],
    match: (input, key) => !key.ctrl && input === 'S',
  },
  {
    keys: '/',
    command: 'filter.open',
    description: 'Filter the table in front: /web, /!web (without), /-l app=web (labels); an empty filter clears it',
    scopes: ['main'],
    hint: 'filter',
    match: (input, key) => plain(key) && input.startsWith('/'),
  },
  {
    keys: ':',
    command: 'prompt.open',
    description: 'Show any kind full screen: :pod, :deploy, :svc kube-system, :pod /web, :pod app=web (Esc goes back); :pause, :resume, :step, :speed N drive a simulated cluster\'s clock',
    scopes: ['main'],
    hint: 'command',
    // A fast typist or a paste can bring ":pod" in one read: the rest goes on the command line.
    match: (input, key) => plain(key) && input.startsWith(':'),
  },
  {
    keys: 'esc',
    command: 'view.close',
    description: 'Back: to the view before, or to the overview',
    scopes: ['main'],
    match: (_input, key) => key.escape === true,
  },
  {
    keys: 'enter',
    command: 'prompt.run',
    description: 'Run the command',
    scopes: ['prompt'],
    hint: 'run',
    match: (_input, key) => key.return === true,
  },
  {
    keys: 'esc',
    command: 'prompt.cancel',
    description: 'Leave the command line',
    scopes: ['prompt'],
    hint: 'cancel',
    match: (_input, key) => key.escape === true,
  },
  {
    keys: 'esc',
    command: 'help.close',
    description: 'Close the help',
    scopes: ['help'],
    hint: 'close',
    match: (_input, key) => key.escape === true,
  },
  {
    keys: '←/→/tab',
    command: 'dialog.switch',
    description: 'Switch between the dialog buttons',
    scopes: ['dialog'],
    hint: 'switch button',
    match: (input, key) =>
      key.leftArrow === true || key.rightArrow === true || key.tab === true || (plain(key) && (input === 'h' || input === 'l')),
  },
  {
    keys: 'enter',
    command: 'dialog.choose',
    description: 'Press the selected button',
    scopes: ['dialog'],
    hint: 'choose',
    match: (_input, key) => key.return === true,
  },
  {
    keys: 'esc',
    command: 'dialog.cancel',
    description: 'Cancel the dialog',
    scopes: ['dialog'],
    hint: 'cancel',
    match: (_input, key) => key.escape === true,
  },
];

const applies = (b: Binding, scope: Scope, pane: RowsId, simulated = true) =>
  b.scopes.includes(scope) && (!b.panes || (pane !== 'view' && b.panes.includes(pane))) && (simulated || !b.simulatedOnly);

/** commandFor finds the command a key press runs in a scope with a pane focused, if any. */
export function commandFor(scope: Scope, pane: RowsId, input: string, key: KeyPress, simulated = true): CommandName | undefined {
  for (const b of BINDINGS) if (applies(b, scope, pane, simulated) && b.match(input, key)) return b.command;
  return undefined;
}

/**
 * hintsFor lists the hint-bar entries for a scope and focused pane: the focused pane's own commands first (they
 * are what the user came to that pane for), then the general ones, each group in table order.
 */
export function hintsFor(scope: Scope, pane: RowsId, simulated = true): { keys: string; hint: string }[] {
  const live = BINDINGS.filter((b) => b.hint && applies(b, scope, pane, simulated));
  return [...live.filter((b) => b.panes), ...live.filter((b) => !b.panes)].map((b) => ({ keys: b.keys, hint: b.hint ?? '' }));
}

/** whereLabel says where a binding applies, for the help: "all panes", "Pods", "dialog", ... */
export function whereLabel(b: Binding): string {
  if (b.scopes.includes('main')) return b.panes ? b.panes.map((p) => PANE_TITLES[p]).join(', ') : 'all panes';
  return b.scopes.join(', ');
}
