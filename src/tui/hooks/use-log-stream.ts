import { useCallback, useEffect, useMemo } from 'react';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { mustKind } from '../../api/kinds.js';
import type { ClientWatch, KubeClient } from '../../client/types.js';
import { useThrottledSubscription, type Subscribe } from './use-informer.js';

const podKind = mustKind('v1', 'Pod');

/** The most lines the log view keeps (the kubelet keeps 5,000 per container run too). */
export const LOG_LIMIT = 5000;

/** LogSpec is what the log view shows: a pod's container, and how. */
export interface LogSpec {
  readonly namespace: string;
  readonly pod: string;
  /** Which container, counted over the pod's containers (c moves to the next one); wraps around. */
  readonly container: number;
  /** A container by name (chosen in the containers view); wins over the index until c moves on. */
  readonly containerName?: string;
  /** The previous run of the container (after a restart), not the current one. */
  readonly previous: boolean;
  readonly timestamps: boolean;
  /** Only the lines of the last so many seconds; undefined: all the kubelet kept. */
  readonly sinceSeconds: number | undefined;
}

/**
 * LogStream follows one container's log for the log view, through the client's pods/log: it keeps the last
 * LOG_LIMIT lines, and when the container stops (a crash, a kill) it waits for the kubelet to restart it and goes
 * on with the new run under a marker line, so a crash loop reads as one story. Errors (a container still
 * creating, a pod gone) become a line in the view and a retry, never an exception.
 */
export class LogStream {
  readonly lines: string[] = [];
  /** The container shown (known once the pod was read). */
  container: string | undefined;
  /** The pod's containers, for the title. */
  containers: string[] = [];
  private watch: ClientWatch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly listeners = new Set<() => void>();
  private restarts: number | undefined;
  private failure: string | undefined;

  constructor(
    private readonly client: KubeClient,
    readonly spec: LogSpec,
    /** How long to wait before trying again (a container not started yet, a restart not done). */
    private readonly retryMs = 1000,
  ) {}

  subscribe: Subscribe = (fn) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  private push(text: string): void {
    for (const l of text.split('\n')) this.lines.push(l);
    if (this.lines.length > LOG_LIMIT) this.lines.splice(0, this.lines.length - LOG_LIMIT);
    this.changed();
  }

  /** The error the last attempt met, shown on the view's last line while it retries. */
  get error(): string | undefined {
    return this.failure;
  }

  start(): this {
    void this.open(true);
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    if (this.timer) clearTimeout(this.timer);
  }

  private retry(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.open(false), this.retryMs);
    this.timer.unref?.();
  }

  private async open(first: boolean): Promise<void> {
    const s = this.spec;
    let pod: Pod;
    try {
      pod = (await this.client.get(podKind, s.namespace, s.pod)) as unknown as Pod;
    } catch (err) {
      return this.fail(err);
    }
    if (this.stopped) return;
    this.containers = (pod.spec?.containers ?? []).map((c) => c.name);
    const n = this.containers.length;
    const byName = s.containerName && [...this.containers, ...(pod.spec?.initContainers ?? []).map((c) => c.name)].includes(s.containerName) ? s.containerName : undefined;
    const name = byName ?? (n ? this.containers[((s.container % n) + n) % n] : undefined);
    this.container = name;
    const restarts = pod.status?.containerStatuses?.find((c) => c.name === name)?.restartCount ?? 0;
    if (!first && this.restarts !== undefined && restarts === this.restarts && !this.failure) {
      // The run we followed has ended and the kubelet has not started the next one yet.
      return this.retry();
    }
    if (!first && this.restarts !== undefined && restarts > this.restarts) this.push(`──── container ${name} restarted (restart ${restarts}) ────`);
    this.restarts = restarts;
    const follow = !s.previous;
    const w = this.client.logs(s.namespace, s.pod, { container: name, follow, previous: s.previous, timestamps: s.timestamps, sinceSeconds: s.sinceSeconds }, (text) => {
      this.failure = undefined; // it reads again
      this.push(text.endsWith('\n') ? text.slice(0, -1) : text);
    });
    this.watch = w;
    try {
      await w.done;
      if (this.failure) {
        this.failure = undefined;
        this.changed();
      }
    } catch (err) {
      return this.fail(err);
    }
    if (follow) this.retry(); // the container stopped: wait for its next run
  }

  private fail(err: unknown): void {
    if (this.stopped) return;
    this.failure = err instanceof Error ? err.message : String(err);
    this.changed();
    this.retry();
  }
}

/** useLogStream runs a LogStream while the log view shows `spec`, re-rendering at most maxFps times a second. */
export function useLogStream(client: KubeClient, spec: LogSpec | undefined, maxFps: number): { stream: LogStream | undefined; version: number } {
  // The spec object changes with every state update; the stream only with what it reads.
  const key = spec ? JSON.stringify(spec) : '';
  const stream = useMemo(() => (spec ? new LogStream(client, spec) : undefined), [client, key]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    stream?.start();
    return () => stream?.stop();
  }, [stream]);
  const subscribe = useCallback<Subscribe>((fn) => (stream ? stream.subscribe(fn) : () => {}), [stream]);
  const version = useThrottledSubscription(subscribe, maxFps);
  return { stream, version };
}
