import { Box, Text } from 'ink';
import type { ClusterUsage } from '../hooks/use-cluster-metrics.js';
import { fit } from '../layout.js';
import type { Flash } from '../state.js';

/** HeaderProps are what the header shows about the cluster and the session. */
export interface HeaderProps {
  readonly width: number;
  readonly context: string;
  readonly cluster: string;
  readonly user?: string;
  readonly server?: string;
  readonly namespace: string | undefined;
  readonly version?: string;
  readonly nodes: { readonly ready: number; readonly total: number };
  readonly simulated?: boolean;
  /** What the nodes use (the metrics API), when the cluster serves it. */
  readonly usage?: ClusterUsage;
  /** The recent namespaces 1-9 switch to. */
  readonly favorites?: readonly string[];
  /** The view stack, oldest first (`overview › Deployments › ReplicaSets`), when a view is open. */
  readonly crumbs?: readonly string[];
  /** `--readonly`: the keys that change the cluster are off. */
  readonly readonly?: boolean;
  /** The simulated cluster's clock: its speed, or that it is paused. */
  readonly clock?: { readonly speed: number; readonly paused: boolean };
  readonly synced: boolean;
  readonly error?: string;
  readonly flash?: Flash;
}

interface Item {
  readonly label: string;
  readonly value: string;
  readonly color: string;
  /** Dropped first when the line is too long (higher goes first); 0 stays. */
  readonly drop?: number;
}

const LABEL_COLOR = '#ffa500';

/**
 * Header is the dashboard's top two lines. The first: context, cluster, namespace, Kubernetes version, nodes
 * Ready/total (and whether the cluster is simulated). The second: the API error while the cluster cannot be read,
 * else the outcome of the last command, else the user and server.
 */
export function Header(props: HeaderProps) {
  const nodesOk = props.nodes.total > 0 && props.nodes.ready === props.nodes.total;
  const items: Item[] = [
    { label: 'Context', value: props.context, color: 'white', drop: 1 },
    { label: 'Cluster', value: props.cluster, color: 'white', drop: 3 },
    { label: 'Namespace', value: props.namespace ?? 'all', color: 'cyan' },
    { label: 'K8s', value: props.version ?? 'n/a', color: 'white', drop: 2 },
    { label: 'nodes', value: `${props.nodes.ready}/${props.nodes.total} Ready`, color: nodesOk ? 'green' : 'red' },
  ];
  if (props.simulated) items.push({ label: '', value: '[simulated]', color: 'magenta' });
  if (props.readonly) items.push({ label: '', value: '[readonly]', color: 'yellow' });
  if (props.clock) items.push({ label: 'clock', value: props.clock.paused ? 'paused' : `${props.clock.speed}x`, color: props.clock.paused ? 'yellow' : 'magenta' });
  // Too long for the line: drop the cluster's name (mostly the context's), then the version, then the context;
  // the namespace, the nodes and the simulated cluster's state always stay.
  const text = (it: Item) => (it.label ? `${it.label}: ${it.value}` : it.value);
  const lineLength = (xs: Item[]) => xs.map(text).join('  ').length;
  let shown = items;
  for (const level of [3, 2, 1]) if (lineLength(shown) > props.width) shown = shown.filter((it) => it.drop !== level);
  const used = Math.min(props.width, lineLength(shown));

  let second: { text: string; color?: string };
  if (props.error) second = { text: props.error, color: 'red' };
  else if (props.flash) second = { text: props.flash.text, color: props.flash.level === 'error' ? 'red' : 'green' };
  else if (!props.synced) second = { text: `Loading from ${props.server ?? 'the API server'}…`, color: 'gray' };
  else {
    const usage = props.usage ? [`CPU: ${props.usage.cpuPct}% (${props.usage.cpuMilli}m)`, `MEM: ${props.usage.memoryPct}% (${Math.round(props.usage.memoryBytes / 2 ** 20)}Mi)`] : [];
    // In a view, where it came from (k9s' crumbs) leads the line; the user and server follow when there is room.
    const favorites = props.favorites?.length ? ['<0> all', ...props.favorites.map((n, i) => `<${i + 1}> ${n}`)].join(' ') : '';
    const parts = props.crumbs?.length
      ? [props.crumbs.join(' › '), ...usage]
      : [favorites, props.user ? `User: ${props.user}` : '', props.server ? `Server: ${props.server}` : '', ...usage];
    second = { text: parts.filter(Boolean).join('  '), color: 'gray' };
  }
  return (
    <Box flexDirection="column" width={props.width} height={2}>
      <Text wrap="truncate">
        {shown.map((it, i) => (
          <Text key={it.label || it.value}>
            {i > 0 ? '  ' : ''}
            {it.label ? <Text color={LABEL_COLOR}>{it.label}: </Text> : null}
            <Text color={it.color} bold>
              {it.value}
            </Text>
          </Text>
        ))}
        {' '.repeat(Math.max(0, props.width - used))}
      </Text>
      <Text color={second.color} wrap="truncate">
        {fit(second.text, props.width)}
      </Text>
    </Box>
  );
}
