import { Text } from 'ink';
import { hintsFor, type Binding, type Modes, type Scope } from '../keymap.js';

/** HintBarProps say whose hints to show. */
export interface HintBarProps {
  readonly scope: Scope;
  /** The kind of the table in front (its own keys come first). */
  readonly kind: string;
  /** Simulated cluster, read-only: which keys are live. */
  readonly modes: Modes;
  /** The key binding table (the user's keys when configured). */
  readonly bindings?: readonly Binding[];
  readonly width: number;
}

/** HintBar is the bottom line of key hints (`<tab> next pane  <j/↓> down ...`), generated from the key map. */
export function HintBar(props: HintBarProps) {
  const all = hintsFor(props.scope, props.kind, props.modes, props.bindings);
  // The way to every other key always shows: `<?> help` keeps the last place when the line is full.
  const help = all.find((h) => h.hint === 'help');
  const size = (h: { keys: string; hint: string }) => h.keys.length + h.hint.length + 4;
  let used = help ? size(help) : 0;
  const shown: { keys: string; hint: string }[] = [];
  for (const h of all) {
    if (h === help) continue;
    if (used + size(h) > props.width) break;
    used += size(h);
    shown.push(h);
  }
  if (help) shown.push(help);
  return (
    <Text wrap="truncate">
      {shown.map((h) => (
        <Text key={h.keys + h.hint}>
          <Text color="cyan">{`<${h.keys}>`}</Text> <Text dimColor>{h.hint}</Text>
          {' '}
        </Text>
      ))}
      {' '.repeat(Math.max(0, props.width - used))}
    </Text>
  );
}
