import { Text } from 'ink';

/** PromptLine is the `:` command line, where the hint bar is while it is open. */
export function PromptLine(props: { text: string; width: number; mode: 'command' | 'filter' }) {
  const shown = props.text.slice(-(props.width - 3));
  return (
    <Text wrap="truncate">
      <Text color="cyan" bold>
        {props.mode === 'filter' ? '/' : ':'}
      </Text>
      {shown}
      <Text inverse> </Text>
      {' '.repeat(Math.max(0, props.width - shown.length - 2))}
    </Text>
  );
}

