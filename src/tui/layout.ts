import type { Column } from './renderers/renderer.js';

/** MIN_COLUMNS and MIN_ROWS are the smallest terminal the dashboard lays out in. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

/** ScreenLayout is where everything goes on the screen, in character cells. */
export interface ScreenLayout {
  readonly width: number;
  readonly height: number;
  readonly headerHeight: number;
  readonly bodyHeight: number;
  readonly namespacesWidth: number;
  readonly rightWidth: number;
  readonly podsHeight: number;
  /** Deployments and ReplicaSets (and Services, when `servicesBeside`) share one row of this height. */
  readonly workloadsHeight: number;
  readonly servicesHeight: number;
  /** On wide screens Services sit beside Deployments and ReplicaSets instead of below them. */
  readonly servicesBeside: boolean;
  readonly eventsHeight: number;
  /** The `!` output pane, in the events strip's place while open (0 when closed). */
  readonly outputHeight: number;
  readonly hintHeight: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * PANE_CHROME is the lines a pane spends on itself: the top border with the title, the column header and the
 * bottom border. A pane of height h shows h - PANE_CHROME rows.
 */
export const PANE_CHROME = 3;

/**
 * screenLayout splits a width x height screen: header, then namespaces on the left and pods (the largest) with
 * the workloads and services on the right, then the events strip and the hint bar. With `output` the `!` output
 * pane takes the events strip's place, a little taller, so that the panes above stay in view as it runs.
 */
export function screenLayout(width: number, height: number, output = false): ScreenLayout {
  const headerHeight = 2;
  const hintHeight = 1;
  const eventsHeight = output ? 0 : clamp(Math.floor(height * 0.22), 5, 12);
  const outputHeight = output ? clamp(Math.floor(height * 0.3), 6, 16) : 0;
  const bodyHeight = Math.max(0, height - headerHeight - hintHeight - eventsHeight - outputHeight);
  const namespacesWidth = clamp(Math.floor(width * 0.24), 22, 30);
  const rightWidth = width - namespacesWidth;
  const servicesBeside = rightWidth >= 150;
  const smallShare = servicesBeside ? 0.35 : 0.22;
  const workloadsHeight = clamp(Math.floor(bodyHeight * smallShare), 4, 12);
  const servicesHeight = servicesBeside ? 0 : workloadsHeight;
  const podsHeight = Math.max(0, bodyHeight - workloadsHeight - servicesHeight);
  return {
    width,
    height,
    headerHeight,
    bodyHeight,
    namespacesWidth,
    rightWidth,
    podsHeight,
    workloadsHeight,
    servicesHeight,
    servicesBeside,
    eventsHeight,
    outputHeight,
    hintHeight,
  };
}

/** truncate cuts text to width cells, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width === 1) return '…';
  return chars.slice(0, width - 1).join('') + '…';
}

/** fit truncates or pads text to exactly width cells. */
export function fit(text: string, width: number): string {
  const t = truncate(text, width);
  const len = [...t].length;
  return len < width ? t + ' '.repeat(width - len) : t;
}

/** ColumnFit is how a table's columns fit a width: each column's width (0 = hidden) and the gap between them. */
export interface ColumnFit {
  readonly widths: number[];
  readonly gap: number;
}

/** NAME_MIN is how far a NAME column is kept before the other columns give way. */
const NAME_MIN = 16;

/**
 * fitColumns sizes a table's columns for `width` cells from the header and the cells of the rows on screen (never
 * the whole list: the cost is bounded by what is visible). When the natural widths do not fit it gives way in
 * this order: the gap narrows from 2 to 1, optional columns are dropped (rightmost first), the flexible column
 * shrinks to NAME_MIN and then to 8, the others shrink towards their header, and last the flexible column shrinks
 * further. Whatever still does not fit is cut at the right edge.
 * Spare width goes to the flexible column.
 */
export function fitColumns(columns: readonly Column[], rows: readonly (readonly string[])[], width: number): ColumnFit {
  const widths = columns.map((c, i) => {
    let w = c.name.length;
    for (const r of rows) w = Math.max(w, [...(r[i] ?? '')].length);
    return w;
  });
  const total = (gap: number) => {
    const shown = widths.filter((w) => w > 0);
    return shown.reduce((a, b) => a + b, 0) + gap * Math.max(0, shown.length - 1);
  };
  let gap = 2;
  if (total(gap) > width) gap = 1;
  for (let i = 0; i < columns.length; i++) {
    const over = total(gap) - width;
    if (over > 0 && columns[i]?.elastic) widths[i] = Math.max(Math.min(widths[i] ?? 0, 20), (widths[i] ?? 0) - over);
  }
  for (let i = columns.length - 1; i >= 0 && total(gap) > width; i--) if (columns[i]?.optional) widths[i] = 0;
  if (total(2) <= width) gap = 2;
  let flex = columns.findIndex((c) => c.flex);
  if (flex < 0 || !widths[flex]) flex = 0;
  const shrink = (i: number, min: number) => {
    const over = total(gap) - width;
    const w = widths[i] ?? 0;
    if (over > 0 && w > min) widths[i] = Math.max(min, w - over);
  };
  shrink(flex, NAME_MIN);
  shrink(flex, 8);
  for (let i = columns.length - 1; i >= 0; i--) if (i !== flex && widths[i]) shrink(i, Math.max(3, columns[i]?.name.length ?? 0));
  shrink(flex, 3);
  const spare = width - total(gap);
  if (spare > 0 && columns[flex]?.flex) widths[flex] = (widths[flex] ?? 0) + spare;
  return { widths, gap };
}

/** formatRow lays cells out in their column widths, separated by `gap`, as one line of exactly `width` cells. */
export function formatRow(cells: readonly string[], { widths, gap }: ColumnFit, width: number): string {
  const parts: string[] = [];
  for (let i = 0; i < widths.length; i++) {
    const w = widths[i] ?? 0;
    if (w > 0) parts.push(fit(cells[i] ?? '', w));
  }
  return fit(parts.join(' '.repeat(gap)), width);
}
