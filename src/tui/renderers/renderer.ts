import type { KubeObject } from '../../api/types.js';

/** Column describes one column of a dashboard table: its header and how it behaves when space is short. */
export interface Column {
  /** The header, upper case as kubectl and k9s print it. */
  readonly name: string;
  /** Optional columns (NODE, IP, ...) are dropped, rightmost first, when the pane is too narrow for them. */
  readonly optional?: boolean;
  /** The flexible column takes the spare width and is the first to be truncated when space is short. */
  readonly flex?: boolean;
  /** A long free-text column (an event's MESSAGE): cut down to 20 characters before any optional column goes. */
  readonly elastic?: boolean;
}

/**
 * Renderer turns objects of one kind into table cells: pure, no React, no colour, so it can be unit-tested and
 * reused. `status` is the word the colouring (src/tui/colors.ts) keys on, e.g. a pod's STATUS cell.
 */
export interface Renderer<T extends KubeObject = KubeObject> {
  readonly columns: readonly Column[];
  /** The cells of one row, one per column; `now` is the time the AGE cells are measured from. */
  cells(obj: T, now: number): string[];
  /** The row's status word (Running, Pending, Terminating, Warning, ...) for colouring. */
  status(obj: T, now: number): string;
}

/** cell turns a server printer's cell (string, number or boolean) into a string. */
export function cell(v: string | number | boolean | undefined): string {
  return v === undefined ? '' : String(v);
}

/** withNamespace prefixes a NAMESPACE column to a renderer: the "all namespaces" variant of a table. */
export function withNamespace<T extends KubeObject>(r: Renderer<T>): Renderer<T> {
  return {
    columns: [{ name: 'NAMESPACE' }, ...r.columns],
    cells: (obj, now) => [obj.metadata.namespace ?? '', ...r.cells(obj, now)],
    status: (obj, now) => r.status(obj, now),
  };
}

/**
 * withRequests appends a REQS column (optional: it goes first when space is short): how many requests the row's
 * pods answered on a simulated cluster (`countOf`: a pod its own, a Service its pods').
 */
export function withRequests<T extends KubeObject>(r: Renderer<T>, countOf: (obj: T) => number): Renderer<T> {
  return {
    columns: [...r.columns, { name: 'REQS', optional: true }],
    cells: (obj, now) => [...r.cells(obj, now), String(countOf(obj))],
    status: (obj, now) => r.status(obj, now),
  };
}
