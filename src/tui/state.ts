import { PANES, ROWS_IDS, type PaneId, type RowsId } from './panes.js';
import { BINDINGS, type Binding, type CommandName, type KeyPress, type Modes, type Scope, commandFor } from './keymap.js';
import { parseCommand, suggest, CHILDREN, type ClockAction, type ViewSpec } from './commands.js';
import { mustKind, type KindInfo } from '../api/kinds.js';
import type { LogSpec } from './hooks/use-log-stream.js';
import { asTyped, parseKubectlLine, suggestKubectl } from './kubectl-line.js';
import { remember } from './kubectl-history.js';

/**
 * Cursor is where a pane's selection is: the key (`namespace/name`) of the selected object, which the cursor
 * follows when rows come and go, plus the index and scroll offset it falls back to when that object is gone.
 */
export interface Cursor {
  readonly key: string | undefined;
  readonly index: number;
  readonly offset: number;
}

/** PaneRows is what the reducer knows of a pane's rows: their keys in display order and how many fit. */
export interface PaneRows {
  readonly keys: readonly string[];
  readonly pageSize: number;
}

/** Target is one object an action is for. */
export interface Target {
  readonly kind: KindInfo;
  readonly namespace: string;
  readonly name: string;
  /** For a shell: the container (the pod's only one when absent). */
  readonly container?: string;
}

/** PROPAGATION is the order `p` cycles the delete dialog's propagation policy in (kubectl's default first). */
export const PROPAGATION = ['Background', 'Foreground', 'Orphan'] as const;

/** DialogKind is what a dialog asks before doing. */
export type DialogKind = 'delete' | 'kill' | 'scale' | 'image' | 'restart' | 'rollback' | 'drain';

/**
 * Dialog is an open question before a change: what, on which objects, and the answer so far. Cancel is selected
 * until the user moves. Scale and set image carry an input line (undefined until the app has filled in the current
 * value); a bad value keeps the dialog open with the reason.
 */
export interface Dialog {
  readonly kind: DialogKind;
  readonly targets: readonly Target[];
  readonly choice: 'cancel' | 'ok';
  readonly input?: string;
  readonly propagation?: (typeof PROPAGATION)[number];
  readonly force?: boolean;
  readonly error?: string;
}

/** Request is a side effect the reducer asks the app to perform (the reducer itself stays pure). */
export type Request =
  | { readonly id: number; readonly kind: 'action'; readonly dialog: Dialog }
  | { readonly id: number; readonly kind: 'yaml' | 'describe'; readonly of: KindInfo; readonly namespace: string; readonly name: string; readonly title: string }
  | { readonly id: number; readonly kind: 'clock'; readonly clock: ClockAction }
  | { readonly id: number; readonly kind: 'crash' | 'burst'; readonly namespace: string; readonly name: string }
  | { readonly id: number; readonly kind: 'node'; readonly action: 'cordon' | 'uncordon' | 'fail' | 'recover'; readonly name: string }
  | { readonly id: number; readonly kind: 'prefill'; readonly dialog: Dialog }
  | { readonly id: number; readonly kind: 'owner' | 'edit' | 'shell'; readonly target: Target }
  | { readonly id: number; readonly kind: 'ctx'; readonly name?: string }
  /**
   * A `!` line: remember it in the history file, and run its words (when it is run at all) with the built-in
   * kubectl; a stream (`get -w`, `logs -f`) runs until stopped, and one that no pane shows any more is stopped.
   */
  | { readonly id: number; readonly kind: 'kubectl'; readonly line: string; readonly args?: readonly string[]; readonly stream?: boolean; readonly namespace?: string }
  /** Stop a running `!` command (the run is the kubectl request's id), as ctrl-c stops kubectl in a terminal. */
  | { readonly id: number; readonly kind: 'kubectlStop'; readonly run: number };

/** SortSpec is the order of the tables' rows: a column and a direction (k9s' shift-n, shift-a, shift-s). */
export interface SortSpec {
  readonly by: 'name' | 'age' | 'status';
  readonly reverse: boolean;
}

/** TextView is a scrollable page of text: an object's YAML or description, a container's log, the timers. */
export interface TextView {
  readonly title: string;
  /** A live page the app fills on every frame (the simulated cluster's pending timers), not a snapshot. */
  readonly live?: 'timers';
  /** What the page shows, so that the app can read it again (YAML and describe follow the object). */
  readonly source?: Extract<Request, { kind: 'yaml' | 'describe' }>;
  /** A container's log: the app streams it into `lines`. */
  readonly log?: LogSpec;
  /** Logs: keep the last line in view as lines arrive (k9s' autoscroll). */
  readonly follow?: boolean;
  /** Logs: wrap long lines instead of cutting them. */
  readonly wrap?: boolean;
  readonly lines: readonly string[] | undefined;
  readonly offset: number;
  readonly pageSize: number;
}

/** LOG_SINCE is what the digit keys of the log view select: k9s' ranges (0 = everything the kubelet kept). */
export const LOG_SINCE: Readonly<Record<string, { seconds: number | undefined; label: string }>> = {
  '0': { seconds: undefined, label: 'all' },
  '1': { seconds: 60, label: '1m' },
  '2': { seconds: 300, label: '5m' },
  '3': { seconds: 900, label: '15m' },
  '4': { seconds: 1800, label: '30m' },
  '5': { seconds: 3600, label: '1h' },
};

/** OutputLine is one line a `!` command printed (on stdout or stderr), or a note of the dashboard's about it. */
export interface OutputLine {
  readonly text: string;
  readonly from: 'out' | 'err' | 'note';
}

/**
 * OUTPUT_LIMIT is the most lines the output pane keeps (the last ones), so that a `logs -f` left running for hours
 * holds a bounded amount of memory.
 */
export const OUTPUT_LIMIT = 2000;

/**
 * appendBounded adds lines at the end of a buffer and keeps the last `limit` of them; `dropped` says how many of
 * the old ones went (so that a page scrolled up can stay on the same lines). The buffer given is not changed.
 */
