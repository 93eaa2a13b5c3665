import type { Key } from 'ink';

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
  | 'delete'
  | 'pod.kill'
  | 'scale.open'
  | 'restart'
  | 'image.open'
  | 'rollback'
  | 'node.cordon'
  | 'node.uncordon'
  | 'node.drain'
  | 'node.fail'
  | 'node.recover'
  | 'mark.toggle'
  | 'owner.jump'
  | 'wide.toggle'
  | 'edit'
  | 'events.open'
  | 'namespace.favorite'
  | 'shell.open'
  | 'dialog.propagation'
  | 'dialog.force'
  | 'help.toggle'
  | 'help.close'
  | 'dialog.switch'
  | 'dialog.choose'
  | 'dialog.cancel'
  | 'prompt.open'
  | 'kubectl.open'
  | 'output.close'
  | 'output.stop'
  | 'filter.open'
  | 'sort.name'
  | 'sort.age'
  | 'sort.status'
  | 'pod.crash'
  | 'service.burst'
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
  | 'prompt.complete'
  | 'prompt.historyPrev'
  | 'prompt.historyNext'
  | 'prompt.cancel'
  | 'view.close'
  | 'quit';

/** Scope is the layer that has the keyboard: the panes, the help overlay, a dialog, the `:` command line, a text
 * view (YAML, describe, timers), a container's log, or the output pane of a `!` kubectl command. */
export type Scope = 'main' | 'help' | 'dialog' | 'form' | 'prompt' | 'text' | 'logs' | 'output';

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
  /** The kinds of table the binding applies to (`Pod`, `Deployment`, `Node`; other groups' kinds as `Job.batch`); all when absent. */
  readonly kinds?: readonly string[];
  /** Kinds of table the binding does not apply to (a pod's containers are no objects to delete or describe). */
  readonly except?: readonly string[];
  /** Navigation everybody knows (tab, j/k, q, ?): the hint bar lists it after the actions. */
  readonly basic?: boolean;
  /** Changes the cluster: hidden and dead in `--readonly`. */
  readonly mutating?: boolean;
  /** A short label for the hint bar; bindings without one only appear in the help. */
  readonly hint?: string;
  /** The hint bar always keeps room for it (at its end), however many other hints there are. */
  readonly pinned?: boolean;
  /** Only for a minik9s simulated cluster (hidden and dead against a real one). */
  readonly simulatedOnly?: boolean;
  /** Only while a `!` command runs (hidden and dead otherwise: the key then does what the next binding says). */
  readonly whileRunning?: boolean;
  match(input: string, key: KeyPress): boolean;
}

const plain = (key: KeyPress) => !key.ctrl && !key.meta;

