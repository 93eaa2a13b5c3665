import { Text } from 'ink';
import { suggest } from '../commands.js';

/**
 * PromptLine is the `:` command line (or the `/` filter), where the hint bar is while it is open. A `:` line shows
 * the completion of its first word in grey after the cursor (Tab or → takes it).
 */
export function PromptLine(props: { text: string; width: number; mode: 'command' | 'filter' }) {
  const shown = props.text.slice(-(props.width - 3));
  const rest = (props.mode === 'command' && suggest(props.text)) || '';
  const tail = rest.slice(0, Math.max(0, props.width - shown.length - 3));
  return (
    <Text wrap="truncate">
      <Text color="cyan" bold>
        {props.mode === 'filter' ? '/' : ':'}
      </Text>
      {shown}
      <Text inverse>{tail ? tail[0] : ' '}</Text>
      <Text dimColor>{tail.slice(1)}</Text>
      {' '.repeat(Math.max(0, props.width - shown.length - 2 - Math.max(0, tail.length - 1)))}
    </Text>
  );
}