export function appendBounded<T>(lines: readonly T[], more: readonly T[], limit: number): { lines: readonly T[]; dropped: number } {
  if (!more.length) return { lines, dropped: 0 };
  const over = lines.length + more.length - limit;
  if (over <= 0) return { lines: lines.concat(more), dropped: 0 };
  // Only what is kept is copied: the tail of the old lines (if any survive), then the tail of the new ones.
  if (over >= lines.length) return { lines: more.slice(more.length - limit), dropped: lines.length };
  return { lines: lines.slice(over).concat(more), dropped: over };
}

/**
 * KubectlOutput is the `!` output pane: the command line, what it printed so far, how it ended, and where the pane
 * is scrolled to. It follows the last lines (as a log does) until scrolled up.
 */
export interface KubectlOutput {
  /** The run it shows (the request's id): output of an earlier run arriving late is not mixed in. */
  readonly run: number;
  readonly line: string;
  readonly lines: readonly OutputLine[];
  /** Running; done (with its exit code); stopped by the user; refused before running; not built in (nothing ran). */
  readonly status: 'running' | 'done' | 'stopped' | 'refused' | 'not-built-in';
  readonly code?: number;
  /** It streams until stopped (`get -w`, `logs -f`): closing the pane stops it. */
  readonly stream?: boolean;
  /** The user asked it to stop; it has not ended yet. */
  readonly stopping?: boolean;
  readonly offset: number;
  readonly follow: boolean;
  readonly pageSize: number;
}

/** Flash is a short message under the header: the outcome of the last command. */
export interface Flash {
  readonly id: number;
  readonly text: string;
  readonly level: 'info' | 'error';
}

/** PromptMode is what the command line is for: `:` a command, `/` a filter, `!` a kubectl command line. */
export type PromptMode = 'command' | 'filter' | 'kubectl';

/** DashboardState is the whole UI state of the dashboard; the cluster data lives in the informers' caches. */
export interface DashboardState {
  readonly focus: PaneId;
  readonly cursors: Readonly<Record<RowsId, Cursor>>;
  readonly rows: Readonly<Record<RowsId, PaneRows>>;
  /** The full-screen view a `:` command or Enter opened (Esc goes back to the one before, then the overview). */
  readonly view: ViewSpec | undefined;
  /** The views Enter drilled down from, most recent last, and where their cursors were. */
  readonly viewStack: readonly ViewSpec[];
  readonly viewCursors: readonly Cursor[];
  /** The command line being typed (a `:` command, a `/` filter or a `!` kubectl line: see promptMode). */
  readonly prompt: string | undefined;
  /** The `:` commands run, oldest first (↑ and ↓ bring them back), and where ↑ is in them (in this history or the `!` one). */
  readonly history: readonly string[];
  readonly historyAt: number;
  /** The `!` kubectl command lines run, oldest first: earlier sessions' (the history file) and this one's. */
  readonly kubectlHistory: readonly string[];
  /** The `!` output pane, while open. */
  readonly output: KubectlOutput | undefined;
  /** How many lines the output pane shows, and how wide they are (stderr and notes wrap to it). */
  readonly outputSize: { readonly rows: number; readonly columns: number };
  /** The user's home directory, for `~` in a `!` line. */
  readonly home: string | undefined;
  /** How the tables are sorted (undefined: by namespace and name). */
  readonly sort: SortSpec | undefined;
  /** What the line is for: a `:` command, a `/` filter of the table in front, or a `!` kubectl command line. */
  readonly promptMode: PromptMode;
  /** Connected to a minik9s simulated cluster: its own keys are live. */
  readonly simulated: boolean;
  /** The text view over everything else (an object's YAML): its title, lines (undefined while loading), scroll. */
  readonly text: TextView | undefined;
  /** The namespace shown, or undefined for all namespaces. */
  readonly namespace: string | undefined;
  /** The namespaces switched to lately, newest first (1-9 switch back to them), as k9s' favourites. */
  readonly favorites: readonly string[];
  readonly help: boolean;
  /** The first row of the help shown (j/k scroll it), and how many rows it shows. */
  readonly helpOffset: number;
  readonly helpPage: number;
  readonly dialog: Dialog | undefined;
  /** `--readonly`: every key that changes the cluster is off. */
  readonly readonly: boolean;
  /** A shell runs in this pod: the terminal is the shell's, the dashboard draws nothing and reads no key. */
  readonly shell: Target | undefined;
  /** The key binding table: the default one, or the user's (dashboard.json). */
  readonly bindings: readonly Binding[];
  /** ctrl-k asks before it kills (dashboard.json `confirmKill`). */
  readonly confirmKill: boolean;
  /** Wide columns (ctrl-w), as `kubectl get -o wide`. */
  readonly wide: boolean;
  /** Marked rows (space) and the table they belong to; marks of another table are ignored. */
  readonly marks: { readonly table: string; readonly keys: readonly string[] } | undefined;
  readonly request: Request | undefined;
  readonly flash: Flash | undefined;
  readonly quit: boolean;
  readonly seq: number;
}

/** Action is everything that changes the dashboard state. */
export type Action =
  | { type: 'key'; input: string; key: KeyPress }
  | { type: 'command'; command: CommandName }
  | { type: 'rows'; pane: RowsId; keys: readonly string[]; pageSize: number }
  | { type: 'flash'; text: string; level: 'info' | 'error' }
  | { type: 'clearFlash'; id: number }
  | { type: 'requestDone'; id: number }
  | { type: 'text'; title: string; lines: readonly string[] }
  | { type: 'textPage'; pageSize: number }
  | { type: 'dialogInput'; value: string }
  | { type: 'helpPage'; pageSize: number }
  | { type: 'shellDone' }
  | { type: 'kubectlOutput'; run: number; from: 'out' | 'err'; lines: readonly string[] }
  | { type: 'kubectlDone'; run: number; line: string; code: number | undefined; error?: string; stopped?: boolean }
  | { type: 'outputPage'; rows: number; columns: number }
  | { type: 'jump'; view: ViewSpec; key: string };

const TOP: Cursor = { key: undefined, index: 0, offset: 0 };

/** NewRequest is a request before the reducer numbers it. */
type NewRequest = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/** ask hands the app a side effect to perform, numbered so that it is performed once. */
function ask(s: DashboardState, r: NewRequest): DashboardState {
  const id = s.seq + 1;
  return { ...s, seq: id, request: { ...r, id } as Request };
}

