import { PANES, type PaneId } from './panes.js';
import { type CommandName, type KeyPress, type Scope, commandFor } from './keymap.js';

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

/** ConfirmDelete is the open "Delete pod ns/name?" dialog; Cancel is selected until the user moves. */
export interface ConfirmDelete {
  readonly kind: 'delete-pod';
  readonly namespace: string;
  readonly name: string;
  readonly choice: 'cancel' | 'ok';
}

/** Request is a side effect the reducer asks the app to perform (the reducer itself stays pure). */
export interface Request {
  readonly id: number;
  readonly kind: 'delete-pod';
  readonly namespace: string;
  readonly name: string;
}

/** Flash is a short message under the header: the outcome of the last command. */
export interface Flash {
  readonly id: number;
  readonly text: string;
  readonly level: 'info' | 'error';
}

/** DashboardState is the whole UI state of the dashboard; the cluster data lives in the informers' caches. */
export interface DashboardState {
  readonly focus: PaneId;
  readonly cursors: Readonly<Record<PaneId, Cursor>>;
  readonly rows: Readonly<Record<PaneId, PaneRows>>;
  /** The namespace shown, or undefined for all namespaces. */
  readonly namespace: string | undefined;
  readonly help: boolean;
  readonly dialog: ConfirmDelete | undefined;
  readonly request: Request | undefined;
  readonly flash: Flash | undefined;
  readonly quit: boolean;
  readonly seq: number;
}

/** Action is everything that changes the dashboard state. */
export type Action =
  | { type: 'key'; input: string; key: KeyPress }
  | { type: 'command'; command: CommandName }
  | { type: 'rows'; pane: PaneId; keys: readonly string[]; pageSize: number }
  | { type: 'flash'; text: string; level: 'info' | 'error' }
  | { type: 'clearFlash'; id: number }
  | { type: 'requestDone'; id: number };

const TOP: Cursor = { key: undefined, index: 0, offset: 0 };

const perPane = <T>(v: T): Record<PaneId, T> =>
  Object.fromEntries(PANES.map((p) => [p, v])) as Record<PaneId, T>;

/** initialState is the dashboard at start: pods focused, showing `namespace` (undefined = all namespaces). */
export function initialState(namespace: string | undefined): DashboardState {
  return {
    focus: 'pods',
    cursors: perPane(TOP),
    rows: perPane<PaneRows>({ keys: [], pageSize: 1 }),
    namespace,
    help: false,
    dialog: undefined,
    request: undefined,
    flash: undefined,
    quit: false,
    seq: 0,
  };
}

/** scopeOf is the layer that has the keyboard. */
export function scopeOf(s: DashboardState): Scope {
  return s.dialog ? 'dialog' : s.help ? 'help' : 'main';
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

function setCursor(s: DashboardState, pane: PaneId, c: Cursor): DashboardState {
  if (sameCursor(s.cursors[pane], c)) return s;
  return { ...s, cursors: { ...s.cursors, [pane]: c } };
}

/** moveCursor moves the focused pane's cursor to the index `to` computes from where it really is now. */
function moveCursor(s: DashboardState, to: (index: number, n: number, page: number) => number): DashboardState {
  const pane = s.focus;
  const { keys, pageSize } = s.rows[pane];
  if (!keys.length) return s;
  const cur = resolveCursor(s.cursors[pane], keys, pageSize);
  const index = clamp(to(cur.index, keys.length, Math.max(1, pageSize)), 0, keys.length - 1);
  return setCursor(s, pane, resolveCursor({ key: keys[index], index, offset: cur.offset }, keys, pageSize));
}

function selectedKey(s: DashboardState, pane: PaneId): string | undefined {
  const { keys, pageSize } = s.rows[pane];
  return resolveCursor(s.cursors[pane], keys, pageSize).key;
}

function switchNamespace(s: DashboardState, namespace: string | undefined): DashboardState {
  // The namespaced panes start over at the top: their old selections belong to another list.
  const cursors = { ...s.cursors };
  for (const p of PANES) if (p !== 'namespaces') cursors[p] = TOP;
  return { ...s, namespace, cursors, focus: 'pods' };
}

function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

function runCommand(s: DashboardState, command: CommandName): DashboardState {
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
      return moveCursor(s, (i) => i - 1);
    case 'cursor.down':
      return moveCursor(s, (i) => i + 1);
    case 'cursor.pageUp':
      return moveCursor(s, (i, _n, page) => i - page);
    case 'cursor.pageDown':
      return moveCursor(s, (i, _n, page) => i + page);
    case 'cursor.top':
      return moveCursor(s, () => 0);
    case 'cursor.bottom':
      return moveCursor(s, (_i, n) => n - 1);
    case 'select': {
      if (s.focus !== 'namespaces') return s;
      const ns = selectedKey(s, 'namespaces');
      return ns === undefined ? s : switchNamespace(s, ns);
    }
    case 'namespace.all':
      return switchNamespace(s, undefined);
    case 'pod.delete': {
      if (s.focus !== 'pods') return s;
      const key = selectedKey(s, 'pods');
      if (key === undefined) return s;
      return { ...s, dialog: { kind: 'delete-pod', ...splitKey(key), choice: 'cancel' } };
    }
    case 'help.toggle':
      return { ...s, help: !s.help };
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
      const id = s.seq + 1;
      return { ...s, seq: id, dialog: undefined, request: { id, kind: d.kind, namespace: d.namespace, name: d.name } };
    }
  }
}

/** reducer is the dashboard's state machine: key presses become commands, commands become new states. */
export function reducer(s: DashboardState, a: Action): DashboardState {
  switch (a.type) {
    case 'key': {
      const command = commandFor(scopeOf(s), s.focus, a.input, a.key);
      return command ? runCommand(s, command) : s;
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
    case 'flash': {
      const id = s.seq + 1;
      return { ...s, seq: id, flash: { id, text: a.text, level: a.level } };
    }
    case 'clearFlash':
      return s.flash?.id === a.id ? { ...s, flash: undefined } : s;
    case 'requestDone':
      return s.request?.id === a.id ? { ...s, request: undefined } : s;
  }
}
