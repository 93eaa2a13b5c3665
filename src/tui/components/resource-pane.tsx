import type { KubeObject } from '../../api/types.js';
import { objectKey } from '../../client/informer.js';
import { statusColor, DELTA_COLORS, MARK_COLOR } from '../colors.js';
import type { Delta } from '../deltas.js';
import { PANE_CHROME } from '../layout.js';
import type { Renderer } from '../renderers/renderer.js';
import type { Cursor } from '../state.js';
import { Pane } from './pane.js';
import { Table } from './table.js';

/** ResourcePaneProps configure a pane listing objects of one kind. */
export interface ResourcePaneProps<T extends KubeObject> {
  readonly title: string;
  /** A shorter title for narrow panes. */
  readonly compactTitle?: string;
  readonly items: readonly T[];
  readonly renderer: Renderer<T>;
  readonly now: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  /** The resolved cursor; undefined for a pane without selection (the events strip). */
  readonly cursor?: Cursor;
  /** Rows to emphasise (the namespace being shown, in the namespaces pane). */
  readonly emphasize?: (item: T) => boolean;
  readonly emptyText?: string;
  /** Rows marked with space (drawn bright cyan and bold, whatever their status). */
  readonly marked?: (item: T) => boolean;
  /** The row's recent change, which colours it for a moment instead of its status (k9s' row deltas). */
  readonly delta?: (item: T) => Delta | undefined;
}

/**
 * ResourcePane is one kind's pane: the bordered, titled frame around a windowed table whose cells come from the
 * kind's pure renderer and whose rows are coloured by status.
 */
export function ResourcePane<T extends KubeObject>(props: ResourcePaneProps<T>) {
  const { renderer, now, cursor } = props;
  const rows = Math.max(0, props.height - PANE_CHROME);
  const offset = cursor ? cursor.offset : Math.max(0, props.items.length - rows);
  return (
    <Pane title={props.title} compactTitle={props.compactTitle} width={props.width} height={props.height} focused={props.focused}>
      <Table
        columns={renderer.columns}
        items={props.items}
        rowKey={objectKey}
        cells={(o) => renderer.cells(o, now)}
        rowStyle={(o) => {
          if (props.marked?.(o)) return { color: MARK_COLOR, bold: true };
          const d = props.delta?.(o);
          return { color: d ? DELTA_COLORS[d] : statusColor(renderer.status(o, now)), bold: props.emphasize?.(o) };
        }}
        width={Math.max(0, props.width - 2)}
        height={rows}
        offset={offset}
        cursor={cursor ? cursor.index : -1}
        showCursor={props.focused && cursor !== undefined}
        emptyText={props.emptyText}
      />
    </Pane>
  );
}
