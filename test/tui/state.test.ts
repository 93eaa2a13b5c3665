import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Action, type DashboardState, initialState, reducer, resolveCursor } from '../../src/tui/state.js';
import { BINDINGS, type KeyPress, commandFor, hintsFor } from '../../src/tui/keymap.js';
import { FrameScheduler } from '../../src/tui/hooks/use-informer.js';
import { PANES } from '../../src/tui/panes.js';

const run = (s: DashboardState, ...actions: Action[]) => actions.reduce(reducer, s);
const key = (input: string, k: KeyPress = {}): Action => ({ type: 'key', input, key: k });
const rows = (pane: (typeof PANES)[number], keys: string[], pageSize = 5): Action => ({ type: 'rows', pane, keys, pageSize });
const sel = (s: DashboardState, pane: (typeof PANES)[number]) => resolveCursor(s.cursors[pane], s.rows[pane].keys, s.rows[pane].pageSize);

describe('keymap', () => {
  it.each([
    ['main', 'pods', '', { tab: true }, 'pane.next'],
    ['main', 'pods', '', { tab: true, shift: true }, 'pane.prev'],
    ['main', 'pods', 'j', {}, 'cursor.down'],
    ['main', 'pods', '', { downArrow: true }, 'cursor.down'],
    ['main', 'pods', 'k', {}, 'cursor.up'],
    ['main', 'pods', '', { upArrow: true }, 'cursor.up'],
    ['main', 'pods', '', { pageDown: true }, 'cursor.pageDown'],
    ['main', 'pods', '', { pageUp: true }, 'cursor.pageUp'],
    ['main', 'pods', 'g', {}, 'cursor.top'],
    ['main', 'pods', 'G', { shift: true }, 'cursor.bottom'],
    ['main', 'namespaces', '', { return: true }, 'select'],
    ['main', 'pods', '', { return: true }, 'drill'],
    ['main', 'services', '0', {}, 'namespace.all'],
    ['main', 'pods', 'd', { ctrl: true }, 'pod.delete'],
    ['main', 'deployments', 'd', { ctrl: true }, undefined],
    ['main', 'pods', 'q', {}, 'quit'],
    ['main', 'pods', 'c', { ctrl: true }, 'quit'],
    ['main', 'pods', '?', {}, 'help.toggle'],
    ['help', 'pods', '', { escape: true }, 'help.close'],
    ['help', 'pods', '?', {}, 'help.toggle'],
    ['help', 'pods', 'j', {}, undefined],
    ['help', 'pods', 'c', { ctrl: true }, 'quit'],
    ['dialog', 'pods', '', { rightArrow: true }, 'dialog.switch'],
    ['dialog', 'pods', '', { leftArrow: true }, 'dialog.switch'],
    ['dialog', 'pods', '', { tab: true }, 'dialog.switch'],
    ['dialog', 'pods', '', { return: true }, 'dialog.choose'],
    ['dialog', 'pods', '', { escape: true }, 'dialog.cancel'],
    ['dialog', 'pods', 'q', {}, undefined],
    ['dialog', 'pods', 'c', { ctrl: true }, 'quit'],
  ] as const)('%s/%s %j %j → %s', (scope, pane, input, k, command) => {
    expect(commandFor(scope, pane, input, k)).toBe(command);
  });

  it('drives the hint bar: pane commands first, only where they apply', () => {
    expect(hintsFor('main', 'pods')[0]).toEqual({ keys: 'ctrl-d', hint: 'delete' });
    expect(hintsFor('main', 'namespaces')[0]).toEqual({ keys: 'enter', hint: 'switch ns' });
    expect(hintsFor('main', 'services').map((h) => h.keys)).not.toContain('ctrl-d');
    expect(hintsFor('dialog', 'pods').map((h) => h.hint)).toEqual(['switch button', 'choose', 'cancel']);
  });

  it('every binding has keys and a description', () => {
    for (const b of BINDINGS) {
      expect(b.keys).not.toBe('');
      expect(b.description).not.toBe('');
    }
  });
});

