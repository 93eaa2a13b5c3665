import { Box, Text } from 'ink';
import { fit } from '../layout.js';

/** ConfirmDialogProps configure a yes/no question. */
export interface ConfirmDialogProps {
  readonly title?: string;
  readonly message: string;
  /** The selected button; Cancel is the safe default. */
  readonly choice: 'cancel' | 'ok';
  readonly width: number;
}

/** confirmDialogSize is the size the dialog takes for a message, capped by the screen width. */
export function confirmDialogSize(message: string, screenWidth: number): { width: number; height: number } {
  return { width: Math.min(screenWidth - 2, Math.max(44, message.length + 8)), height: 7 };
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
      <Text>{' '.repeat(inner)}</Text>
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
