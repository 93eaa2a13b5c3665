import os from 'node:os';
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef } from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import { mustKind } from '../api/kinds.js';
import type { KubeObject } from '../api/types.js';
import { objectKey } from '../client/informer.js';
import type { KubeClient } from '../client/types.js';
import {
  DashboardData,
  describeApiError,
  eventsInOrder,
  inNamespace,
  kubeletVersion,
  nodeSummary,
  rowKeys,
} from './data.js';
import { useThrottledSubscription } from './hooks/use-informer.js';
import { useViewData } from './hooks/use-view-data.js';
import { viewRows, viewTitle, sortRows, sortLabel } from './views/rows.js';
import { toYaml, YamlLine } from './components/yaml-line.js';
import { PromptLine } from './components/prompt-line.js';
import type { ClockAction, ViewSpec } from './commands.js';
import type { Fault } from '../apiserver/http/faults-api.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useClusterClock, type ClockReading, type ClusterClock } from './hooks/use-cluster-clock.js';
import { useClusterMetrics } from './hooks/use-cluster-metrics.js';
import { humanDuration } from '../api/printers/duration.js';
import { useTicker } from './hooks/use-ticker.js';
import { MIN_COLUMNS, MIN_ROWS, PANE_CHROME, screenLayout } from './layout.js';
import { PANES, PANE_TITLES, type PaneId } from './panes.js';
import { initialState, isForm, modesOf, reducer, resolveCursor, scopeOf, tableKind, markedKeys, LOG_SINCE, type Request, type TextView } from './state.js';
import type { ContextRow } from '../client/kubeconfig.js';
import { dialogOptions, dialogQuestion, type EditText } from './actions.js';
import { useLogStream, type LogStream } from './hooks/use-log-stream.js';
import type { Binding } from './keymap.js';
import { describeObject } from '../client/describe.js';
import { carryOut, type Kubectl, type KubectlRuns, type Traffic } from './requests.js';
import { namespaceRenderer } from './renderers/namespace.js';
import { podRenderer } from './renderers/pod.js';
import { replicaSetRenderer } from './renderers/replica-set.js';
import { deploymentRenderer } from './renderers/deployment.js';
import { serviceRenderer } from './renderers/service.js';
import { eventRenderer } from './renderers/event.js';
import { withNamespace, withRequests, type Renderer } from './renderers/renderer.js';
import { useRequestCounts } from './hooks/use-request-counts.js';
import { ResourcePane } from './components/resource-pane.js';
import { Pane } from './components/pane.js';
import { Header } from './components/header.js';
import { HintBar } from './components/hint-bar.js';
import { ConfirmDialog, confirmDialogSize } from './components/confirm-dialog.js';
import { Help, helpHeight } from './components/help.js';
import { OutputPane } from './components/output-pane.js';

/** DashboardContext names what the dashboard is connected to, as the kubeconfig context does. */
export interface DashboardContext {
  readonly context: string;
  readonly cluster: string;
  readonly user?: string;
  readonly server?: string;
}

