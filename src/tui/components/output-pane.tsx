import { Text } from 'ink';
import type { KubectlOutput, OutputLine } from '../state.js';
import { fit } from '../layout.js';
import { asTyped } from '../kubectl-line.js';
import { Pane } from './pane.js';

/** outputTitle is the output pane's title: the command line, how it went, and where the pane is scrolled. */
export function outputTitle(o: KubectlOutput, rows: number): string {
  const status =
    o.status === 'running'
      ? o.stopping
        ? 'stopping…'
        : 'running…'
      : o.status === 'stopped'
        ? 'stopped'
        : o.status === 'refused'
          ? 'not run'
          : o.status === 'not-built-in'
            ? 'not built in'
            : o.code
              ? `exit ${o.code}`
              : 'done';
  const below = o.lines.length - (o.offset + rows);
  const where = !o.follow && below > 0 ? ` [${o.offset + 1}-${o.offset + rows} of ${o.lines.length}]` : '';
  return `$ ${asTyped(o.line)} [${status}]${where}`;
}

/**
 * outputCells is how one line of the output pane is drawn: the text cut to the width (tabs as kubectl's columns
 * never have them), stderr marked with a red bar, the dashboard's own notes in yellow.
 */
export function outputCells(l: OutputLine, width: number): { mark: string; text: string; color: string | undefined } {
  const text = fit(l.text.replace(/\t/g, '    '), Math.max(0, width - 2));
  if (l.from === 'err') return { mark: '▌ ', text, color: 'red' };
  if (l.from === 'note') return { mark: '» ', text, color: 'yellow' };
  return { mark: '  ', text, color: undefined };
}

/**
 * OutputPane is the pane under the others where a `!` kubectl command's output shows: stdout as printed, stderr
 * in red with a bar in the margin, the exit code when not 0. It shows the page at `offset` (the last lines while
 * it follows them).
 */
export function OutputPane(props: { output: KubectlOutput; width: number; height: number; focused: boolean }) {
  const { output: o, width, height } = props;
  const rows = Math.max(1, height - 2);
  const page = o.lines.slice(o.offset, o.offset + rows);
  const title = outputTitle(o, rows);
  return (
    <Pane title={title} width={width} height={height} focused={props.focused}>
      {o.status === 'running' && !o.lines.length ? <Text dimColor>{fit('  …', width - 2)}</Text> : null}
      {page.map((l, i) => {
        const c = outputCells(l, width - 2);
        return (
          <Text key={o.offset + i} wrap="truncate">
            <Text color={c.color ?? 'gray'}>{c.mark}</Text>
            <Text color={c.color}>{c.text}</Text>
          </Text>
        );
      })}
    </Pane>
  );
}
