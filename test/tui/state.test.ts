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
    ['main', 'Pod', '', { tab: true }, 'pane.next'],
    ['main', 'pods', '', { tab: true, shift: true }, 'pane.prev'],
    ['main', 'pods', 'j', {}, 'cursor.down'],
    ['main', 'pods', '', { downArrow: true }, 'cursor.down'],
    ['main', 'pods', 'k', {}, 'cursor.up'],
    ['main', 'pods', '', { upArrow: true }, 'cursor.up'],
    ['main', 'pods', '', { pageDown: true }, 'cursor.pageDown'],
    ['main', 'pods', '', { pageUp: true }, 'cursor.pageUp'],
    ['main', 'pods', 'g', {}, 'cursor.top'],
    ['main', 'pods', 'G', { shift: true }, 'cursor.bottom'],
    ['main', 'Namespace', '', { return: true }, 'select'],
    ['main', 'pods', '', { return: true }, 'drill'],
    ['main', 'services', '0', {}, 'namespace.all'],
    ['main', 'pods', 'd', { ctrl: true }, 'delete'],
    ['main', 'Deployment', 'd', { ctrl: true }, 'delete'],
    ['main', 'Pod', 'k', { ctrl: true }, 'pod.kill'],
    ['main', 'Deployment', 'k', { ctrl: true }, undefined],
    ['main', 'Deployment', 's', {}, 'scale.open'],
    ['main', 'Pod', 's', {}, 'shell.open'],
    ['main', 'Deployment', 'r', {}, 'restart'],
    ['main', 'Node', 'r', {}, 'node.drain'],
    ['main', 'Node', 'c', {}, 'node.cordon'],
    ['main', 'ReplicaSet', 'l', { ctrl: true }, 'rollback'],
    ['form', 'Deployment', 'q', {}, undefined],
    ['form', 'Deployment', '', { return: true }, 'dialog.choose'],
    ['dialog', 'Deployment', 'p', {}, 'dialog.propagation'],
    ['main', 'pods', 'q', {}, 'quit'],
    ['main', 'pods', 'c', { ctrl: true }, 'quit'],
    ['main', 'pods', '?', {}, 'help.toggle'],
    ['help', 'pods', '', { escape: true }, 'help.close'],
    ['help', 'pods', '?', {}, 'help.toggle'],
    ['help', 'pods', 'j', {}, 'cursor.down'],
    ['help', 'pods', 'c', { ctrl: true }, 'quit'],
    ['dialog', 'pods', '', { rightArrow: true }, 'dialog.switch'],
    ['dialog', 'pods', '', { leftArrow: true }, 'dialog.switch'],
    ['dialog', 'pods', '', { tab: true }, 'dialog.switch'],
    ['dialog', 'pods', '', { return: true }, 'dialog.choose'],
    ['dialog', 'pods', '', { escape: true }, 'dialog.cancel'],
    ['dialog', 'pods', 'q', {}, undefined],
    ['dialog', 'pods', 'c', { ctrl: true }, 'quit'],
  ] as const)('%s/%s %j %j → %s', (scope, kind, input, k, command) => {
    expect(commandFor(scope, kind, input, k)).toBe(command);
  });

  it('drives the hint bar: the kind\'s own commands first, navigation last, only where they apply', () => {
    expect(hintsFor('main', 'Pod')[0]).toEqual({ keys: 'ctrl-k', hint: 'kill' });
    expect(hintsFor('main', 'Namespace')[0]).toEqual({ keys: 'enter', hint: 'switch ns' });
    expect(hintsFor('main', 'Deployment').slice(0, 3).map((h) => h.hint)).toEqual(['scale', 'restart', 'set image']);
    expect(hintsFor('main', 'Service').map((h) => h.keys)).not.toContain('ctrl-k');
    expect(hintsFor('main', 'Service').at(-1)).toEqual({ keys: '1-9', hint: 'recent ns' });
    expect(hintsFor('dialog', 'Pod').map((h) => h.hint)).toEqual(['switch button', 'choose', 'propagation', 'force', 'cancel']);
    // --readonly: nothing that changes the cluster; not simulated: no crash.
    const ro = hintsFor('main', 'Pod', { readonly: true }).map((h) => h.hint);
    expect(ro).toContain('logs');
    for (const h of ['kill', 'delete', 'crash', 'set image']) expect(ro).not.toContain(h);
    expect(hintsFor('main', 'Pod', { simulated: false }).map((h) => h.hint)).not.toContain('crash');
    expect(commandFor('main', 'Pod', 'd', { ctrl: true }, { readonly: true })).toBeUndefined();
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
    // Enter on a pod opens its containers.
    expect(run(s, key('', { return: true })).view).toMatchObject({ containers: true, parent: { kind: 'Pod' } });
  });

  it('ctrl-d opens the dialog on Cancel; only OK produces a delete request', () => {
    let s = run(initialState('default'), rows('pods', pods), key('j'), key('d', { ctrl: true }));
    expect(s.dialog).toMatchObject({ kind: 'delete', targets: [{ namespace: 'default', name: 'b' }], choice: 'cancel', propagation: 'Background', force: false });
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
    expect(s.request).toMatchObject({ kind: 'action', dialog: { kind: 'delete', targets: [{ name: 'b' }] } });
    s = run(s, { type: 'requestDone', id: s.request!.id });
    expect(s.request).toBeUndefined();
  });

  it('ctrl-d does nothing on an empty table; on a Deployment it asks about the Deployment', () => {
    expect(run(initialState('default'), key('d', { ctrl: true })).dialog).toBeUndefined();
    const s = run(initialState('default'), rows('deployments', ['default/web']), key('', { tab: true }), key('d', { ctrl: true }));
    expect(s.dialog).toMatchObject({ kind: 'delete', targets: [{ kind: { kind: 'Deployment' }, name: 'web' }] });
  });

  it('the delete dialog cycles propagation with p and force with f; space marks rows for one delete of them all', () => {
    let s = run(initialState('default'), rows('pods', pods), key(' '), key(' '), key('j'), key(' '));
    expect(s.marks?.keys).toEqual(['default/a', 'default/b', 'default/d']);
    s = run(s, key('k'), key(' ')); // back up to c, which is not marked yet
    expect(s.marks?.keys).toEqual(['default/a', 'default/b', 'default/d', 'default/c']);
    s = run(s, key('d', { ctrl: true }), key('p'), key('p'), key('f'));
    expect(s.dialog).toMatchObject({ propagation: 'Orphan', force: true });
    expect(s.dialog?.targets.map((t) => t.name)).toEqual(['a', 'b', 'd', 'c']);
    s = run(s, key('', { tab: true }), key('', { return: true }));
    expect(s.request).toMatchObject({ kind: 'action', dialog: { kind: 'delete', propagation: 'Orphan', force: true } });
    expect(s.marks).toBeUndefined();
    // Marks belong to their table: another pane ignores them.
    const m = run(initialState('default'), rows('pods', pods), key(' '), key('', { tab: true }));
    expect(run(m, key('', { tab: true, shift: true })).marks?.keys).toEqual(['default/a']);
  });

  it('s on a Deployment opens a replicas form the app fills in; a bad number keeps it open with the reason', () => {
    let s = run(initialState('default'), rows('deployments', ['default/web']), key('', { tab: true }), key('s'));
    expect(s.request).toMatchObject({ kind: 'prefill', dialog: { kind: 'scale' } });
    s = run(s, { type: 'dialogInput', value: '3' });
    expect(s.dialog?.input).toBe('3');
    s = run(s, key('', { backspace: true }), key('x'), key('', { tab: true }), key('', { return: true }));
    expect(s.dialog?.error).toBe('replicas must be a whole number, 0 or more');
    expect(s.request?.kind).toBe('prefill'); // nothing new was asked
    s = run(s, key('', { backspace: true }), key('5'), key('', { return: true }));
    expect(s.request).toMatchObject({ kind: 'action', dialog: { kind: 'scale', input: '5' } });
    // In --readonly the key is dead.
    const ro = run(initialState('default', false, true), rows('deployments', ['default/web']), key('', { tab: true }), key('s'));
    expect(ro.dialog).toBeUndefined();
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

  it('1-9 switch to the namespaces used lately, newest first', () => {
    let s = initialState('default');
    expect(s.favorites).toEqual(['default']);
    s = run(s, { type: 'rows', pane: 'namespaces', keys: ['default', 'kube-public', 'kube-system'], pageSize: 10 }, key('', { tab: true, shift: true }));
    s = run(s, key('j'), key('j'), key('', { return: true }));
    expect(s.namespace).toBe('kube-system');
    expect(s.favorites).toEqual(['kube-system', 'default']);
    s = run(s, key('2'));
    expect(s.namespace).toBe('default');
    expect(s.favorites).toEqual(['default', 'kube-system']);
    expect(run(s, key('9'))).toBe(s); // no ninth favourite
    s = run(s, key('0'), key('2'));
    expect(s.namespace).toBe('kube-system');
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