/** AppProps configure the dashboard. */
export interface AppProps {
  readonly client: KubeClient;
  readonly context: DashboardContext;
  /** The API server's version (`/version` gitVersion); the nodes' kubelet version is shown when absent. */
  readonly serverVersion?: string;
  /** True for a minik9s simulated cluster: the header says so. */
  readonly simulated?: boolean;
  /** The most frames a second the dashboard draws, however fast the cluster changes. Default 10. */
  readonly maxFps?: number;
  /** Hide and disable every key that changes the cluster (`minik9s dashboard --readonly`). */
  readonly readonly?: boolean;
  /** The kubeconfig's contexts, and a way to reopen the dashboard on another (`:ctx`, `:ctx NAME`). */
  readonly contexts?: { list(): Promise<ContextRow[]>; switchTo(name: string): Promise<void> };
  /** The key binding table (dashboard.json's keys); the default one when absent. */
  readonly bindings?: readonly Binding[];
  /** ctrl-k asks before it kills (default true). */
  readonly confirmKill?: boolean;
  /** A message for the flash line at start (a problem in dashboard.json). */
  readonly notice?: string;
  /** Gives the terminal to a shell in a pod until it exits (`s` on a pod); runDashboard provides it. */
  readonly runShell?: (client: KubeClient, namespace: string, pod: string, container?: string) => Promise<number>;
  /** Hands text to the user's editor and returns what was saved (`e`); runDashboard provides it. */
  readonly editText?: EditText;
  /** Called once when the user quits (q, ctrl-c). */
  readonly onExit: () => void;
  /** The namespace shown first; undefined shows `default`, '' all namespaces. */
  readonly namespace?: string;
  /** Terminal width and height override (tests, fixed-size embedding); the stdout's size otherwise. */
  readonly width?: number;
  readonly height?: number;
  /** The clock ages are measured against; the wall clock by default (a simulated cluster may run faster). */
  readonly now?: () => number;
  /** Reads a simulated cluster's clock (the daemon's /minik9s/v1/clock): the header shows it, ages follow it. */
  readonly readClock?: () => Promise<ClockReading>;
  /** Drives a simulated cluster's clock (`:pause`, `:resume`, `:step`, `:speed N`). */
  readonly controlClock?: (a: ClockAction) => Promise<ClockReading>;
  /** Breaks part of a simulated cluster (the daemon's /minik9s/v1/faults): `x` crashes a pod's container. */
  readonly injectFault?: (f: Fault) => Promise<unknown>;
  /** Fires bursts at a simulated cluster's Services (the daemon's /minik9s/v1/traffic): `b` on a Service. */
  readonly traffic?: Traffic;
  /** Runs `!` command lines with the built-in kubectl on this context, and keeps their history; runDashboard provides it. */
  readonly kubectl?: Kubectl;
}

const podKind = mustKind('v1', 'Pod');

const FLASH_MS = 5000;
const TEXT_REFRESH_MS = 2000;

type TextRequest = Extract<Request, { kind: 'yaml' | 'describe' }>;

/** wrapLines cuts lines longer than width into several, for the log view's wrap mode. */
function wrapLines(lines: readonly string[], width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const l of lines) {
    if (l.length <= w) out.push(l);
    else for (let i = 0; i < l.length; i += w) out.push(l.slice(i, i + w));
  }
  return out;
}

/** timerLines lists a simulated cluster's pending timers as `minik9s clock` does: `in 20s  label`, soonest first. */
function timerLines(clock: ClusterClock | undefined, now: number): string[] {
  if (!clock) return ['Reading the clock…'];
  const head = `cluster time ${new Date(now).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')} (${clock.paused ? 'paused' : `${clock.speed}x`})`;
  if (!clock.timers.length) return [head, '', 'nothing is scheduled'];
  return [head, '', ...clock.timers.map((t) => `in ${humanDuration(Math.max(0, t.at - now)).padEnd(8)} ${t.label}`)];
}

/** viewName is what a view lists: `Pods`, `ConfigMaps`, or a pod's `Containers`. */
function viewName(v: ViewSpec): string {
  return v.containers ? 'Containers' : viewTitle(v.kind);
}

/** crumb names a view in the header's crumbs: `Deployments`, `ReplicaSets(hello)`, `Containers(web-1)`. */
function crumb(v: ViewSpec): string {
  return v.parent ? `${viewName(v)}(${v.parent.name})` : viewName(v);
}

/** logViewTitle names the log on screen and how it is shown: `Logs: default/web-1 (nginx) [follow] [since 5m]`. */
function logViewTitle(t: TextView, stream: LogStream | undefined): string {
  const log = t.log!;
  const container = stream?.container ?? '…';
  const more = stream && stream.containers.length > 1 ? ` ${stream.containers.indexOf(container) + 1}/${stream.containers.length}` : '';
  const flags = [
    log.previous ? 'previous' : '',
    t.follow ? 'autoscroll' : '',
    t.wrap ? 'wrap' : '',
    log.timestamps ? 'timestamps' : '',
    log.sinceSeconds === undefined ? '' : `since ${Object.values(LOG_SINCE).find((x) => x.seconds === log.sinceSeconds)?.label ?? `${log.sinceSeconds}s`}`,
  ].filter(Boolean);
  return `${t.title} (${container}${more})${flags.map((f) => ` [${f}]`).join('')}`;
}

