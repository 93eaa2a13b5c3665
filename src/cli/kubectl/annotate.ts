import type { Command } from './command.js';
import { META_FLAGS, runMeta, type MetaMode } from './label.js';

/** The annotation `--overwrite` never guards (kubectl's change-cause). */
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

const annotateMode: MetaMode = {
  command: 'annotate',
  field: 'annotations',
  noun: 'annotations',
  // cmdutil.ParsePairs: KEY=VALUE (the value may hold `=`) or KEY-; anything else is listed in one error.
  parse(pairs) {
    const set = new Map<string, string>();
    const remove: string[] = [];
    const invalid: string[] = [];
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq > 0) set.set(p.slice(0, eq), p.slice(eq + 1));
      else if (p.endsWith('-') && p !== '-') remove.push(p.slice(0, -1));
      else invalid.push(p);
    }
    if (invalid.length) throw new Error(`invalid annotation format: ${invalid.join(', ')}`);
    return { set, remove };
  },
  overwriteError(current, set) {
    const found = [...set].filter(([k, v]) => k !== CHANGE_CAUSE && k in current && current[k] !== v).map(([k]) => `'${k}' already has a value (${current[k]})`);
    return found.length ? new Error(`--overwrite is false but found the following declared annotation(s): ${found.join('; ')}`) : undefined;
  },
  clearVersionAlways: false,
  verb: () => 'annotated',
  reportMissing: false,
  // annotate's ToOptions checks, in its order (after the pairs are read).
  validate(ctx, resources, set, remove) {
    const f = ctx.flags;
    if (f.bool('--all') && f.str('--selector')) throw new Error('cannot set --all and --selector at the same time');
    if (!resources.length) throw new Error('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    if (!set.size && !remove.length && !f.bool('--list')) throw new Error('at least one annotation update is required');
    const both = remove.filter((k) => set.has(k));
    if (both.length) throw new Error(`can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
  },
};

/** annotateCommand is `kubectl annotate`. */
export const annotateCommand: Command = {
  flags: META_FLAGS,
  run: (ctx) => runMeta(ctx, annotateMode),
};
