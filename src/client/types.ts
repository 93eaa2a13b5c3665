import type { KubeObject, ObjectList, WatchEvent } from '../api/types.js';
import type { PatchType } from '../apiserver/patch.js';
import type { PodLogOptions } from '../apiserver/logs.js';

export type { PodLogOptions };

/** ResourceRef names a resource the way a client addresses it; the kind registry's KindInfo is one. */
export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

/** ClientListOptions select and page a list. */
export interface ClientListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

/** ClientWatchOptions start a watch. */
export interface ClientWatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

/** ClientDeleteOptions mirror metav1.DeleteOptions. */
export interface ClientDeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** ExecRequest is what `kubectl exec` asks for: a command in a container, with stdin and a terminal or not. */
export interface ExecRequest {
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/**
 * ExecStream is a running exec: what the user types goes in with write(), stdout and stderr come out through the
 * callbacks given, and `done` settles with the command's exit code (a refusal rejects it with the Status).
 */
export interface ExecStream {
  write(data: string): void;
  /** Closes stdin only (end of input, as a pipe's end); the session runs on to its end. */
  closeStdin?(): void;
  /** Ends the session from this side (stdin closed, connection gone). */
  close(): void;
  readonly done: Promise<number>;
}

/** ClientWatch is a running watch: stop() ends it; `done` settles when it ends for any reason. */
export interface ClientWatch {
  stop(): void;
  readonly done: Promise<void>;
}

/**
 * KubeClient is the one client interface of minik9s: the controllers use it in-process, the dashboard and the
 * built-in kubectl over HTTP, with the same semantics (errors are ApiError carrying the server's Status).
 */
export interface KubeClient {
  get<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, name: string): Promise<T>;
  list<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, opts?: ClientListOptions): Promise<ObjectList<T>>;
  create<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, obj: KubeObject, opts?: { subresource?: string; name?: string }): Promise<T>;
  update<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, obj: KubeObject, opts?: { subresource?: string }): Promise<T>;
  patch<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: { subresource?: string; fieldManager?: string }): Promise<T>;
  delete(r: ResourceRef, namespace: string | undefined, name: string, opts?: ClientDeleteOptions): Promise<KubeObject>;
  /** Streams events to onEvent until stopped or the server ends the watch; errors end it with `done` rejected. */
  watch(r: ResourceRef, namespace: string | undefined, opts: ClientWatchOptions, onEvent: (e: WatchEvent) => void): ClientWatch;
  /**
   * Reads a container's log (pods/NAME/log): text arrives in chunks of whole lines; with `follow` it keeps coming
   * until the container stops (`done` resolves) or stop() is called. A refused request rejects `done` with the
   * server's Status.
   */
  logs(namespace: string, pod: string, opts: PodLogOptions, onText: (text: string) => void): ClientWatch;
  /** Runs a command in a pod's container (pods/NAME/exec), as kubectl exec does. */
  exec(namespace: string, pod: string, req: ExecRequest, io: { stdout(data: string): void; stderr(data: string): void }): ExecStream;
}
