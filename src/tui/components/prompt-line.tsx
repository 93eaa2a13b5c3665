import { Text } from 'ink';
import { suggest } from '../commands.js';
import { suggestKubectl } from '../kubectl-line.js';
import type { PromptMode } from '../state.js';

const SIGILS: Readonly<Record<PromptMode, string>> = { command: ':', filter: '/', kubectl: '!' };

/** What an empty `!` line says it is for, in grey after the cursor. */
export const KUBECTL_PLACEHOLDER = 'kubectl command, e.g. kubectl get pods (↑ history, tab completes, esc cancels)';

/**
 * PromptLine is the `:` command line, the `/` filter or the `!` kubectl line, where the hint bar is while it is
 * open. A `:` line shows the completion of its first word in grey after the cursor (Tab or → takes it), a `!` line
 * the completion of the kubectl command, or while empty what it is for.
 */
export function PromptLine(props: { text: string; width: number; mode: PromptMode }) {
  const shown = props.text.slice(-(props.width - 3));
  const rest = (props.mode === 'command' ? suggest(props.text) : props.mode === 'kubectl' ? suggestKubectl(props.text) : undefined) || '';
  // The placeholder is no completion: it starts after the cursor, which stays on a blank.
  const hint = rest || (props.mode === 'kubectl' && !props.text ? ` ${KUBECTL_PLACEHOLDER}` : '');
  const tail = hint.slice(0, Math.max(0, props.width - shown.length - 3));
  return (
    <Text wrap="truncate">
      <Text color="cyan" bold>
        {SIGILS[props.mode]}
      </Text>
      {shown}
      <Text inverse>{tail ? tail[0] : ' '}</Text>
      <Text dimColor>{tail.slice(1)}</Text>
      {' '.repeat(Math.max(0, props.width - shown.length - 2 - Math.max(0, tail.length - 1)))}
    </Text>
  );
}
