import { Box, Text } from 'ink';
import { BINDINGS, whereLabel, type Binding } from '../keymap.js';
import { fit } from '../layout.js';

/** HelpProps configure the help overlay. */
export interface HelpProps {
  readonly width: number;
  /** The most lines the overlay may take, borders included. */
  readonly maxHeight: number;
  /** The first binding shown (j/k scroll); kept within the table. */
  readonly offset?: number;
  /** The key binding table (the user's keys when configured). */
  readonly bindings?: readonly Binding[];
}

/** helpHeight is how tall the help overlay is for a screen that allows maxHeight lines. */
export function helpHeight(maxHeight: number, bindings: readonly Binding[] = BINDINGS): number {
  return Math.min(maxHeight, bindings.length + 5);
}

/**
 * Help is the `?` overlay: every row of the key binding table with where it applies. It is generated from the
 * same table that handles the keys, so it cannot drift from what the keys do.
 */
export function Help(props: HelpProps) {
  const table = props.bindings ?? BINDINGS;
  const inner = Math.max(20, props.width - 2);
  const keysW = Math.max(...table.map((b) => b.keys.length), 4) + 2;
  const whereW = Math.min(24, Math.max(...table.map((b) => whereLabel(b).length), 5));
  // The command's name (what dashboard.json rebinds) when the overlay is wide enough for it.
  const nameW = inner >= 100 ? Math.max(...table.map((b) => b.command.length)) + 1 : 0;
  const descW = Math.max(10, inner - keysW - whereW - nameW - 3);
  const fits = Math.max(0, helpHeight(props.maxHeight, table) - 5);
  const offset = Math.max(0, Math.min(props.offset ?? 0, table.length - fits));
  const rows = table.slice(offset, offset + fits);
  const more = table.length > fits ? ` (${offset + 1}-${offset + rows.length} of ${table.length}, j/k scroll)` : '';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" width={props.width}>
      <Text color="cyan" bold>
        {fit(` Help: keys${more}`, inner)}
      </Text>
      <Text bold>{fit(` ${fit('KEY', keysW)}${fit('COMMAND', descW)} ${fit('WHERE', whereW)}${nameW ? ` ${fit('NAME', nameW - 1)}` : ''}`, inner)}</Text>
      {rows.map((b, i) => (
        <Text key={i}>
          {fit(' ', 1)}
          <Text color="cyan">{fit(b.keys, keysW)}</Text>
          {fit(b.description, descW)} <Text dimColor>{fit(whereLabel(b), whereW)}</Text>
          {nameW ? <Text color="gray">{` ${fit(b.command, nameW - 1)}`}</Text> : null}
          {' '.repeat(Math.max(0, inner - 1 - keysW - descW - 1 - whereW - nameW))}
        </Text>
      ))}
      <Text dimColor>{fit(' ? or esc closes this help', inner)}</Text>
    </Box>
  );
}
