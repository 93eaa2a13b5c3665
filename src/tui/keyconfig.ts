import { BINDINGS, type Binding, type CommandName, type KeyPress } from './keymap.js';

/**
 * DashboardConfig is what a user can set in `$MINIK9S_HOME/dashboard.json` (kept with conf): other keys for the
 * dashboard's commands, and whether ctrl-k asks before it kills.
 *
 *   { "keys": { "delete": "ctrl-x", "scale.open": "S", "describe.open": "enter" }, "confirmKill": false }
 */
export interface DashboardConfig {
  /** Command name → key: a character (`x`, `X`, `?`), `ctrl-<letter>`, `enter`, `esc`, `tab`, `shift-tab`, `space`, `up`, `down`, `left`, `right`, `pgup`, `pgdn`, `home`, `end`. */
  keys?: Record<string, string>;
  /** ctrl-k asks first (default true). */
  confirmKill?: boolean;
}

const NAMED: Readonly<Record<string, (input: string, key: KeyPress) => boolean>> = {
  enter: (_i, k) => k.return === true,
  esc: (_i, k) => k.escape === true,
  tab: (_i, k) => k.tab === true && !k.shift,
  'shift-tab': (_i, k) => k.tab === true && k.shift === true,
  space: (i, k) => !k.ctrl && !k.meta && i === ' ',
  up: (_i, k) => k.upArrow === true,
  down: (_i, k) => k.downArrow === true,
  left: (_i, k) => k.leftArrow === true,
  right: (_i, k) => k.rightArrow === true,
  pgup: (_i, k) => k.pageUp === true,
  pgdn: (_i, k) => k.pageDown === true,
  home: (_i, k) => k.home === true,
  end: (_i, k) => k.end === true,
};

/** parseKey reads a key as the config writes it; undefined when it names no key the dashboard can read. */
export function parseKey(spec: string): ((input: string, key: KeyPress) => boolean) | undefined {
  const s = spec.trim();
  const named = NAMED[s.toLowerCase()];
  if (named) return named;
  const ctrl = /^ctrl-([a-z])$/i.exec(s);
  if (ctrl) {
    const ch = ctrl[1]!.toLowerCase();
    return (input, key) => key.ctrl === true && input === ch;
  }
  // One printable character: upper case is shift.
  if ([...s].length === 1 && s >= '!' && s !== '\u007f') return (input, key) => !key.ctrl && !key.meta && input === s;
  return undefined;
}

/**
 * withKeys builds the binding table a config asks for: each named command of the panes (scope `main`) answers to
 * the new key instead of its own, shown so in the hint bar and the help. Unknown commands, unreadable keys and a
 * key another command of the panes already has are reported, and those lines change nothing.
 */
export function withKeys(keys: Record<string, string> | undefined): { bindings: readonly Binding[]; problems: string[] } {
  const problems: string[] = [];
  if (!keys || !Object.keys(keys).length) return { bindings: BINDINGS, problems };
  const known = new Set(BINDINGS.map((b) => b.command));
  let bindings = BINDINGS.slice();
  for (const [command, spec] of Object.entries(keys)) {
    if (!known.has(command as CommandName)) {
      problems.push(`keys.${command}: no such command (see the help, ?)`);
      continue;
    }
    const match = typeof spec === 'string' ? parseKey(spec) : undefined;
    if (!match) {
      problems.push(`keys.${command}: "${String(spec)}" is not a key (a character, ctrl-x, enter, esc, tab, space, up, ...)`);
      continue;
    }
    // A key already doing something else in the panes would shadow one of the two: refuse it.
    const taken = bindings.find((b) => b.command !== command && b.scopes.includes('main') && b.keys.split('/').includes(spec));
    if (taken) {
      problems.push(`keys.${command}: "${spec}" is already ${taken.command}`);
      continue;
    }
    bindings = bindings.map((b) => (b.command === command && b.scopes.includes('main') ? { ...b, keys: spec, match } : b));
  }
  return { bindings, problems };
}