/** BINDINGS is the one key binding table of the dashboard. Order matters: the first match wins. */
export const BINDINGS: readonly Binding[] = [
  {
    // As in a terminal: ctrl-c interrupts the command running in front; with none running it quits, below.
    keys: 'ctrl-c',
    command: 'output.stop',
    description: 'Stop the kubectl command running in the output pane (get -w, logs -f, a rollout status that waits)',
    scopes: ['output'],
    whileRunning: true,
    pinned: true,
    hint: 'stop',
    match: (input, key) => key.ctrl === true && input === 'c',
  },
  {
    keys: 'ctrl-c',
    command: 'quit',
    description: 'Quit the dashboard',
    scopes: ['main', 'help', 'dialog', 'form', 'prompt', 'text', 'logs', 'output'],
    match: (input, key) => key.ctrl === true && input === 'c',
  },
  {
    keys: 'q',
    command: 'quit',
    description: 'Quit the dashboard',
    scopes: ['main'],
    basic: true,
    hint: 'quit',
    match: (input, key) => plain(key) && input === 'q',
  },
  {
    keys: '?',
    command: 'help.toggle',
    description: 'Show or hide this help',
    scopes: ['main', 'help', 'output'],
    basic: true,
    pinned: true,
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
    basic: true,
    hint: 'next pane',
    match: (_input, key) => key.tab === true && !key.shift,
  },
  {
    keys: 'k/↑',
    command: 'cursor.up',
    description: 'Move the cursor up',
    scopes: ['main', 'text', 'logs', 'help', 'output'],
    basic: true,
    hint: 'up',
    match: (input, key) => key.upArrow === true || (plain(key) && input === 'k'),
  },
  {
    keys: 'j/↓',
    command: 'cursor.down',
    description: 'Move the cursor down',
    scopes: ['main', 'text', 'logs', 'help', 'output'],
    basic: true,
    hint: 'down',
    match: (input, key) => key.downArrow === true || (plain(key) && input === 'j'),
  },
  {
    keys: 'pgup',
    command: 'cursor.pageUp',
    description: 'Move the cursor one page up',
    scopes: ['main', 'text', 'logs', 'output'],
    match: (_input, key) => key.pageUp === true,
  },
  {
    keys: 'pgdn',
    command: 'cursor.pageDown',
    description: 'Move the cursor one page down',
    scopes: ['main', 'text', 'logs', 'output'],
    match: (_input, key) => key.pageDown === true,
  },
  {
    keys: 'g/home',
    command: 'cursor.top',
    description: 'Move the cursor to the first row',
    scopes: ['main', 'text', 'logs', 'output'],
    match: (input, key) => key.home === true || (plain(key) && input === 'g'),
  },
  {
    keys: 'G/end',
    command: 'cursor.bottom',
    description: 'Move the cursor to the last row',
    scopes: ['main', 'text', 'logs', 'output'],
    match: (input, key) => key.end === true || (!key.ctrl && input === 'G'),
  },
  {
    keys: 'enter',
    command: 'select',
    description: 'Switch to the selected namespace',
    scopes: ['main'],
    kinds: ['Namespace'],
    hint: 'switch ns',
    match: (_input, key) => key.return === true,
  },
  {
    keys: 'enter',
    command: 'drill',
    description: 'Open what the selected object owns or selects: Deployment → ReplicaSets → pods → containers, Service or node → pods',
    scopes: ['main'],
    hint: 'open',
    match: (_input, key) => key.return === true,
  },
  {
    keys: 'ctrl-d',
    command: 'delete',
    description: 'Delete the selected (or marked) objects: a dialog with propagation (p) and force (f), Cancel first',
    scopes: ['main'],
    except: ['Container'],
    mutating: true,
    hint: 'delete',
    match: (input, key) => key.ctrl === true && input === 'd',
  },
  {
    keys: 'ctrl-k',
    command: 'pod.kill',
    description: 'Kill the selected pod: delete it with no grace period (asks first)',
    scopes: ['main'],
    kinds: ['Pod'],
    mutating: true,
    hint: 'kill',
    match: (input, key) => key.ctrl === true && input === 'k',
  },
  {
    keys: 's',
    command: 'shell.open',
    description: 'A shell in the pod\'s container (kubectl exec -it ... sh); exit or ctrl-d comes back',
    scopes: ['main'],
    kinds: ['Pod', 'Container'],
    mutating: true,
    hint: 'shell',
    match: (input, key) => plain(key) && input === 's',
  },
  {
    keys: 's',
    command: 'scale.open',
    description: 'Scale the workload: a dialog for the number of replicas',
    scopes: ['main'],
    kinds: ['Deployment', 'ReplicaSet', 'StatefulSet'],
    mutating: true,
    hint: 'scale',
    match: (input, key) => plain(key) && input === 's',
  },
  {
    keys: 'r',
    command: 'restart',
    description: 'Restart the workload\'s pods, one rollout (kubectl rollout restart; asks first)',
    scopes: ['main'],
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
    mutating: true,
    hint: 'restart',
    match: (input, key) => plain(key) && input === 'r',
  },
  {
    keys: 'i',
    command: 'image.open',
    description: 'Set the image of a container (kubectl set image): a dialog with the current ones',
    scopes: ['main'],
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod'],
    mutating: true,
    hint: 'set image',
    match: (input, key) => plain(key) && input === 'i',
  },
  {
    keys: 'ctrl-l',
    command: 'rollback',
    description: 'Roll the Deployment back to this ReplicaSet\'s revision (kubectl rollout undo --to-revision; asks first)',
    scopes: ['main'],
    kinds: ['ReplicaSet'],
    mutating: true,
    hint: 'rollback',
    match: (input, key) => key.ctrl === true && input === 'l',
  },
  {
    keys: 'c',
    command: 'node.cordon',
    description: 'Cordon the node: no new pods are scheduled on it',
    scopes: ['main'],
    kinds: ['Node'],
    mutating: true,
    hint: 'cordon',
    match: (input, key) => plain(key) && input === 'c',
  },
  {
    keys: 'u',
    command: 'node.uncordon',
    description: 'Uncordon the node',
    scopes: ['main'],
    kinds: ['Node'],
    mutating: true,
    hint: 'uncordon',
    match: (input, key) => plain(key) && input === 'u',
  },
  {
    keys: 'r',
    command: 'node.drain',
    description: 'Drain the node: cordon it and evict its pods, DaemonSet pods excepted (asks first)',
    scopes: ['main'],
    kinds: ['Node'],
    mutating: true,
    hint: 'drain',
    match: (input, key) => plain(key) && input === 'r',
  },
  {
    keys: 'x',
    command: 'node.fail',
    description: 'Fail the node (simulated clusters): its kubelet stops, NotReady after 50 s, evictions after 5 m',
    scopes: ['main'],
    kinds: ['Node'],
    simulatedOnly: true,
    mutating: true,
    hint: 'fail node',
    match: (input, key) => plain(key) && input === 'x',
  },
  {
    keys: 'X',
    command: 'node.recover',
    description: 'Bring a failed node back (simulated clusters)',
    scopes: ['main'],
    kinds: ['Node'],
    simulatedOnly: true,
    mutating: true,
    hint: 'recover node',
    match: (input, key) => !key.ctrl && input === 'X',
  },
  {
    keys: 'y',
    command: 'yaml.open',
    description: 'Show the selected object as YAML (j/k scroll, esc goes back)',
    scopes: ['main'],
    except: ['Container'],
    hint: 'yaml',
    match: (input, key) => plain(key) && input === 'y',
  },
  {
    keys: 'd',
    command: 'describe.open',
    description: 'Describe the selected object as kubectl describe does, with its events (live; esc goes back)',
    scopes: ['main'],
    except: ['Container'],
    hint: 'describe',
    match: (input, key) => plain(key) && input === 'd',
  },
  {
    keys: 'E',
    command: 'events.open',
    description: 'The events of the selected object, live, full screen (esc goes back)',
    scopes: ['main'],
    except: ['Container'],
    hint: 'events',
    match: (input, key) => !key.ctrl && input === 'E',
  },
  {
    keys: 'e',
    command: 'edit',
    description: 'Edit the object in $KUBE_EDITOR or $EDITOR (vi) and apply it, as kubectl edit does; an error reopens the editor with your text',
    scopes: ['main'],
    except: ['Container'],
    mutating: true,
    hint: 'edit',
    match: (input, key) => plain(key) && input === 'e',
  },
  {
    keys: 'l',
    command: 'logs.open',
    description: 'Follow the selected pod\'s (or container\'s) log (esc goes back)',
    scopes: ['main'],
    kinds: ['Pod', 'Container'],
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
    keys: 'b',
    command: 'service.burst',
    description: 'Fire a burst of 60 requests at the Service (simulated clusters): watch them spread over its pods',
    scopes: ['main'],
    simulatedOnly: true,
    kinds: ['Service'],
    hint: 'burst',
    match: (input, key) => plain(key) && input === 'b',
  },
  {
    keys: 'x',
    command: 'pod.crash',
    description: 'Crash the pod\'s container (simulated clusters): its restartPolicy brings it back',
    scopes: ['main'],
    simulatedOnly: true,
    mutating: true,
    kinds: ['Pod'],
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
    keys: '!',
    command: 'kubectl.open',
    // The help cuts long descriptions: what it is first, the details after.
    description: 'Run a kubectl command line: !get pods, !kubectl scale deploy web --replicas=5 (built-in kubectl, this context; the output opens below as the panes keep updating; ↑ ↓ history)',
    scopes: ['main', 'output'],
    mutating: true,
    pinned: true,
    hint: 'kubectl',
    // A paste can bring "!kubectl get pods" in one read: the rest goes on the command line.
    match: (input, key) => plain(key) && input.startsWith('!'),
  },
  {
    keys: 'esc/q',
    command: 'output.close',
    description: 'Close the kubectl output pane (get -w and logs -f stop; another running command goes on and the flash line says how it ends)',
    scopes: ['output'],
    hint: 'close',
    match: (input, key) => key.escape === true || (plain(key) && input === 'q'),
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
    keys: '1-9',
    command: 'namespace.favorite',
    description: 'Switch to a favourite namespace: the last ones you switched to, newest first (0 is all)',
    scopes: ['main'],
    basic: true,
    hint: 'recent ns',
    match: (input, key) => plain(key) && input.length === 1 && input >= '1' && input <= '9',
  },
  {
    keys: 'space',
    command: 'mark.toggle',
    description: 'Mark or unmark the row (ctrl-d then deletes every marked row)',
    scopes: ['main'],
    except: ['Container'],
    hint: 'mark',
    match: (input, key) => plain(key) && input === ' ',
  },
  {
    keys: 'J',
    command: 'owner.jump',
    description: 'Jump to the object\'s owner (pod → ReplicaSet → Deployment, Job → CronJob)',
    scopes: ['main'],
    except: ['Container'],
    hint: 'owner',
    match: (input, key) => !key.ctrl && input === 'J',
  },
  {
    keys: 'ctrl-w',
    command: 'wide.toggle',
    description: 'Wide columns (kubectl get -o wide) on or off',
    scopes: ['main'],
    except: ['Container'],
    hint: 'wide',
    match: (input, key) => key.ctrl === true && input === 'w',
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
    keys: 'tab/→',
    command: 'prompt.complete',
    description: 'Complete the resource name, or after ! the kubectl command (the grey part)',
    scopes: ['prompt'],
    hint: 'complete',
    match: (_input, key) => (key.tab === true && !key.shift) || key.rightArrow === true,
  },
  {
    keys: '↑/↓',
    command: 'prompt.historyPrev',
    description: 'The previous command (↓ the next one)',
    scopes: ['prompt'],
    hint: 'history',
    match: (_input, key) => key.upArrow === true,
  },
  {
    keys: '↓',
    command: 'prompt.historyNext',
    description: 'The next command in the history',
    scopes: ['prompt'],
    match: (_input, key) => key.downArrow === true,
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
    scopes: ['dialog', 'form'],
    hint: 'switch button',
    match: (_input, key) => key.leftArrow === true || key.rightArrow === true || key.tab === true,
  },
  {
    keys: 'enter',
    command: 'dialog.choose',
    description: 'Press the selected button',
    scopes: ['dialog', 'form'],
    hint: 'choose',
    match: (_input, key) => key.return === true,
  },
  {
    keys: 'p',
    command: 'dialog.propagation',
    description: 'Delete dialog: the propagation policy (Background, Foreground, Orphan: keep what it owns)',
    scopes: ['dialog'],
    hint: 'propagation',
    match: (input, key) => plain(key) && input === 'p',
  },
  {
    keys: 'f',
    command: 'dialog.force',
    description: 'Delete dialog: force (no grace period) on or off',
    scopes: ['dialog'],
    hint: 'force',
    match: (input, key) => plain(key) && input === 'f',
  },
  {
    keys: 'esc',
    command: 'dialog.cancel',
    description: 'Cancel the dialog',
    scopes: ['dialog', 'form'],
    hint: 'cancel',
    match: (_input, key) => key.escape === true,
  },
];

