import type { KubeObject, ObjectList, WatchEvent } from '../api/types.js';
import { kindForResource, mustKind, type KindInfo } from '../api/kinds.js';
import type { Registry } from '../apiserver/registry.js';
import type { PatchType } from '../apiserver/patch.js';
import { badRequest, notFound } from '../apiserver/errors.js';
import type { NodeConnector } from '../apiserver/node-connector.js';
import { openPodLog } from '../apiserver/logs.js';
import { execTarget } from '../apiserver/exec.js';
import type { Activity } from '../cluster/activity.js';
import type { ClientDeleteOptions, ClientListOptions, ClientWatch, ClientWatchOptions, ExecRequest, ExecStream, KubeClient, PodLogOptions, ResourceRef } from './types.js';

const podKind = mustKind('v1', 'Pod');

/**
 * LocalClient is the in-process KubeClient the controllers, scheduler and kubelets use: it calls the registry
 * directly (same validation, admission and conflicts as HTTP) and delivers watch events asynchronously, in order.
 */
export class LocalClient implements KubeClient {
  constructor(
    private readonly registry: Registry,
    private readonly activity: Activity,
    /** The kubelets, for pods/log (absent: a client of a registry with no nodes). */
    private readonly nodes?: NodeConnector,
  ) {}

  private kind(r: ResourceRef): KindInfo {
    const k = kindForResource(r.group, r.resource);
    if (!k) throw notFound({ group: r.group, resource: r.resource }, '');
    return k;
  }

  /** call runs a registry operation on a later microtask, as a network call would, and counts it as activity. */
  private call<T>(fn: () => T): Promise<T> {
    return this.activity.track(Promise.resolve().then(fn));
  }

  get<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string): Promise<T> {
    return this.call(() => this.registry.get(this.kind(r), ns, name) as T);
  }

  list<T extends KubeObject>(r: ResourceRef, ns: string | undefined, opts: ClientListOptions = {}): Promise<ObjectList<T>> {
    return this.call(() => this.registry.list(this.kind(r), ns, opts) as ObjectList<T>);
  }

  create<T extends KubeObject>(r: ResourceRef, ns: string | undefined, obj: KubeObject, opts: { subresource?: string; name?: string } = {}): Promise<T> {
    return this.call(() => {
      if (opts.subresource) return this.registry.createSubresource(this.kind(r), ns, opts.name ?? '', opts.subresource, obj) as T;
      return this.registry.create(this.kind(r), ns, obj) as T;
    });
  }

  update<T extends KubeObject>(r: ResourceRef, ns: string | undefined, obj: KubeObject, opts: { subresource?: string } = {}): Promise<T> {
    return this.call(() => this.registry.update(this.kind(r), ns, obj.metadata.name ?? '', obj, opts) as T);
  }

  patch<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string, type: PatchType, patch: unknown, opts: { subresource?: string } = {}): Promise<T> {
    // The scale subresource takes an autoscaling/v1 Scale patch, as over HTTP (kubectl scale, the dashboard's s).
    if (opts.subresource === 'scale') return this.call(() => this.registry.updateScale(this.kind(r), ns, name, patch as KubeObject, type) as T);
    return this.call(() => this.registry.patch(this.kind(r), ns, name, type, patch, opts) as T);
  }

  delete(r: ResourceRef, ns: string | undefined, name: string, opts: ClientDeleteOptions = {}): Promise<KubeObject> {
    return this.call(() => this.registry.delete(this.kind(r), ns, name, opts));
  }

  watch(r: ResourceRef, ns: string | undefined, opts: ClientWatchOptions, onEvent: (e: WatchEvent) => void): ClientWatch {
    const queue: WatchEvent[] = [];
    let scheduled = false;
    let stopped = false;
    let resolveDone!: () => void;
    let rejectDone!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolveDone = res;
      rejectDone = rej;
    });
    const flush = () => {
      scheduled = false;
      const batch = queue.splice(0);
      try {
        for (const e of batch) if (!stopped) onEvent(e);
      } finally {
        this.activity.end();
      }
    };
    const sink = (e: WatchEvent) => {
      if (stopped) return;
      queue.push(e);
      if (!scheduled) {
        scheduled = true;
        this.activity.begin();
        queueMicrotask(flush);
      }
    };
    let handle: { stop(): void } | undefined;
    try {
      handle = this.registry.watch(this.kind(r), ns, opts, sink);
    } catch (err) {
      stopped = true;
      queueMicrotask(() => rejectDone(err));
    }
    return {
      done,
      stop: () => {
        if (stopped) return;
        stopped = true;
        handle?.stop();
        resolveDone();
      },
    };
  }

  logs(namespace: string, pod: string, opts: PodLogOptions, onText: (text: string) => void): ClientWatch {
    let stop = () => {};
    let stopped = false;
    let settle!: () => void;
    const done = new Promise<void>((resolve, reject) => {
      settle = resolve;
      // On a later microtask, as a network call would: the caller has its handle before any text arrives.
      queueMicrotask(() => {
        if (stopped) return resolve();
        try {
          stop = openPodLog(this.registry, podKind, this.nodes, namespace, pod, opts, (t) => !stopped && onText(t), resolve);
        } catch (err) {
          reject(err);
        }
      });
    });
    return {
      done,
      stop: () => {
        if (stopped) return;
        stopped = true;
        stop();
        settle();
      },
    };
  }

  exec(namespace: string, pod: string, req: ExecRequest, io: { stdout(data: string): void; stderr(data: string): void }): ExecStream {
    let session: { input(d: string): void; closeStdin(): void } | undefined;
    let finish!: (code: number) => void;
    let fail!: (err: unknown) => void;
    const done = new Promise<number>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    queueMicrotask(() => {
      try {
        const t = execTarget(this.registry, this.nodes, namespace, pod, req.container);
        const s = t.nodes.exec(t.pod, t.container, req.command, { stdin: req.stdin, tty: req.tty }, { stdout: io.stdout, stderr: io.stderr, exit: finish });
        if ('error' in s) throw badRequest(s.error);
        session = s;
        s.start();
      } catch (err) {
        fail(err);
      }
    });
    return {
      done,
      write: (d) => session?.input(d),
      close: () => session?.closeStdin(),
    };
  }
}