/** openText opens a text page at its top (the app fills `lines` when they are not given). */
function openText(s: DashboardState, page: Omit<TextView, 'offset' | 'pageSize'>): DashboardState {
  return { ...s, text: { ...page, offset: 0, pageSize: s.text?.pageSize ?? 1 } };
}
const EVENT_KIND = mustKind('v1', 'Event');

/** The title of the `:ctx` page. */
export const CONTEXTS_TITLE = 'Contexts: switch with :ctx NAME';

const perPane = <T>(v: T): Record<RowsId, T> =>
  Object.fromEntries(ROWS_IDS.map((p) => [p, v])) as Record<RowsId, T>;

/**
 * initialState is the dashboard at start: pods focused, showing `namespace` (undefined = all namespaces);
 * `simulated` turns on the keys that only a minik9s cluster can honour (x crashes a container).
 */
export function initialState(
  namespace: string | undefined,
  simulated = false,
  readonly = false,
  opts: { bindings?: readonly Binding[]; confirmKill?: boolean; kubectlHistory?: readonly string[]; home?: string } = {},
): DashboardState {
  return {
    simulated,
    readonly,
    bindings: opts.bindings ?? BINDINGS,
    shell: undefined,
    confirmKill: opts.confirmKill ?? true,
    wide: false,
    marks: undefined,
    text: undefined,
    focus: 'pods',
    cursors: perPane(TOP),
    rows: perPane<PaneRows>({ keys: [], pageSize: 1 }),
    namespace,
    favorites: [...new Set([namespace ?? 'default', 'default'])],
    help: false,
    helpOffset: 0,
    helpPage: 1,
    view: undefined,
    viewStack: [],
    viewCursors: [],
    prompt: undefined,
    history: [],
    historyAt: 0,
    kubectlHistory: opts.kubectlHistory ?? [],
    output: undefined,
    outputSize: { rows: 1, columns: 80 },
    home: opts.home,
    promptMode: 'command',
    sort: undefined,
    dialog: undefined,
    request: undefined,
    flash: undefined,
    quit: false,
    seq: 0,
  };
}

/** modesOf is what decides which bindings apply besides the scope: the cluster, --readonly, a `!` command running. */
export function modesOf(s: DashboardState): Modes {
  return { simulated: s.simulated, readonly: s.readonly, running: s.output?.status === 'running' };
}

/** scopeOf is the layer that has the keyboard. */
export function scopeOf(s: DashboardState): Scope {
  if (s.dialog) return isForm(s.dialog) ? 'form' : 'dialog';
  if (s.help) return 'help';
  if (s.prompt !== undefined) return 'prompt';
  if (s.text) return s.text.log ? 'logs' : 'text';
  return s.output ? 'output' : 'main';
}

/** The kind each overview pane lists. */
const PANE_KINDS: Record<PaneId, KindInfo> = {
  namespaces: mustKind('v1', 'Namespace'),
  pods: mustKind('v1', 'Pod'),
  deployments: mustKind('apps/v1', 'Deployment'),
  replicasets: mustKind('apps/v1', 'ReplicaSet'),
  services: mustKind('v1', 'Service'),
};

/** scrollText moves a text view's first line, within its lines. */
function scrollText(s: DashboardState, to: (offset: number, n: number, page: number) => number): DashboardState {
  const t = s.text;
  if (!t?.lines || t.live) return s; // a live page always shows its head: what comes next
  const page = Math.max(1, t.pageSize);
  const bottom = Math.max(0, t.lines.length - page);
  const offset = clamp(to(t.offset, t.lines.length, page), 0, bottom);
  // Scrolling up in a followed log stops following (k9s' autoscroll goes off); reaching the end starts it again.
  const follow = t.log ? offset >= bottom : t.follow;
  return offset === t.offset && follow === t.follow ? s : { ...s, text: { ...t, offset, follow } };
}

/** activeRows is the table the cursor keys move in: the focus view when one is open, else the focused pane. */
export function activeRows(s: DashboardState): RowsId {
  return s.view ? 'view' : s.focus;
}

/** activeKind is the kind of the table in front: the focus view's, or the focused pane's. */
export function activeKind(s: DashboardState): KindInfo {
  return s.view ? s.view.kind : PANE_KINDS[s.focus];
}

/**
 * tableKind names the kind of the table in front for the key bindings: `Pod`, `Deployment`, `Node`; kinds of other
 * groups carry their group (`Job.batch`), so that a custom resource called Deployment gets no Deployment keys.
 */
export function tableKind(s: DashboardState): string {
  if (s.view?.containers) return 'Container';
  const k = activeKind(s);
  return k.group === '' || k.group === 'apps' ? k.kind : `${k.kind}.${k.group}`;
}

/** tableId names the rows in front (the pane or view, its kind and parent, the namespace): marks belong to one. */
function tableId(s: DashboardState): string {
  const v = s.view;
  return `${v ? `view:${v.kind.group}/${v.kind.kind}:${v.parent ? `${v.parent.kind}/${v.parent.namespace}/${v.parent.name}` : ''}` : s.focus}|${s.namespace ?? '*'}`;
}

/** markedKeys are the marked rows of the table in front. */
export function markedKeys(s: DashboardState): readonly string[] {
  return s.marks && s.marks.table === tableId(s) ? s.marks.keys : [];
}

function targetOf(s: DashboardState, key: string): Target {
  const kind = activeKind(s);
  return { kind, ...(kind.namespaced ? splitKey(key) : { namespace: '', name: key }) };
}

/** selectedTargets are what an action applies to: the marked rows, or else the selected one. */
function selectedTargets(s: DashboardState): Target[] {
  const marked = markedKeys(s);
  if (marked.length) return marked.map((k) => targetOf(s, k));
  const key = selectedKey(s, activeRows(s));
  return key === undefined ? [] : [targetOf(s, key)];
}

/** openDialog opens a dialog on the selected object (not the marks: only delete acts on several). */
function openDialog(s: DashboardState, kind: DialogKind): DashboardState {
  const key = selectedKey(s, activeRows(s));
  if (key === undefined) return s;
  const dialog: Dialog = { kind, targets: [targetOf(s, key)], choice: 'cancel' };
  // The current replicas or images come from the cluster: the app fills the input in.
  return isForm(dialog) ? ask({ ...s, dialog }, { kind: 'prefill', dialog }) : { ...s, dialog };
}