/** Modes are what turns bindings off: a cluster that is not simulated, `--readonly`. */
export interface Modes {
  readonly simulated?: boolean;
  readonly readonly?: boolean;
  /** A `!` command is running in the output pane. */
  readonly running?: boolean;
}

const applies = (b: Binding, scope: Scope, kind: string, m: Modes) =>
  b.scopes.includes(scope) &&
  (!b.kinds || b.kinds.includes(kind)) &&
  !b.except?.includes(kind) &&
  (m.simulated !== false || !b.simulatedOnly) &&
  (!m.readonly || !b.mutating) &&
  (!b.whileRunning || m.running === true);

/** commandFor finds the command a key press runs in a scope, over a table of `kind`, if any. */
export function commandFor(scope: Scope, kind: string, input: string, key: KeyPress, m: Modes = {}, table: readonly Binding[] = BINDINGS): CommandName | undefined {
  for (const b of table) if (applies(b, scope, kind, m) && b.match(input, key)) return b.command;
  return undefined;
}

/**
 * hintsFor lists the hint-bar entries for a scope and the kind in front: that kind's own commands first (they are
 * what the user came to that table for), then the general actions, then the basic navigation; each in table order.
 * Pinned entries (the help, the `!` kubectl line) are marked: the bar keeps room for them.
 */
export function hintsFor(scope: Scope, kind: string, m: Modes = {}, table: readonly Binding[] = BINDINGS): { keys: string; hint: string; pinned?: boolean }[] {
  const live = table.filter((b) => b.hint && applies(b, scope, kind, m));
  const order = (b: Binding) => (b.kinds ? 0 : b.basic ? 2 : 1);
  return live
    .map((b, i) => ({ b, i }))
    .sort((x, y) => order(x.b) - order(y.b) || x.i - y.i)
    .map(({ b }) => ({ keys: b.keys, hint: b.hint ?? '', ...(b.pinned ? { pinned: true } : {}) }));
}

/** whereLabel says where a binding applies, for the help: "every table", "Pod", "dialog", ... */
export function whereLabel(b: Binding): string {
  if (b.scopes.includes('main')) return b.kinds ? b.kinds.join(', ') : 'every table';
  return b.scopes.join(', ');
}
