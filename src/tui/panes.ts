/** PANES are the dashboard's focusable panes, in Tab order (left to right, top to bottom). */
export const PANES = ['namespaces', 'pods', 'deployments', 'replicasets', 'services'] as const;

/** PaneId names one focusable pane. */
export type PaneId = (typeof PANES)[number];

/** PANE_TITLES are the panes' titles, k9s style. */
export const PANE_TITLES: Readonly<Record<PaneId, string>> = {
  namespaces: 'Namespaces',
  pods: 'Pods',
  deployments: 'Deployments',
  replicasets: 'ReplicaSets',
  services: 'Services',
};

/** RowsId names a table whose rows the reducer tracks: an overview pane, or the focus view (`:` command). */
export type RowsId = PaneId | 'view';

/** ROWS_IDS are every table the reducer keeps a cursor for. */
export const ROWS_IDS: readonly RowsId[] = [...PANES, 'view'];