describe('reducer', () => {
  const pods = ['default/a', 'default/b', 'default/c', 'default/d'];

  it('moves the focus with Tab and shift-Tab, wrapping around', () => {
    let s = initialState('default');
    expect(s.focus).toBe('pods');
    s = run(s, key('', { tab: true }));
    expect(s.focus).toBe('deployments');
    s = run(s, key('', { tab: true }), key('', { tab: true }), key('', { tab: true }));
    expect(s.focus).toBe('namespaces');
    s = run(s, key('', { tab: true, shift: true }));
    expect(s.focus).toBe('services');
  });

  it('moves the cursor within the rows, paging and jumping', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `default/p${String(i).padStart(2, '0')}`);
    let s = run(initialState('default'), rows('pods', keys, 5));
    expect(sel(s, 'pods')).toEqual({ key: 'default/p00', index: 0, offset: 0 });
    s = run(s, key('j'), key('j'));
    expect(sel(s, 'pods').key).toBe('default/p02');
    s = run(s, key('', { pageDown: true }));
    expect(sel(s, 'pods')).toEqual({ key: 'default/p07', index: 7, offset: 3 });
    s = run(s, key('G'));
    expect(sel(s, 'pods')).toEqual({ key: 'default/p19', index: 19, offset: 15 });
    s = run(s, key('j'));
    expect(sel(s, 'pods').index).toBe(19);
    s = run(s, key('', { pageUp: true }));
    expect(sel(s, 'pods')).toEqual({ key: 'default/p14', index: 14, offset: 14 });
    s = run(s, key('g'), key('k'));
    expect(sel(s, 'pods')).toEqual({ key: 'default/p00', index: 0, offset: 0 });
  });

  it('keeps the cursor on the same object when rows are added or removed above it', () => {
    let s = run(initialState('default'), rows('pods', pods), key('j'), key('j'));
    expect(sel(s, 'pods').key).toBe('default/c');
    // A replacement pod sorts in above the selection.
    s = run(s, rows('pods', ['default/a', 'default/a2', 'default/b', 'default/c', 'default/d']));
    expect(sel(s, 'pods')).toMatchObject({ key: 'default/c', index: 3 });
    // Two pods above it go away.
    s = run(s, rows('pods', ['default/a2', 'default/c', 'default/d']));
    expect(sel(s, 'pods')).toMatchObject({ key: 'default/c', index: 1 });
    // The selected pod itself goes away: the cursor stays at its place, on the next pod, and follows that one.
    s = run(s, rows('pods', ['default/a2', 'default/d']));
    expect(sel(s, 'pods')).toMatchObject({ key: 'default/d', index: 1 });
    s = run(s, rows('pods', ['default/0', 'default/a2', 'default/d']));
    expect(sel(s, 'pods')).toMatchObject({ key: 'default/d', index: 2 });
  });

  it('a rows update that changes nothing returns the same state (no extra render)', () => {
    const s = run(initialState('default'), rows('pods', pods));
    expect(reducer(s, rows('pods', [...pods]))).toBe(s);
  });

  it('Enter on a namespace switches to it and focuses the pods; 0 shows all', () => {
    let s = run(
      initialState('default'),
      rows('namespaces', ['default', 'kube-public', 'kube-system']),
      rows('pods', pods),
      key('j'),
      key('', { tab: true, shift: true }),
    );
    expect(s.focus).toBe('namespaces');
    s = run(s, key('j'), key('j'), key('', { return: true }));
    expect(s.namespace).toBe('kube-system');
    expect(s.focus).toBe('pods');
    expect(s.cursors.pods).toEqual({ key: undefined, index: 0, offset: 0 });
    s = run(s, key('0'));
    expect(s.namespace).toBeUndefined();
    // Enter elsewhere does nothing.
    expect(run(s, key('', { return: true }))).toBe(s);
  });

  it('ctrl-d opens the dialog on Cancel; only OK produces a delete request', () => {
    let s = run(initialState('default'), rows('pods', pods), key('j'), key('d', { ctrl: true }));
    expect(s.dialog).toEqual({ kind: 'delete-pod', namespace: 'default', name: 'b', choice: 'cancel' });
    // Keys of the panes do not reach them while the dialog is open.
    expect(run(s, key('j')).cursors).toBe(s.cursors);
    let cancelled = run(s, key('', { return: true }));
    expect(cancelled.dialog).toBeUndefined();
    expect(cancelled.request).toBeUndefined();
    cancelled = run(s, key('', { rightArrow: true }), key('', { escape: true }));
    expect(cancelled.request).toBeUndefined();
    s = run(s, key('', { rightArrow: true }));
    expect(s.dialog?.choice).toBe('ok');
    s = run(s, key('', { return: true }));
    expect(s.dialog).toBeUndefined();
    expect(s.request).toMatchObject({ kind: 'delete-pod', namespace: 'default', name: 'b' });
    s = run(s, { type: 'requestDone', id: s.request!.id });
    expect(s.request).toBeUndefined();
  });

  it('ctrl-d does nothing outside the pods pane or without pods', () => {
    expect(run(initialState('default'), key('d', { ctrl: true })).dialog).toBeUndefined();
    expect(run(initialState('default'), rows('pods', pods), key('', { tab: true }), key('d', { ctrl: true })).dialog).toBeUndefined();
  });

  it('? toggles the help, Esc closes it, q and ctrl-c quit', () => {
    let s = run(initialState('default'), key('?'));
    expect(s.help).toBe(true);
    expect(run(s, key('q')).quit).toBe(false);
    s = run(s, key('', { escape: true }));
    expect(s.help).toBe(false);
    expect(run(s, key('q')).quit).toBe(true);
    expect(run(s, key('c', { ctrl: true })).quit).toBe(true);
  });

  it('the log view follows its end until the user scrolls up, G follows again; its keys restart the stream', () => {
    let s = run(initialState('default'), { type: 'rows', pane: 'pods', keys: pods, pageSize: 10 }, key('l'));
    expect(s.text?.log).toMatchObject({ namespace: 'default', pod: 'a', container: 0, previous: false });
    s = run(s, { type: 'textPage', pageSize: 3 });
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`);
    s = run(s, { type: 'text', title: s.text!.title, lines: lines(10) });
    expect(s.text).toMatchObject({ offset: 7, follow: true });
    s = run(s, { type: 'text', title: s.text!.title, lines: lines(12) });
    expect(s.text?.offset).toBe(9); // followed the new lines
    s = run(s, key('k'));
    expect(s.text).toMatchObject({ offset: 8, follow: false });
    s = run(s, { type: 'text', title: s.text!.title, lines: lines(20) });
    expect(s.text?.offset).toBe(8); // stays where the user put it
    s = run(s, key('G'));
    expect(s.text).toMatchObject({ offset: 17, follow: true });
    s = run(s, key('p'), key('t'), key('c'), key('2'));
    expect(s.text?.log).toMatchObject({ previous: true, timestamps: true, container: 1, sinceSeconds: 300 });
    expect(s.text?.lines).toEqual([]);
    expect(run(s, key('s')).text?.follow).toBe(false);
    expect(run(s, key('w')).text?.wrap).toBe(true);
    expect(run(s, key('', { escape: true })).text).toBeUndefined();
    // Not on other panes: l on the deployments pane does nothing.
    expect(run(initialState('default'), key('', { tab: true }), key('l')).text).toBeUndefined();
  });

  it('flash messages clear only themselves', () => {
    let s = run(initialState('default'), { type: 'flash', text: 'one', level: 'info' });
    const first = s.flash!.id;
    s = run(s, { type: 'flash', text: 'two', level: 'error' });
    expect(run(s, { type: 'clearFlash', id: first }).flash?.text).toBe('two');
    expect(run(s, { type: 'clearFlash', id: s.flash!.id }).flash).toBeUndefined();
  });
});

describe('FrameScheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('coalesces a burst into one flush and keeps to maxFps', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const f = new FrameScheduler(10, flush, { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as never) });
    for (let i = 0; i < 1000; i++) f.notify();
    vi.advanceTimersByTime(0);
    expect(flush).toHaveBeenCalledTimes(1);
    // Changes keep coming: one flush per 100 ms, however many notifications.
    for (let t = 0; t < 1000; t += 5) {
      f.notify();
      vi.advanceTimersByTime(5);
    }
    expect(flush.mock.calls.length).toBeGreaterThanOrEqual(10);
    expect(flush.mock.calls.length).toBeLessThanOrEqual(12);
    f.notify();
    f.cancel();
    const n = flush.mock.calls.length;
    vi.advanceTimersByTime(1000);
    expect(flush).toHaveBeenCalledTimes(n);
  });
});
