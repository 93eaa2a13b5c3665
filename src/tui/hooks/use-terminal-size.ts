import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** TerminalSize is the terminal's size in character cells. */
export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

const read = (s: NodeJS.WriteStream): TerminalSize => ({ columns: s.columns || 80, rows: s.rows || 24 });

/**
 * useTerminalSize is the size of Ink's stdout, updated when the terminal is resized. Streams that do not know
 * their size (pipes, test doubles) count as 80x24 unless the caller overrides a dimension.
 */
export function useTerminalSize(override: { readonly columns?: number; readonly rows?: number } = {}): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = () => setSize(read(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return { columns: override.columns ?? size.columns, rows: override.rows ?? size.rows };
}
