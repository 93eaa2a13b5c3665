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
  // The way to every other key always shows: `<!> kubectl` and `<?> help` keep the last places when the line is full.
  const pinned = all.filter((h) => h.pinned);
  const size = (h: { keys: string; hint: string }) => h.keys.length + h.hint.length + 4;
  let used = pinned.reduce((n, h) => n + size(h), 0);
  const shown: { keys: string; hint: string }[] = [];
  for (const h of all) {
    if (h.pinned) continue;
    if (used + size(h) > props.width) break;
    used += size(h);
    shown.push(h);
  }
  shown.push(...pinned);
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
