import { Box, Text } from 'ink';
import type { Column } from '../renderers/renderer.js';
import { fit, fitColumns, formatRow } from '../layout.js';

/** RowStyle is how one row is drawn: its colour and emphasis. */
export interface RowStyle {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
}

/** TableProps configure a windowed table. */
export interface TableProps<T> {
  readonly columns: readonly Column[];
  /** Every row's object, in display order; only the window [offset, offset + height) is ever rendered. */
  readonly items: readonly T[];
  /** The key of an item: React's row key. */
  readonly rowKey: (item: T) => string;
  /** The cells of one item; called only for the rows on screen. */
  readonly cells: (item: T) => readonly string[];
  /** The style of one item's row; called only for the rows on screen. */
  readonly rowStyle?: (item: T) => RowStyle;
  readonly width: number;
  /** How many rows fit under the header. */
  readonly height: number;
  /** The first row shown. */
  readonly offset: number;
  /** The selected row's index, or -1 for none. */
  readonly cursor: number;
  /** Draw the selected row in inverse video (only the focused table shows its selection). */
  readonly showCursor: boolean;
  readonly emptyText?: string;
}

/**
 * Table is the dashboard's windowed table: a header and the rows that fit, nothing else. Rendering 10,000 pods
 * costs what rendering a screenful does, because the cells of rows off screen are never computed.
 */
export function Table<T>(props: TableProps<T>) {
  const { columns, items, width, height, offset, cursor } = props;
  const start = Math.max(0, Math.min(offset, Math.max(0, items.length - height)));
  const visible = items.slice(start, start + Math.max(0, height));
  const cells = visible.map((item) => props.cells(item));
  const layout = fitColumns(columns, cells, width);
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Text bold wrap="truncate">
        {formatRow(
          columns.map((c) => c.name),
          layout,
          width,
        )}
      </Text>
      {visible.length === 0 ? (
        <Text dimColor wrap="truncate">
          {fit(props.emptyText ?? 'No resources', width)}
        </Text>
      ) : (
        visible.map((item, i) => {
          const style = props.rowStyle?.(item) ?? {};
          const selected = props.showCursor && start + i === cursor;
          return (
            <Text
              key={props.rowKey(item)}
              wrap="truncate"
              color={style.color}
              bold={style.bold}
              dimColor={style.dim}
              inverse={selected}
            >
              {formatRow(cells[i] ?? [], layout, width)}
            </Text>
          );
        })
      )}
    </Box>
  );
}
