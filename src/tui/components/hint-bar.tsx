import { Text } from 'ink';
import { hintsFor, type Scope } from '../keymap.js';
import type { RowsId } from '../panes.js';

/** HintBarProps say whose hints to show. */
export interface HintBarProps {
  readonly scope: Scope;
  readonly pane: RowsId;
  /** Show the keys only a simulated cluster has. */
  readonly simulated?: boolean;
  readonly width: number;
}

/** HintBar is the bottom line of key hints (`<tab> next pane  <j/↓> down ...`), generated from the key map. */
export function HintBar(props: HintBarProps) {
  let used = 0;
  const shown: { keys: string; hint: string }[] = [];
  for (const h of hintsFor(props.scope, props.pane, props.simulated ?? true)) {
    const len = h.keys.length + h.hint.length + 4;
    if (used + len > props.width) break;
    used += len;
    shown.push(h);
  }
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