/** splitKey describes one character of a multi-key read as Ink would have described it alone. */
function splitKey(ch: string): { input: string; key: Partial<Key> } {
  if (ch === '\r' || ch === '\n') return { input: '', key: { return: true } };
  if (ch === '\t') return { input: '', key: { tab: true } };
  if (ch === '\u007f' || ch === '\b') return { input: '', key: { backspace: true } };
  return { input: ch, key: {} };
}

/**
 * App is the minik9s dashboard: namespaces, pods, Deployments, ReplicaSets, services and events of a cluster,
 * live from informers, with k9s-style keys. It never polls: the informers push changes, and the screen is redrawn
 * at most `maxFps` times a second (plus once a second for the ages).
 */
export function App(props: AppProps) {
  const { client } = props;
  const maxFps = props.maxFps ?? 10;
  const size = useTerminalSize({ columns: props.width, rows: props.height });
  const data = useMemo(() => new DashboardData(client), [client]);
  useEffect(() => {
    data.start();
    return () => data.stop();
  }, [data]);
  const version = useThrottledSubscription(data.subscribe, maxFps);
  const tick = useTicker(1000);
  const clusterClock = useClusterClock(props.readClock);
  const clockNow = props.now ?? clusterClock?.now ?? Date.now;
  const clockNowRef = useRef(clockNow);
  clockNowRef.current = clockNow;
  const [state, dispatch] = useReducer(
    reducer,
    props.namespace === undefined ? 'default' : props.namespace || undefined, // '' = all namespaces
    (ns: string | undefined) =>
      initialState(ns, !!(props.readClock || props.controlClock || props.injectFault || props.traffic), !!props.readonly, {
        bindings: props.bindings,
        confirmKill: props.confirmKill,
        kubectlHistory: readHistorySafely(props.kubectl),
        home: os.homedir(),
      }),
  );
  // The handler reads nothing from this render: the reducer decides what a key means in the current state.
  // A terminal read can hold several keys (a paste, a fast typist, `tmux send-keys`): take them one by one, so
  // "jj⏎" moves twice and selects, as it would typed slowly.
  const onKey = useCallback((input: string, key: Key) => {
    if (input.length > 1 && !key.ctrl && !key.meta && !input.startsWith('\u001b')) {
      for (const ch of input) dispatch({ type: 'key', ...splitKey(ch) });
      return;
    }
    dispatch({ type: 'key', input, key });
  }, []);
  // While a shell has the terminal, the dashboard reads no key (Ink lets go of stdin) and draws nothing.
  useInput(onKey, { isActive: !state.shell });

  const { onExit } = props;
  const exited = useRef(false);
  useEffect(() => {
    if (!state.quit || exited.current) return;
    exited.current = true;
    onExit();
  }, [state.quit, onExit]);

  const request = state.request;
  const { controlClock, injectFault, editText, runShell, traffic, kubectl } = props;
  // The `!` commands running; whatever still runs when the dashboard goes (a get -w, a logs -f) is stopped.
  const kubectlRuns = useMemo<KubectlRuns>(() => new Map(), []);
  useEffect(
    () => () => {
      for (const [, r] of kubectlRuns) r.abort.abort();
    },
    [kubectlRuns],
  );
  const readText = useCallback(
    async (r: TextRequest): Promise<string[]> => {
      if (r.kind === 'yaml') return toYaml(await client.get(r.of, r.namespace || undefined, r.name)).split('\n');
      return (await describeObject(client, r.of, r.namespace || undefined, r.name, clockNowRef.current())).split('\n');
    },
    [client],
  );
  useEffect(() => {
    if (!request) return;
    dispatch({ type: 'requestDone', id: request.id });
    carryOut(request, {
      client,
      dispatch,
      now: () => clockNowRef.current(),
      readText,
      controlClock,
      injectFault,
      traffic,
      editText,
      runShell,
      contexts: props.contexts,
      context: props.context.context,
      kubectl,
      kubectlRuns,
    });
  }, [request, client, controlClock, injectFault, traffic, editText, runShell, kubectl, kubectlRuns]); // eslint-disable-line react-hooks/exhaustive-deps -- props.contexts and props.context are fixed for an App (a switch remounts it)

  // YAML and descriptions follow their object: read again every couple of seconds while on screen. A failed
  // read keeps the last text (the banner says when the server is gone).
  const source = state.text?.source;
  useEffect(() => {
    if (!source) return;
    const t = setInterval(() => {
      readText(source).then(
        (lines) => dispatch({ type: 'text', title: source.title, lines }),
        () => {},
      );
    }, TEXT_REFRESH_MS);
    t.unref?.();
    return () => clearInterval(t);
  }, [source, readText]);

  // A container's log streams into the text view: all of it, or wrapped to the screen's width.
  const logSpec = state.text?.log;
  const { stream: logStream, version: logVersion } = useLogStream(client, logSpec, maxFps);
  const logTitle = state.text?.log ? state.text.title : undefined;
  const logWrap = !!state.text?.wrap;
  useEffect(() => {
    if (!logStream || !logTitle) return;
    const lines = logStream.error ? [...logStream.lines, `(${logStream.error}; trying again)`] : logStream.lines;
    dispatch({ type: 'text', title: logTitle, lines: logWrap ? wrapLines(lines, size.columns - 2) : lines.slice() });
  }, [logStream, logVersion, logTitle, logWrap, size.columns]);

  const { notice } = props;
  useEffect(() => {
    if (notice) dispatch({ type: 'flash', text: notice, level: 'error' });
  }, [notice]);

  const flashId = state.flash?.id;
  useEffect(() => {
    if (flashId === undefined) return;
    const t = setTimeout(() => dispatch({ type: 'clearFlash', id: flashId }), FLASH_MS);
    t.unref?.();
    return () => clearTimeout(t);
  }, [flashId]);

  const ns = state.namespace;
  // The lists are rebuilt when the caches change (at most maxFps times a second) or the namespace does;
  // the ticker's re-renders reuse them and only recompute the cells on screen.
  // While rows are coloured by a recent change, the ticker rebuilds the lists too, so deleted rows leave on time.
  const fading = PANES.some((p) => data.deltas[p].active) ? tick : -1;
  const lists = useMemo(
    () => ({
      namespaces: sortRows(inNamespace(data.deltas.namespaces.withGhosts(data.namespaces.list()), undefined), state.sort, (o) => namespaceRenderer.status(o, 0)),
      pods: sortRows(inNamespace(data.deltas.pods.withGhosts(data.pods.list()), ns), state.sort, (o) => podRenderer.status(o, 0)),
      deployments: sortRows(inNamespace(data.deltas.deployments.withGhosts(data.deployments.list()), ns), state.sort, (o) => deploymentRenderer.status(o, 0)),
      replicasets: sortRows(inNamespace(data.deltas.replicasets.withGhosts(data.replicaSets.list()), ns), state.sort, (o) => replicaSetRenderer.status(o, 0)),
      services: sortRows(inNamespace(data.deltas.services.withGhosts(data.services.list()), ns), state.sort, (o) => serviceRenderer.status(o, 0)),
    }),
    [data, version, ns, fading, state.sort], // `version` stands for the caches' contents
  );
  const keys = useMemo(
    () => Object.fromEntries(PANES.map((p) => [p, rowKeys(lists[p])])) as Record<PaneId, string[]>,
    [lists],
  );
  // On a simulated cluster, the pods and services panes count the requests their pods answered (REQS).
  const counts = useRequestCounts(props.traffic);
  const counted = useMemo(() => {
    const same = <T extends KubeObject>(r: Renderer<T>) => r;
    if (!counts) return { pods: same, services: same };
    // A Service's count is its pods': summed once here from the few pods that answered anything, not per row
    // over every pod (10,000 of them on a big cluster).
    const bySvc = new Map<string, number>();
    for (const [key, n] of Object.entries(counts)) {
      const pod = data.pods.get(key);
      if (!pod) continue;
      for (const svc of data.services.list()) {
        const sel = (svc as { spec?: { selector?: Record<string, string> } }).spec?.selector;
        if (!sel || !Object.keys(sel).length || svc.metadata.namespace !== pod.metadata.namespace) continue;
        if (Object.entries(sel).every(([k, v]) => pod.metadata.labels?.[k] === v)) bySvc.set(objectKey(svc), (bySvc.get(objectKey(svc)) ?? 0) + n);
      }
    }
    // One wrapped renderer per table variant (namespace or all), kept while the counts and the caches stay.
    const made = new Map<unknown, unknown>();
    const wrap = <T extends KubeObject>(r: Renderer<T>, countOf: (o: T) => number) => {
      if (!made.has(r)) made.set(r, withRequests(r, countOf));
      return made.get(r) as Renderer<T>;
    };
    return {
      pods: <T extends KubeObject>(r: Renderer<T>) => wrap(r, (p) => counts[objectKey(p)] ?? 0),
      services: <T extends KubeObject>(r: Renderer<T>) => wrap(r, (svc) => bySvc.get(objectKey(svc)) ?? 0),
    };
  }, [counts, data, version]); // eslint-disable-line react-hooks/exhaustive-deps -- `version` stands for the caches' contents
  const events = useMemo(() => eventsInOrder(data.events.list(), ns), [data, version, ns]);
  const spec = state.view;
  const { view: viewData, version: viewVersion } = useViewData(client, spec?.kind, maxFps);
  const viewFading = viewData?.deltas.active ? tick : -1;
  const now = clockNow();
  const focused = useMemo(
    () => {
      if (!spec || !viewData) return undefined;
      const r = viewRows(spec, viewData, ns, now, (k) => data.services.get(k), state.wide);
      return { ...r, items: sortRows(r.items, state.sort, (o) => r.renderer.status(o, now)) };
    },
    // now only matters to the text filter; the ticker's tick stands for it there.
    [spec, viewData, viewVersion, ns, spec?.filter ? tick : 0, viewFading, state.sort, state.wide], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const viewKeys = useMemo(() => (focused ? rowKeys(focused.items) : []), [focused]);
  const nodes = useMemo(() => data.nodes.list(), [data, version]);
  const usage = useClusterMetrics(client, nodes);

  const height = size.rows - 1; // a frame as tall as the terminal makes Ink clear the screen on every update
  const width = size.columns;
  const L = screenLayout(width, height, !!state.output);
  const beside = L.servicesBeside;
  // ReplicaSet names are their Deployment's plus a hash: give them the larger share.
  const workloadsWidth = beside ? Math.floor(L.rightWidth / 3) : Math.floor(L.rightWidth * 0.45);
  const geometry: Record<PaneId, { width: number; height: number }> = {
    namespaces: { width: L.namespacesWidth, height: L.bodyHeight },
    pods: { width: L.rightWidth, height: L.podsHeight },
    deployments: { width: workloadsWidth, height: L.workloadsHeight },
    replicasets: { width: beside ? workloadsWidth : L.rightWidth - workloadsWidth, height: L.workloadsHeight },
    services: beside
      ? { width: L.rightWidth - 2 * workloadsWidth, height: L.workloadsHeight }
      : { width: L.rightWidth, height: L.servicesHeight },
  };
  const pageSize = (p: PaneId) => Math.max(1, geometry[p].height - PANE_CHROME);

  // Tell the reducer what each pane holds, so that key commands move over the rows the user sees and the
  // cursor stays on its object as rows come and go. Unchanged panes leave the state as it is (no extra render).
  const pageSizes = PANES.map(pageSize);
  const pageSizesKey = pageSizes.join(',');
  useLayoutEffect(() => {
    PANES.forEach((p, i) => dispatch({ type: 'rows', pane: p, keys: keys[p], pageSize: pageSizes[i] ?? 1 }));
  }, [keys, pageSizesKey]); // pageSizesKey stands for pageSizes, a new array on every render
  const viewHeight = L.bodyHeight + L.eventsHeight;
  const helpRows = Math.max(1, helpHeight(height - 2, state.bindings) - 5);
  useLayoutEffect(() => {
    dispatch({ type: 'helpPage', pageSize: helpRows });
  }, [helpRows]);
  useLayoutEffect(() => {
    dispatch({ type: 'textPage', pageSize: Math.max(1, viewHeight - 2) });
  }, [viewHeight, state.text?.title]);
  useLayoutEffect(() => {
    dispatch({ type: 'rows', pane: 'view', keys: viewKeys, pageSize: Math.max(1, viewHeight - PANE_CHROME) });
  }, [viewKeys, viewHeight]);
  // The output pane's size is known before it opens, so that its first lines already fit (and wrap) right.
  const outputRows = Math.max(1, screenLayout(width, height, true).outputHeight - 2);
  useLayoutEffect(() => {
    dispatch({ type: 'outputPage', rows: outputRows, columns: Math.max(1, width - 4) });
  }, [outputRows, width]);

  if (state.shell) return null;

  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return (
      <Box flexDirection="column" width={size.columns}>
        <Text color="red" bold wrap="wrap">
          minik9s needs at least {MIN_COLUMNS}x{MIN_ROWS}, this terminal is {size.columns}x{size.rows}
        </Text>
        <Text dimColor wrap="wrap">
          Enlarge the window, or press q to quit.
        </Text>
      </Box>
    );
  }

  const cursor = (p: PaneId) => resolveCursor(state.cursors[p], keys[p], pageSize(p));
  const nsLabel = ns ?? 'all';
  const err = data.lastError();
  const scope = scopeOf(state);
  const marks = new Set(markedKeys(state));
  // While the output pane has the keys (or the `!` line typed over it), it is the one drawn focused.
  const outputFocused = !!state.output && (scope === 'output' || (scope === 'prompt' && state.promptMode === 'kubectl'));
  const outputPane = state.output ? <OutputPane output={state.output} width={width} height={L.outputHeight} focused={outputFocused} /> : null;
  const markLabel = marks.size ? ` [${marks.size} marked]` : '';
  const pane = (p: PaneId) => {
    const base = {
      title: (p === 'namespaces' ? `${PANE_TITLES[p]}[${lists[p].length}]` : `${PANE_TITLES[p]}(${nsLabel})[${lists[p].length}]`) + sortLabel(state.sort) + (state.focus === p ? markLabel : ''),
      compactTitle: `${PANE_TITLES[p]}[${lists[p].length}]`,
      now,
      width: geometry[p].width,
      height: geometry[p].height,
      focused: state.focus === p && !outputFocused,
      cursor: cursor(p),
      emptyText: data.synced ? 'No resources' : 'Loading…',
      delta: (o: KubeObject) => data.deltas[p].deltaOf(objectKey(o)),
      marked: state.focus === p && marks.size ? (o: KubeObject) => marks.has(objectKey(o)) : undefined,
    };
    switch (p) {
      case 'namespaces':
        return <ResourcePane {...base} items={lists.namespaces} renderer={namespaceRenderer} emphasize={(o) => o.metadata.name === ns} />;
      case 'pods':
        return <ResourcePane {...base} items={lists.pods} renderer={counted.pods(ns === undefined ? allPods : podRenderer)} />;
      case 'deployments':
        return <ResourcePane {...base} items={lists.deployments} renderer={ns === undefined ? allDeployments : deploymentRenderer} />;
      case 'replicasets':
        return <ResourcePane {...base} items={lists.replicasets} renderer={ns === undefined ? allReplicaSets : replicaSetRenderer} />;
      case 'services':
        return <ResourcePane {...base} items={lists.services} renderer={counted.services(ns === undefined ? allServices : serviceRenderer)} />;
    }
  };

  let overlay: { node: ReactNode; width: number; height: number } | undefined;
  if (state.dialog) {
    const d0 = state.dialog;
    const message = dialogQuestion(d0);
    const lines = dialogOptions(d0);
    const input = isForm(d0) ? (d0.input ?? '…') : undefined;
    const d = confirmDialogSize(message, width, lines, input);
    overlay = {
      node: <ConfirmDialog message={message} lines={lines} input={input} error={d0.error} choice={d0.choice} width={d.width} title={isForm(d0) ? '<Edit>' : undefined} />,
      ...d,
    };
  } else if (state.help) {
    const w = Math.min(width - 4, 120);
    const h = helpHeight(height - 2, state.bindings);
    overlay = { node: <Help width={w} maxHeight={h} offset={state.helpOffset} bindings={state.bindings} />, width: w, height: h };
  }

  const bottom =
    state.prompt !== undefined ? <PromptLine text={state.prompt} width={width} mode={state.promptMode} /> : <HintBar scope={scope} kind={tableKind(state)} modes={modesOf(state)} bindings={state.bindings} width={width} />;
  const header = (
    <Header
      width={width}
      context={props.context.context}
      cluster={props.context.cluster}
      user={props.context.user}
      server={props.context.server}
      namespace={ns}
      version={props.serverVersion ?? kubeletVersion(nodes)}
      nodes={nodeSummary(nodes)}
      simulated={props.simulated}
      readonly={state.readonly}
      usage={usage}
      favorites={state.favorites}
      crumbs={spec ? ['overview', ...state.viewStack.map(crumb), crumb(spec)] : undefined}
      clock={clusterClock}
      synced={data.synced}
      error={err === undefined ? undefined : describeApiError(err)}
      flash={state.flash}
    />
  );
  const overlayBox = overlay ? (
    <Box
      position="absolute"
      marginTop={Math.max(0, Math.floor((height - overlay.height) / 2))}
      marginLeft={Math.max(0, Math.floor((width - overlay.width) / 2))}
    >
      {overlay.node}
    </Box>
  ) : null;

  if (state.text) {
    const t = state.text;
    const rows = Math.max(1, viewHeight - 2);
    const lines = t.live === 'timers' ? timerLines(clusterClock, now) : (t.lines ?? ['Loading…']);
    const page = lines.slice(t.offset, t.offset + rows);
    return (
      <Box flexDirection="column" width={width} height={height}>
        {header}
        <Pane title={t.log ? logViewTitle(t, logStream) : t.title} width={width} height={viewHeight} focused>
          {t.log
            ? page.map((l, i) => (
                <Text key={t.offset + i} wrap="truncate">
                  {l.slice(0, width - 2).padEnd(width - 2)}
                </Text>
              ))
            : page.map((l, i) => <YamlLine key={t.offset + i} line={l} width={width - 2} />)}
        </Pane>
        {bottom}
        {overlayBox}
      </Box>
    );
  }

  if (spec && focused && viewData) {
    const shownNs = spec.parent ? (spec.parent.kind === 'Node' ? 'all' : spec.parent.namespace || 'all') : nsLabel;
    const where = spec.kind.namespaced ? `(${shownNs})` : '';
    const extra = [
      spec.parent ? `<${spec.parent.kind.toLowerCase()}/${spec.parent.name}>` : '',
      spec.filter !== undefined ? `</${spec.invert ? '!' : ''}${spec.filter}>` : '',
      spec.labels ? `<${spec.labels}>` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const title = `${viewName(spec)}${where}[${focused.items.length}]${extra ? ` ${extra}` : ''}${sortLabel(state.sort)}${state.wide ? ' [wide]' : ''}${markLabel}`;
    return (
      <Box flexDirection="column" width={width} height={height}>
        {header}
        <ResourcePane
          title={title}
          items={focused.items}
          renderer={focused.renderer}
          now={now}
          width={width}
          height={viewHeight}
          focused={!outputFocused}
          cursor={resolveCursor(state.cursors.view, viewKeys, viewHeight - PANE_CHROME)}
          emptyText={viewData.informer.hasSynced ? 'No resources' : 'Loading…'}
          delta={(o) => viewData.deltas.deltaOf(objectKey(o))}
          marked={marks.size ? (o) => marks.has(objectKey(o)) : undefined}
        />
        {outputPane}
        {bottom}
        {overlayBox}
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      {header}
      <Box flexDirection="row" height={L.bodyHeight}>
        {pane('namespaces')}
        <Box flexDirection="column" width={L.rightWidth}>
          {pane('pods')}
          <Box flexDirection="row" height={L.workloadsHeight}>
            {pane('deployments')}
            {pane('replicasets')}
            {beside ? pane('services') : null}
          </Box>
          {beside ? null : pane('services')}
        </Box>
      </Box>
      {outputPane ?? (
        <ResourcePane
          title={`Events(${nsLabel})[${events.length}]`}
          items={events}
          renderer={ns === undefined ? allEvents : eventRenderer}
          now={now}
          width={width}
          height={L.eventsHeight}
          focused={false}
          emptyText={data.synced ? 'No events' : 'Loading…'}
        />
      )}
      {bottom}
      {overlayBox}
    </Box>
  );
}

/** readHistorySafely reads the `!` history at start; an unreadable one is an empty one. */
function readHistorySafely(kubectl: Kubectl | undefined): readonly string[] {
  try {
    return kubectl?.history?.() ?? [];
  } catch {
    return [];
  }
}

const allPods = withNamespace(podRenderer);
const allDeployments = withNamespace(deploymentRenderer);
const allReplicaSets = withNamespace(replicaSetRenderer);
const allServices = withNamespace(serviceRenderer);
const allEvents = withNamespace(eventRenderer);
