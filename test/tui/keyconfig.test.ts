import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseKey, withKeys } from '../../src/tui/keyconfig.js';
import { commandFor, hintsFor } from '../../src/tui/keymap.js';
import { initialState, reducer, type Action } from '../../src/tui/state.js';
import { readDashboardConfig } from '../../src/profile/dashboard-config.js';

describe('keys from dashboard.json', () => {
  it('parseKey reads characters, ctrl- letters and named keys; refuses the rest', () => {
    expect(parseKey('x')?.('x', {})).toBe(true);
    expect(parseKey('X')?.('x', {})).toBe(false);
    expect(parseKey('ctrl-x')?.('x', { ctrl: true })).toBe(true);
    expect(parseKey('ctrl-x')?.('x', {})).toBe(false);
    expect(parseKey('enter')?.('', { return: true })).toBe(true);
    expect(parseKey('space')?.(' ', {})).toBe(true);
    for (const bad of ['', 'ctrl-', 'ctrl-xx', 'hyper-x', 'xy']) expect(parseKey(bad)).toBeUndefined();
  });

  it('withKeys moves a command to another key: the key map, the hint bar and the help follow', () => {
    const { bindings, problems } = withKeys({ delete: 'ctrl-x', 'scale.open': 'S2', 'no.such': 'z', 'pod.kill': 'j' });
    expect(problems).toEqual([
      'keys.scale.open: "S2" is not a key (a character, ctrl-x, enter, esc, tab, space, up, ...)',
      'keys.no.such: no such command (see the help, ?)',
      'keys.pod.kill: "j" is already cursor.down',
    ]);
    expect(commandFor('main', 'Pod', 'x', { ctrl: true }, {}, bindings)).toBe('delete');
    expect(commandFor('main', 'Pod', 'd', { ctrl: true }, {}, bindings)).toBeUndefined();
    expect(commandFor('main', 'Pod', 'k', { ctrl: true }, {}, bindings)).toBe('pod.kill'); // refused: unchanged
    expect(hintsFor('main', 'Pod', {}, bindings).map((h) => h.keys)).toContain('ctrl-x');
  });

  it('confirmKill false: ctrl-k kills at once', () => {
    const run = (s: ReturnType<typeof initialState>, ...as: Action[]) => as.reduce(reducer, s);
    const rows: Action = { type: 'rows', pane: 'pods', keys: ['default/a'], pageSize: 5 };
    const asked = run(initialState('default'), rows, { type: 'key', input: 'k', key: { ctrl: true } });
    expect(asked.dialog?.kind).toBe('kill');
    const at = run(initialState('default', false, false, { confirmKill: false }), rows, { type: 'key', input: 'k', key: { ctrl: true } });
    expect(at.dialog).toBeUndefined();
    expect(at.request).toMatchObject({ kind: 'action', dialog: { kind: 'kill', targets: [{ name: 'a' }] } });
  });
});

describe('readDashboardConfig', () => {
  const old = process.env.MINIK9S_HOME;
  let dir: string;
  afterEach(() => {
    process.env.MINIK9S_HOME = old;
    rmSync(dir, { recursive: true, force: true });
  });
  const home = () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-conf-'));
    process.env.MINIK9S_HOME = dir;
    return dir;
  };

  it('is the defaults without a file, reads keys and confirmKill, and refuses a broken file naming it', () => {
    const h = home();
    expect(readDashboardConfig()).toEqual({ keys: undefined, confirmKill: undefined });
    writeFileSync(path.join(h, 'dashboard.json'), JSON.stringify({ keys: { delete: 'ctrl-x' }, confirmKill: false }));
    expect(readDashboardConfig()).toEqual({ keys: { delete: 'ctrl-x' }, confirmKill: false });
    writeFileSync(path.join(h, 'dashboard.json'), '{ "keys": ');
    expect(() => readDashboardConfig()).toThrow(/dashboard\.json: .*JSON/);
    writeFileSync(path.join(h, 'dashboard.json'), JSON.stringify({ keys: ['x'] }));
    expect(() => readDashboardConfig()).toThrow(/dashboard\.json: "keys" must map command names to keys/);
    writeFileSync(path.join(h, 'dashboard.json'), JSON.stringify({ confirmKill: 'no' }));
    expect(() => readDashboardConfig()).toThrow(/"confirmKill" must be true or false/);
  });
});