/** isForm: scale and set image ask for a value (typed keys go to it), the other dialogs only for OK. */
export function isForm(d: Dialog): boolean {
  return d.kind === 'scale' || d.kind === 'image';
}

/** nodeRequest asks the app to act on the selected node at once (cordon and uncordon are undone as easily). */
function nodeRequest(s: DashboardState, action: 'cordon' | 'uncordon' | 'fail' | 'recover'): DashboardState {
  const key = selectedKey(s, activeRows(s));
  return key === undefined ? s : ask(s, { kind: 'node', action, name: key });
}

/** checkInput validates a form dialog's input before anything is sent; the message says what is wrong. */
function checkInput(d: Dialog): string | undefined {
  const v = (d.input ?? '').trim();
  if (d.kind === 'scale' && !/^\d+$/.test(v)) return 'replicas must be a whole number, 0 or more';
  if (d.kind === 'image') {
    if (!v) return 'an image is needed';
    for (const part of v.split(',')) {
      const eq = part.indexOf('=');
      if (eq === 0 || !part.slice(eq + 1).trim()) return `"${part.trim()}": write container=image`;
    }
  }
  return undefined;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * resolveCursor places a cursor on the current rows: on its object's row if that object is still there, else at
 * the same index (clamped), and scrolls the least needed to keep it in view. Pure: the table uses it to draw the
 * current frame, the reducer to move from where the cursor really is.
 */
export function resolveCursor(c: Cursor, keys: readonly string[], pageSize: number): Cursor {
  const n = keys.length;
  if (n === 0) return TOP;
  let index = c.key === undefined ? -1 : keys.indexOf(c.key);
  if (index < 0) index = clamp(c.index, 0, n - 1);
  const page = Math.max(1, pageSize);
  let offset = c.offset;
  if (index < offset) offset = index;
  if (index >= offset + page) offset = index - page + 1;
  offset = clamp(offset, 0, Math.max(0, n - page));
  return { key: keys[index], index, offset };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameCursor(a: Cursor, b: Cursor): boolean {
  return a.key === b.key && a.index === b.index && a.offset === b.offset;
}

function setCursor(s: DashboardState, pane: RowsId, c: Cursor): DashboardState {
  if (sameCursor(s.cursors[pane], c)) return s;
  return { ...s, cursors: { ...s.cursors, [pane]: c } };
}

/** moveCursor moves the focused pane's cursor to the index `to` computes from where it really is now. */
function moveCursor(s: DashboardState, to: (index: number, n: number, page: number) => number): DashboardState {
  const pane = activeRows(s);
  const { keys, pageSize } = s.rows[pane];
  if (!keys.length) return s;
  const cur = resolveCursor(s.cursors[pane], keys, pageSize);
  const index = clamp(to(cur.index, keys.length, Math.max(1, pageSize)), 0, keys.length - 1);
  return setCursor(s, pane, resolveCursor({ key: keys[index], index, offset: cur.offset }, keys, pageSize));
}

function selectedKey(s: DashboardState, pane: RowsId): string | undefined {
  const { keys, pageSize } = s.rows[pane];
  return resolveCursor(s.cursors[pane], keys, pageSize).key;
}

function switchNamespace(s: DashboardState, namespace: string | undefined): DashboardState {
  // The namespaced panes start over at the top: their old selections belong to another list.
  const cursors = { ...s.cursors };
  for (const p of ROWS_IDS) if (p !== 'namespaces') cursors[p] = TOP;
  const favorites = namespace === undefined ? s.favorites : [namespace, ...s.favorites.filter((n) => n !== namespace)].slice(0, 9);
  return { ...s, namespace, cursors, focus: 'pods', favorites };
}

function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

function runCommand(s: DashboardState, command: CommandName, input = ''): DashboardState {
  switch (command) {
    case 'quit':
      return s.quit ? s : { ...s, quit: true };
    case 'pane.next':
    case 'pane.prev': {
      const i = PANES.indexOf(s.focus);
      const step = command === 'pane.next' ? 1 : PANES.length - 1;
      return { ...s, focus: PANES[(i + step) % PANES.length] ?? s.focus };
    }
    case 'cursor.up':
      if (s.help) return s.helpOffset > 0 ? { ...s, helpOffset: s.helpOffset - 1 } : s;
      return s.text ? scrollText(s, (o) => o - 1) : s.output ? scrollOutput(s, (o) => o - 1) : moveCursor(s, (i) => i - 1);
    case 'cursor.down':
      if (s.help) return s.helpOffset + s.helpPage < s.bindings.length ? { ...s, helpOffset: s.helpOffset + 1 } : s;
      return s.text ? scrollText(s, (o) => o + 1) : s.output ? scrollOutput(s, (o) => o + 1) : moveCursor(s, (i) => i + 1);
    case 'cursor.pageUp':
      return s.text ? scrollText(s, (o, _n, p) => o - p) : s.output ? scrollOutput(s, (o, _n, p) => o - p) : moveCursor(s, (i, _n, page) => i - page);
    case 'cursor.pageDown':
      return s.text ? scrollText(s, (o, _n, p) => o + p) : s.output ? scrollOutput(s, (o, _n, p) => o + p) : moveCursor(s, (i, _n, page) => i + page);
    case 'cursor.top':
      return s.text ? scrollText(s, () => 0) : s.output ? scrollOutput(s, () => 0) : moveCursor(s, () => 0);
    case 'cursor.bottom':
      return s.text ? scrollText(s, (_o, n) => n) : s.output ? scrollOutput(s, (_o, n) => n) : moveCursor(s, (_i, n) => n - 1);
    case 'yaml.open':
    case 'describe.open': {
      const key = selectedKey(s, activeRows(s));
      if (key === undefined) return s;
      const { kind: of, namespace, name } = targetOf(s, key);
      const kind = command === 'yaml.open' ? 'yaml' : 'describe';
      const title = `${kind === 'yaml' ? '' : 'Describe '}${of.kind}: ${of.namespaced ? `${namespace}/` : ''}${name}`;
      const asked = ask(s, { kind, of, namespace, name, title });
      return openText(asked, { title, source: asked.request as TextView['source'], lines: undefined });
    }
    case 'logs.open': {
      const kind = tableKind(s);
      if (kind !== 'Pod' && kind !== 'Container') return s;
      const key = selectedKey(s, activeRows(s));
      if (key === undefined) return s;
      // In the containers view the row is a container of the view's pod.
      const inPod = kind === 'Container' && s.view?.parent ? { pod: s.view.parent.name, containerName: splitKey(key).name } : undefined;
      const { namespace } = splitKey(key);
      const name = inPod ? inPod.pod : splitKey(key).name;
      const log: LogSpec = { namespace, pod: name, container: 0, containerName: inPod?.containerName, previous: false, timestamps: false, sinceSeconds: undefined };
      return openText(s, { title: `Logs: ${namespace}/${name}`, log, follow: true, wrap: false, lines: [] });
    }
    case 'logs.follow':
    case 'logs.wrap':
    case 'logs.timestamps':
    case 'logs.previous':
    case 'logs.container':
    case 'logs.since': {
      const t = s.text;
      if (!t?.log) return s;
      if (command === 'logs.follow') {
        const follow = !t.follow;
        return { ...s, text: { ...t, follow, offset: follow ? Math.max(0, (t.lines?.length ?? 0) - t.pageSize) : t.offset } };
      }
      if (command === 'logs.wrap') return { ...s, text: { ...t, wrap: !t.wrap } };
      const log: LogSpec =
        command === 'logs.timestamps'
          ? { ...t.log, timestamps: !t.log.timestamps }
          : command === 'logs.previous'
            ? { ...t.log, previous: !t.log.previous }
            : command === 'logs.container'
              ? { ...t.log, container: t.log.container + 1, containerName: undefined }
              : { ...t.log, sinceSeconds: LOG_SINCE[input]?.seconds };
      // Another stream: start over, following its end.
      return { ...s, text: { ...t, log, lines: [], offset: 0, follow: true } };
    }
    case 'text.close':
      return s.text ? { ...s, text: undefined } : s;
    case 'select': {
      if (tableKind(s) !== 'Namespace') return s;
      const ns = selectedKey(s, activeRows(s));
      return ns === undefined ? s : { ...switchNamespace(s, ns), view: undefined, viewStack: [], viewCursors: [] };
    }
    case 'namespace.all':
      return switchNamespace(s, undefined);
    case 'namespace.favorite': {
      const ns = s.favorites[Number(input) - 1];
      return ns === undefined || ns === s.namespace ? s : switchNamespace(s, ns);
    }
    case 'delete': {
      const targets = selectedTargets(s);
      if (!targets.length) return s;
      return { ...s, dialog: { kind: 'delete', targets, choice: 'cancel', propagation: 'Background', force: false } };
    }
    case 'pod.kill': {
      if (tableKind(s) !== 'Pod') return s;
      const asked = openDialog(s, 'kill');
      // With confirmKill off (dashboard.json), the dialog is answered at once.
      return s.confirmKill || !asked.dialog ? asked : runCommand({ ...asked, dialog: { ...asked.dialog, choice: 'ok' } }, 'dialog.choose');
    }
    case 'scale.open':
      return openDialog(s, 'scale');
    case 'image.open':
      return openDialog(s, 'image');
    case 'restart':
      return openDialog(s, 'restart');
    case 'rollback':
      return openDialog(s, 'rollback');
    case 'node.drain':
      return openDialog(s, 'drain');
    case 'node.cordon':
      return nodeRequest(s, 'cordon');
    case 'node.uncordon':
      return nodeRequest(s, 'uncordon');
    case 'node.fail':
      return nodeRequest(s, 'fail');
    case 'node.recover':
      return nodeRequest(s, 'recover');
    case 'mark.toggle': {
      const rows = activeRows(s);
      const key = selectedKey(s, rows);
      if (key === undefined) return s;
      const marked = markedKeys(s);
      const keys = marked.includes(key) ? marked.filter((k) => k !== key) : [...marked, key];
      // Move down, as k9s does, so that space space space marks a run of rows.
      return moveCursor({ ...s, marks: keys.length ? { table: tableId(s), keys } : undefined }, (i) => i + 1);
    }
    case 'owner.jump':
    case 'edit':
    case 'shell.open': {
      const key = selectedKey(s, activeRows(s));
      if (key === undefined) return s;
      let target = targetOf(s, key);
      if (command === 'shell.open') {
        // From the containers view: the view's pod, in the selected container.
        if (s.view?.containers && s.view.parent) target = { kind: activeKind(s), namespace: s.view.parent.namespace, name: s.view.parent.name, container: splitKey(key).name };
        return ask({ ...s, shell: target }, { kind: 'shell', target });
      }
      if (s.view?.containers) return s; // a container has no owner or YAML of its own
      return ask(s, { kind: command === 'edit' ? 'edit' : 'owner', target });
    }
    case 'wide.toggle':
      // The overview's panes keep their narrow columns: wide opens the focused pane's kind full screen.
      if (!s.view) return { ...s, wide: true, view: { kind: PANE_KINDS[s.focus] }, viewStack: [], viewCursors: [], cursors: { ...s.cursors, view: s.cursors[s.focus] } };
      return { ...s, wide: !s.wide };
    case 'dialog.propagation': {
      const d = s.dialog;
      if (d?.kind !== 'delete') return s;
      const i = PROPAGATION.indexOf(d.propagation ?? 'Background');
      return { ...s, dialog: { ...d, propagation: PROPAGATION[(i + 1) % PROPAGATION.length] } };
    }
    case 'dialog.force':
      return s.dialog?.kind === 'delete' ? { ...s, dialog: { ...s.dialog, force: !s.dialog.force } } : s;
    case 'prompt.open':
      return { ...s, prompt: '', promptMode: 'command', historyAt: s.history.length };
    case 'kubectl.open':
      return { ...s, prompt: '', promptMode: 'kubectl', historyAt: s.kubectlHistory.length };
    case 'output.close': {
      const o = s.output;
      if (!o) return s;
      // A stream would run on unseen for ever: closing its pane stops it. A finite command finishes in the background.
      if (o.status === 'running' && o.stream) return ask({ ...s, output: undefined }, { kind: 'kubectlStop', run: o.run });
      return { ...s, output: undefined };
    }
    case 'output.stop': {
      const o = s.output;
      if (o?.status !== 'running' || o.stopping) return s;
      return ask({ ...s, output: { ...o, stopping: true } }, { kind: 'kubectlStop', run: o.run });
    }
    case 'prompt.complete': {
      if (s.prompt === undefined || s.promptMode === 'filter') return s;
      const rest = s.promptMode === 'kubectl' ? suggestKubectl(s.prompt) : suggest(s.prompt);
      return rest ? { ...s, prompt: s.prompt + (s.promptMode === 'kubectl' ? `${rest} ` : rest) } : s;
    }
    case 'prompt.historyPrev':
    case 'prompt.historyNext': {
      const history = s.promptMode === 'kubectl' ? s.kubectlHistory : s.history;
      if (s.prompt === undefined || s.promptMode === 'filter' || !history.length) return s;
      const at = clamp(s.historyAt + (command === 'prompt.historyPrev' ? -1 : 1), 0, history.length);
      return { ...s, historyAt: at, prompt: history[at] ?? '' };
    }
    case 'sort.name':
    case 'sort.age':
    case 'sort.status': {
      const by = command.slice(5) as SortSpec['by'];
      return { ...s, sort: { by, reverse: s.sort?.by === by ? !s.sort.reverse : false } };
    }
    case 'filter.open':
      return { ...s, prompt: '', promptMode: 'filter' };
    case 'pod.crash': {
      if (tableKind(s) !== 'Pod') return s;
      const key = selectedKey(s, activeRows(s));
      return key === undefined ? s : ask(s, { kind: 'crash', ...splitKey(key) });
    }
    case 'service.burst': {
      if (tableKind(s) !== 'Service') return s;
      const key = selectedKey(s, activeRows(s));
      return key === undefined ? s : ask(s, { kind: 'burst', ...splitKey(key) });
    }
    case 'prompt.cancel':
      return s.prompt === undefined ? s : { ...s, prompt: undefined };
    case 'prompt.run':
      return runPrompt(s);
    case 'view.close': {
      if (!s.view) return s;
      const back = s.viewStack[s.viewStack.length - 1];
      return { ...s, view: back, viewStack: s.viewStack.slice(0, -1), cursors: { ...s.cursors, view: back ? s.viewCursors[s.viewStack.length - 1] ?? TOP : TOP } };
    }
    case 'events.open': {
      const key = selectedKey(s, activeRows(s));
      if (key === undefined) return s;
      const t = targetOf(s, key);
      const view: ViewSpec = { kind: EVENT_KIND, parent: { kind: t.kind.kind, namespace: t.namespace, name: t.name } };
      const stack = s.view ? [...s.viewStack, s.view] : [];
      const saved = s.view ? [...s.viewCursors.slice(0, s.viewStack.length), s.cursors.view] : [];
      return { ...s, view, viewStack: stack, viewCursors: saved, cursors: { ...s.cursors, view: TOP } };
    }
    case 'drill': {
      const rows = activeRows(s);
      const key = selectedKey(s, rows);
      const parentKind = s.view ? s.view.kind : PANE_KINDS[s.focus];
      const child = CHILDREN[parentKind.kind];
      if (key === undefined || !child) return s;
      const where = parentKind.namespaced ? splitKey(key) : { namespace: '', name: key };
      if (s.view?.containers) return s; // a container has no children
      const view: ViewSpec = {
        kind: mustKind(child.apiVersion, child.kind),
        parent: { kind: parentKind.kind, ...where },
        ...(parentKind.kind === 'Pod' ? { containers: true } : {}),
      };
      const stack = s.view ? [...s.viewStack, s.view] : [];
      const saved = s.view ? [...s.viewCursors.slice(0, s.viewStack.length), s.cursors.view] : [];
      return { ...s, view, viewStack: stack, viewCursors: saved, cursors: { ...s.cursors, view: TOP } };
    }
    case 'help.toggle':
      return { ...s, help: !s.help, helpOffset: 0 };
    case 'help.close':
      return s.help ? { ...s, help: false } : s;
    case 'dialog.switch':
      return s.dialog ? { ...s, dialog: { ...s.dialog, choice: s.dialog.choice === 'ok' ? 'cancel' : 'ok' } } : s;
    case 'dialog.cancel':
      return s.dialog ? { ...s, dialog: undefined } : s;
    case 'dialog.choose': {
      const d = s.dialog;
      if (!d) return s;
      if (d.choice === 'cancel') return { ...s, dialog: undefined };
      const error = checkInput(d);
      if (error) return { ...s, dialog: { ...d, error } };
      return ask({ ...s, dialog: undefined, marks: d.kind === 'delete' ? undefined : s.marks }, { kind: 'action', dialog: d });
    }
  }
}

/** flash adds a message under the header. */
function flash(s: DashboardState, text: string, level: 'info' | 'error'): DashboardState {
  const id = s.seq + 1;
  return { ...s, seq: id, flash: { id, text, level } };
}

/**
 * runPrompt runs the `:` command line: a kind opens its full-screen view (and `:pod kube-system` switches the
 * namespace, `:pod -A` shows all of them, as k9s does), `:q` quits, anything else is a flash and nothing changes.
 */
function runPrompt(s: DashboardState): DashboardState {
  if (s.promptMode === 'filter') return runFilter(s);
  if (s.promptMode === 'kubectl') return runKubectlLine(s);
  const line = (s.prompt ?? '').trim();
  const cmd = parseCommand(line);
  // Every command goes into the history (a mistyped one too: ↑ brings it back to fix), without repeats in a row.
  const history = line && s.history[s.history.length - 1] !== line ? [...s.history, line].slice(-50) : s.history;
  const closed = { ...s, prompt: undefined, history, historyAt: history.length };
  switch (cmd.type) {
    case 'quit':
      return { ...closed, quit: true };
    case 'error':
      return flash(closed, cmd.message, 'error');
    case 'clock':
      return ask(closed, { kind: 'clock', clock: cmd.clock });
    case 'ctx': {
      // `:ctx` lists the contexts in a page the app fills; `:ctx NAME` switches, and the app says how it went.
      const asked = ask(closed, { kind: 'ctx', name: cmd.name });
      return cmd.name ? asked : openText(asked, { title: CONTEXTS_TITLE, lines: undefined });
    }
    case 'timers':
      if (!s.simulated) return flash(closed, 'Only a minik9s simulated cluster has timers to show', 'error');
      return openText(closed, { title: 'Timers: what the control plane will do next', live: 'timers', lines: [] });
    case 'view': {
      const v = cmd.view;
      const moved = v.namespace === undefined ? closed : switchNamespace(closed, v.namespace ?? undefined);
      return { ...moved, view: v, viewStack: [], viewCursors: [], cursors: { ...moved.cursors, view: TOP } };
    }
  }
}

/** scrollOutput moves the output pane's first line, within its lines; at the end it follows new lines again. */
function scrollOutput(s: DashboardState, to: (offset: number, n: number, page: number) => number): DashboardState {
  const o = s.output;
  if (!o) return s;
  const page = Math.max(1, o.pageSize);
  const bottom = Math.max(0, o.lines.length - page);
  const offset = clamp(to(o.offset, o.lines.length, page), 0, bottom);
  const follow = offset >= bottom;
  return offset === o.offset && follow === o.follow ? s : { ...s, output: { ...o, offset, follow } };
}

/**
 * wrapWords breaks a line into lines of at most `width` characters at blanks (a longer word is cut), so that an
 * error or a note reads whole; kubectl's tables are never wrapped (they are cut at the pane's edge, as in a log).
 */
export function wrapWords(text: string, width: number): string[] {
  const w = Math.max(8, width);
  if ([...text].length <= w) return [text];
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    while ([...rest].length > w) {
      if (line) out.push(line);
      line = '';
      out.push([...rest].slice(0, w).join(''));
      rest = [...rest].slice(w).join('');
    }
    if (!line) line = rest;
    else if ([...line].length + 1 + [...rest].length <= w) line += ` ${rest}`;
    else {
      out.push(line);
      line = rest;
    }
  }
  if (line) out.push(line);
  return out;
}

/**
 * withOutputLines adds lines to the output pane, keeping the last OUTPUT_LIMIT: its last page in view if it
 * follows, else the same lines (as long as they are kept) while the ones above go.
 */
function withOutputLines(o: KubectlOutput, added: readonly OutputLine[], columns: number): KubectlOutput {
  const more = added.flatMap((l) => (l.from === 'out' ? [l] : wrapWords(l.text, columns).map((text) => ({ text, from: l.from }))));
  const { lines, dropped } = appendBounded(o.lines, more, OUTPUT_LIMIT);
  const bottom = Math.max(0, lines.length - Math.max(1, o.pageSize));
  return { ...o, lines, offset: o.follow ? bottom : Math.min(Math.max(0, o.offset - dropped), bottom) };
}

/**
 * runKubectlLine runs a `!` line: it goes into the history (a refused one too: ↑ brings it back to fix) and the
 * output pane opens on it; the app runs its words with the built-in kubectl, in the namespace on screen (all
 * namespaces on screen: the context's), and streams what it prints into the
 * pane (a `get -w` or `logs -f` until stopped). A line that needs the terminal is refused there, saying what to do
 * instead.
 */
function runKubectlLine(s: DashboardState): DashboardState {
  const line = (s.prompt ?? '').trim();
  const kubectlHistory = remember(s.kubectlHistory, line);
  const closed = { ...s, prompt: undefined, kubectlHistory, historyAt: kubectlHistory.length };
  const parsed = parseKubectlLine(line, { home: s.home });
  if (parsed.type === 'empty') return { ...s, prompt: undefined }; // `!` Enter, or `kubectl` alone: nothing to run
  const stream = parsed.type === 'run' && !!parsed.stream;
  // The namespace on screen is the line's default namespace, as the context's is kubectl's (-n still wins).
  const asked = ask(closed, { kind: 'kubectl', line, args: parsed.type === 'run' ? parsed.args : undefined, ...(stream ? { stream } : {}), ...(s.namespace ? { namespace: s.namespace } : {}) });
  const output: KubectlOutput = {
    run: asked.seq,
    line,
    lines: [],
    status: parsed.type === 'refuse' ? 'refused' : 'running',
    offset: 0,
    follow: true,
    pageSize: s.outputSize.rows,
    ...(stream ? { stream } : {}),
  };
  return { ...asked, output: parsed.type === 'refuse' ? withOutputLines(output, [{ text: parsed.message, from: 'note' }], s.outputSize.columns) : output };
}

/** NOT_BUILT_IN is what the output pane says when the built-in kubectl does not know a line. */
export const NOT_BUILT_IN = 'not built in: run it in a terminal with kubectl (the dashboard runs only the kubectl built into minik9s)';

/**
 * runFilter applies a `/` line to the table in front, as k9s does: `/web` keeps the rows that contain web, `/!web`
 * those that do not, `/-l app=web` filters by labels, an empty line clears the filter. From the overview it opens
 * the focused pane's kind full screen, filtered.
 */
function runFilter(s: DashboardState): DashboardState {
  const line = (s.prompt ?? '').trim();
  const base: ViewSpec = s.view ?? { kind: PANE_KINDS[s.focus] };
  const { filter: _f, invert: _i, labels: _l, ...rest } = base;
  let view: ViewSpec = rest;
  if (line.startsWith('-l ')) view = { ...view, labels: line.slice(3).trim() };
  else if (line.startsWith('!')) view = { ...view, filter: line.slice(1), invert: true };
  else if (line) view = { ...view, filter: line };
  const closed = { ...s, prompt: undefined };
  if (s.view) return { ...closed, view, cursors: { ...closed.cursors, view: TOP } };
  return line ? { ...closed, view, viewStack: [], viewCursors: [], cursors: { ...closed.cursors, view: TOP } } : closed;
}

/**
 * typed edits the command line with a key that is not a binding: printable text, backspace. A paste or a fast
 * typist can bring several characters in one read, an Enter among them: each is taken in turn.
 */
function typed(s: DashboardState, input: string, key: KeyPress): DashboardState {
  if (key.backspace || key.delete) return { ...s, prompt: (s.prompt ?? '').slice(0, -1) };
  if (key.ctrl || key.meta) return s;
  let out = s;
  for (const ch of input) {
    if (out.prompt === undefined) break;
    if (ch === '\r' || ch === '\n') out = runPrompt(out);
    else if (ch === '\u007f' || ch === '\b') out = { ...out, prompt: out.prompt.slice(0, -1) };
    else if (ch >= ' ') out = { ...out, prompt: out.prompt + ch };
  }
  return out;
}

/** typedInput edits a form dialog's input line (the replicas, the images): printable text and backspace. */
function typedInput(s: DashboardState, input: string, key: KeyPress): DashboardState {
  const d = s.dialog;
  if (!d) return s;
  const v = d.input ?? '';
  if (key.backspace || key.delete) return { ...s, dialog: { ...d, input: v.slice(0, -1), error: undefined } };
  if (key.ctrl || key.meta || !input || [...input].some((c) => c < ' ')) return s;
  return { ...s, dialog: { ...d, input: v + input, error: undefined } };
}

/** reducer is the dashboard's state machine: key presses become commands, commands become new states. */
export function reducer(s: DashboardState, a: Action): DashboardState {
  switch (a.type) {
    case 'key': {
      const scope = scopeOf(s);
      const command = commandFor(scope, tableKind(s), a.input, a.key, modesOf(s), s.bindings);
      if (command === 'prompt.open') return typed({ ...s, prompt: '', promptMode: 'command' }, a.input.slice(1), a.key);
      if (command === 'filter.open') return typed({ ...s, prompt: '', promptMode: 'filter' }, a.input.slice(1), a.key);
      if (command === 'kubectl.open') return typed(runCommand(s, command), a.input.slice(1), a.key);
      if (command) return runCommand(s, command, a.input);
      if (scope === 'form') return typedInput(s, a.input, a.key);
      return scope === 'prompt' ? typed(s, a.input, a.key) : s;
    }
    case 'command':
      return runCommand(s, a.command);
    case 'rows': {
      const old = s.rows[a.pane];
      const same = old.pageSize === a.pageSize && sameKeys(old.keys, a.keys);
      const next = same ? s : { ...s, rows: { ...s.rows, [a.pane]: { keys: a.keys, pageSize: a.pageSize } } };
      // Pin the cursor to what it shows now, so that it keeps following the same object from here on.
      return setCursor(next, a.pane, resolveCursor(s.cursors[a.pane], a.keys, a.pageSize));
    }
    case 'flash':
      return flash(s, a.text, a.level);
    case 'clearFlash':
      return s.flash?.id === a.id ? { ...s, flash: undefined } : s;
    case 'requestDone':
      return s.request?.id === a.id ? { ...s, request: undefined } : s;
    case 'text': {
      const t = s.text;
      if (!t || t.title !== a.title) return s;
      // A followed log shows its last page; any other page keeps its place, within the new lines.
      const bottom = Math.max(0, a.lines.length - Math.max(1, t.pageSize));
      const offset = t.log && t.follow ? bottom : Math.min(t.offset, bottom);
      return { ...s, text: { ...t, lines: a.lines, offset } };
    }
    case 'shellDone':
      return s.shell ? { ...s, shell: undefined } : s;
    case 'kubectlOutput': {
      const o = s.output;
      if (o?.run !== a.run || !a.lines.length) return s;
      return { ...s, output: withOutputLines(o, a.lines.map((text) => ({ text, from: a.from })), s.outputSize.columns) };
    }
    case 'kubectlDone': {
      const o = s.output;
      if (o?.run !== a.run) {
        // The pane was closed (or replaced) while it ran: say how it ended on the flash line.
        if (a.code === undefined && !a.error) return s;
        if (a.stopped) return flash(s, `${asTyped(a.line)} stopped`, 'info');
        const what = `${asTyped(a.line)} ${a.error ? `failed: ${a.error}` : a.code ? `exited with ${a.code}` : 'finished'}`;
        return flash(s, what, a.error || a.code ? 'error' : 'info');
      }
      // Stopped, kubectl exits as interrupted (1): that is no failure to point at, the title says [stopped].
      const notes: OutputLine[] = a.stopped
        ? [{ text: 'stopped', from: 'note' }]
        : a.error
          ? [{ text: a.error, from: 'err' }]
          : a.code === undefined
            ? [{ text: NOT_BUILT_IN, from: 'note' }]
            : a.code
              ? [{ text: `exit code ${a.code}`, from: 'note' }]
              : [];
      const status = a.stopped ? 'stopped' : a.code === undefined && !a.error ? 'not-built-in' : 'done';
      const { stopping: _stopping, ...rest } = withOutputLines(o, notes, s.outputSize.columns);
      return { ...s, output: { ...rest, status, code: a.error ? 1 : a.code } };
    }
    case 'outputPage': {
      const same = s.outputSize.rows === a.rows && s.outputSize.columns === a.columns;
      const sized = same ? s : { ...s, outputSize: { rows: a.rows, columns: a.columns } };
      const o = sized.output;
      if (!o || o.pageSize === a.rows) return sized;
      const bottom = Math.max(0, o.lines.length - Math.max(1, a.rows));
      return { ...sized, output: { ...o, pageSize: a.rows, offset: o.follow ? bottom : Math.min(o.offset, bottom) } };
    }
    case 'helpPage':
      return s.helpPage === a.pageSize ? s : { ...s, helpPage: a.pageSize };
    case 'dialogInput':
      return s.dialog && s.dialog.input === undefined ? { ...s, dialog: { ...s.dialog, input: a.value } } : s;
    case 'jump': {
      // The owner opens full screen with the cursor on it; Esc comes back here.
      const stack = s.view ? [...s.viewStack, s.view] : [];
      const saved = s.view ? [...s.viewCursors.slice(0, s.viewStack.length), s.cursors.view] : [];
      return { ...s, view: a.view, viewStack: stack, viewCursors: saved, cursors: { ...s.cursors, view: { key: a.key, index: 0, offset: 0 } } };
    }
    case 'textPage': {
      const t = s.text;
      if (!t || t.pageSize === a.pageSize) return s;
      const offset = t.log && t.follow ? Math.max(0, (t.lines?.length ?? 0) - Math.max(1, a.pageSize)) : t.offset;
      return { ...s, text: { ...t, pageSize: a.pageSize, offset } };
    }
  }
}
