import { Box, Text } from 'ink';
import { fit } from '../layout.js';

/** ConfirmDialogProps configure a yes/no question. */
export interface ConfirmDialogProps {
  readonly title?: string;
  readonly message: string;
  /** More lines under the message (the delete dialog's options). */
  readonly lines?: readonly string[];
  /** An input line being edited (the replicas, the images). */
  readonly input?: string;
  /** Why the input was refused. */
  readonly error?: string;
  /** The selected button; Cancel is the safe default. */
  readonly choice: 'cancel' | 'ok';
  readonly width: number;
}

/** confirmDialogSize is the size the dialog takes for a message, capped by the screen width. */
export function confirmDialogSize(message: string, screenWidth: number, lines: readonly string[] = [], input?: string): { width: number; height: number } {
  const widest = Math.max(message.length, ...lines.map((l) => l.length), input === undefined ? 0 : input.length + 6, 36);
  return { width: Math.min(screenWidth - 2, widest + 8), height: 7 + lines.length + (input === undefined ? 0 : 2) };
}

const center = (text: string, width: number) => fit(' '.repeat(Math.max(0, Math.floor((width - text.length) / 2))) + text, width);

/**
 * ConfirmDialog asks before a destructive command: a message and the buttons [Cancel] [OK]. It only draws; the
 * keys (←/→/Tab switch, Enter chooses, Esc cancels) are bindings in the key map, handled by the reducer.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const inner = Math.max(10, props.width - 2);
  const cancel = ' Cancel ';
  const ok = '   OK   ';
  const buttons = `[${cancel}]   [${ok}]`;
  const pad = Math.max(0, Math.floor((inner - buttons.length) / 2));
  const after = Math.max(0, inner - pad - buttons.length);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="red" width={props.width}>
      <Text color="red" bold>
        {center(props.title ?? '<Confirm>', inner)}
      </Text>
      <Text>{center(props.message, inner)}</Text>
      {(props.lines ?? []).map((l, i) => (
        <Text key={i} dimColor>
          {center(l, inner)}
        </Text>
      ))}
      {props.input === undefined ? null : (
        <>
          <Text> </Text>
          <Text>
            {'  '}
            <Text color="cyan">{'> '}</Text>
            <Text bold>{fit(`${props.input}█`, inner - 4)}</Text>
          </Text>
        </>
      )}
      <Text color="red">{fit(props.error ? `  ${props.error}` : '', inner)}</Text>
      <Text>
        {' '.repeat(pad)}[
        <Text inverse={props.choice === 'cancel'} bold={props.choice === 'cancel'}>
          {cancel}
        </Text>
        ]{'   '}[
        <Text inverse={props.choice === 'ok'} bold={props.choice === 'ok'}>
          {ok}
        </Text>
        ]{' '.repeat(after)}
      </Text>
      <Text>{' '.repeat(inner)}</Text>
    </Box>
  );
}
