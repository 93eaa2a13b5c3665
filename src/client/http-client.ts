import http from 'node:http';
import https from 'node:https';
import type { KubeObject, ObjectList, Status, WatchEvent } from '../api/types.js';
import { ApiError } from '../api/api-error.js';
import type { PatchType } from '../apiserver/patch.js';
import type { ClientDeleteOptions, ClientListOptions, ClientWatch, ClientWatchOptions, ExecRequest, ExecStream, KubeClient, PodLogOptions, ResourceRef } from './types.js';

/** HttpClientOptions say where the API server is and how to authenticate (from a kubeconfig). */
export interface HttpClientOptions {
  server: string;
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  token?: string;
  insecureSkipTLSVerify?: boolean;
  /** Timeout of ordinary (non-watch) requests. */
  timeoutMs?: number;
  userAgent?: string;
  /** Told the text of every `Warning: 299 - "..."` response header (kubectl prints them on stderr). */
  onWarning?: (text: string) => void;
}

const PATCH_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** resourcePath builds `/api/v1/namespaces/ns/pods/name/sub` or the `/apis/<group>/<version>` form. */
export function resourcePath(r: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.resource}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * ConnectionError is an API server that could not be reached: a 503 ServiceUnavailable to the code that handles
 * server answers, with the address and the socket's error code for those that word it as kubectl does.
 */
export class ConnectionError extends ApiError {
  constructor(
    readonly server: string,
    readonly errorCode: string | undefined,
    readonly detail: string,
  ) {
    super({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'ServiceUnavailable', message: `cannot reach the API server at ${server}: ${errorCode ?? detail}`, code: 503 });
  }
}

/** connectionError turns a socket failure into a Status-shaped error the UI can print in one line. */
function connectionError(server: string, err: Error): ApiError {
  return new ConnectionError(server, (err as NodeJS.ErrnoException).code, err.message);
}

/** RawBody is a request body sent byte for byte, not encoded as JSON. */
export class RawBody {
  constructor(readonly text: string) {}
}

/**
 * HttpClient is the KubeClient that talks to any Kubernetes API server over HTTP(S): the simulated one or a real
 * cluster from a kubeconfig. Lists and gets are JSON; watches stream newline-delimited events.
 */
export class HttpClient implements KubeClient {
  private readonly url: URL;
  private readonly agent: http.Agent;

  constructor(private readonly opts: HttpClientOptions) {
    this.url = new URL(opts.server);
    const tls = this.url.protocol === 'https:';
    this.agent = tls
      ? new https.Agent({ keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: !opts.insecureSkipTLSVerify })
      : new http.Agent({ keepAlive: true });
  }

  get server(): string {
    return this.opts.server;
  }

  /** close drops kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private requestOptions(method: string, path: string, headers: Record<string, string>): http.RequestOptions {
    const base = this.url.pathname.replace(/\/$/, '');
    const h: Record<string, string> = { 'User-Agent': this.opts.userAgent ?? 'minik9s/0.1.0', ...headers };
    if (this.opts.token) h.Authorization = `Bearer ${this.opts.token}`;
    return { method, hostname: this.url.hostname, port: this.url.port, path: base + path, headers: h, agent: this.agent };
  }

  private send(req: http.RequestOptions): (body?: string) => Promise<{ status: number; text: string }> {
    const mod = this.url.protocol === 'https:' ? https : http;
    return (body) =>
      new Promise((resolve, reject) => {
        const r = mod.request(req, (res) => {
          const warning = res.headers.warning;
          if (warning && this.opts.onWarning)
            for (const m of String(warning).matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)) this.opts.onWarning(m[1]!.replace(/\\(.)/g, '$1'));
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        r.setTimeout(this.opts.timeoutMs ?? 30_000, () => r.destroy(new Error('request timed out')));
        r.on('error', (err) => reject(connectionError(this.opts.server, err)));
        r.end(body);
      });
  }

  /** request performs one API call and returns the decoded JSON, or throws ApiError with the server's Status. */
  async request<T>(method: string, path: string, body?: unknown, contentType = 'application/json', accept = 'application/json'): Promise<T> {
    const headers: Record<string, string> = { Accept: accept };
    let text: string | undefined;
    if (body !== undefined) {
      // A RawBody goes as it is (kubectl patch sends the user's patch bytes unchecked, malformed JSON included).
      text = body instanceof RawBody ? body.text : JSON.stringify(body);
      headers['Content-Type'] = contentType;
      // Node frames a DELETE's body only with a length (it sends no chunked encoding for DELETE by default).
      headers['Content-Length'] = String(Buffer.byteLength(text));
    }
    const res = await this.send(this.requestOptions(method, path, headers))(text);
    let parsed: unknown;
    try {
      parsed = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (res.status >= 200 && res.status < 300) return parsed as T;
    const st = parsed as Status | undefined;
    if (st?.kind === 'Status') throw new ApiError(st);
    throw new ApiError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: res.text.trim() || `the server responded with HTTP ${res.status}`,
      reason: res.status === 401 ? 'Unauthorized' : res.status === 403 ? 'Forbidden' : 'Unknown',
      code: res.status,
    });
  }

  /** version reads /version (the header of the dashboard shows gitVersion). */
  version(): Promise<{ gitVersion: string }> {
    return this.request('GET', '/version');
  }

  get<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string): Promise<T> {
    return this.request('GET', resourcePath(r, ns, name));
  }

  list<T extends KubeObject>(r: ResourceRef, ns: string | undefined, o: ClientListOptions = {}): Promise<ObjectList<T>> {
    return this.request('GET', resourcePath(r, ns) + query({ ...o }));
  }

  create<T extends KubeObject>(r: ResourceRef, ns: string | undefined, obj: KubeObject, o: { subresource?: string; name?: string } = {}): Promise<T> {
    return this.request('POST', resourcePath(r, ns, o.subresource ? o.name : undefined, o.subresource), obj);
  }

  update<T extends KubeObject>(r: ResourceRef, ns: string | undefined, obj: KubeObject, o: { subresource?: string } = {}): Promise<T> {
    return this.request('PUT', resourcePath(r, ns, obj.metadata.name, o.subresource), obj);
  }

  patch<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string, type: PatchType, patch: unknown, o: { subresource?: string; fieldManager?: string } = {}): Promise<T> {
    return this.request('PATCH', resourcePath(r, ns, name, o.subresource) + query({ fieldManager: o.fieldManager }), patch, PATCH_TYPES[type]);
  }

  delete(r: ResourceRef, ns: string | undefined, name: string, o: ClientDeleteOptions = {}): Promise<KubeObject> {
    return this.request('DELETE', resourcePath(r, ns, name), { kind: 'DeleteOptions', apiVersion: 'v1', ...o });
  }

  watch(r: ResourceRef, ns: string | undefined, o: ClientWatchOptions, onEvent: (e: WatchEvent) => void): ClientWatch {
    const path =
      resourcePath(r, ns) +
      query({
        watch: 'true',
        resourceVersion: o.resourceVersion,
        labelSelector: o.labelSelector,
        fieldSelector: o.fieldSelector,
        allowWatchBookmarks: o.allowWatchBookmarks ? 'true' : undefined,
        sendInitialEvents: o.sendInitialEvents ? 'true' : undefined,
        resourceVersionMatch: o.sendInitialEvents ? 'NotOlderThan' : undefined,
        timeoutSeconds: 300 + Math.floor(Math.random() * 300),
      });
    let stopped = false;
    const w = this.watchLines(path, 'application/json', (line) => {
      if (stopped) return;
      try {
        onEvent(JSON.parse(line) as WatchEvent);
      } catch {
        // a malformed line ends nothing: the informer relists on the next error anyway
      }
    });
    return {
      done: w.done,
      stop: () => {
        stopped = true;
        w.stop();
      },
    };
  }

  /**
   * watchLines opens a watch at an exact path and query with the given Accept header (kubectl's `get -w` asks for
   * Tables and sends no timeoutSeconds) and hands each line of the stream to onLine as it arrives.
   */
  watchLines(path: string, accept: string, onLine: (line: string) => void): ClientWatch {
    let buf = '';
    return this.stream(path, accept, (chunk) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (line) onLine(line);
      }
    });
  }

  logs(namespace: string, pod: string, o: PodLogOptions, onText: (text: string) => void): ClientWatch {
    const path =
      resourcePath({ group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true }, namespace, pod, 'log') +
      query({
        container: o.container,
        follow: o.follow ? 'true' : undefined,
        previous: o.previous ? 'true' : undefined,
        tailLines: o.tailLines,
        sinceSeconds: o.sinceSeconds,
        sinceTime: o.sinceTime,
        timestamps: o.timestamps ? 'true' : undefined,
        limitBytes: o.limitBytes,
      });
    // Hold back a partial line until its end arrives: callers get whole lines.
    let buf = '';
    const w = this.stream(path, '*/*', (chunk) => {
      buf += chunk;
      const i = buf.lastIndexOf('\n');
      if (i < 0) return;
      const text = buf.slice(0, i + 1);
      buf = buf.slice(i + 1);
      onText(text);
    });
    return { done: w.done.then(() => void (buf && onText(buf))), stop: w.stop };
  }

  /**
   * exec runs a command in a container as kubectl 1.35 does: a WebSocket on pods/NAME/exec speaking
   * v5.channel.k8s.io (each message's first byte is its channel: 0 stdin, 1 stdout, 2 stderr, 3 the final Status,
   * 255 close). The exit code comes from the Status: 0 on Success, else its ExitCode cause.
   */
  exec(namespace: string, pod: string, req: ExecRequest, io: { stdout(data: string): void; stderr(data: string): void }): ExecStream {
    const q = new URLSearchParams();
    for (const c of req.command) q.append('command', c);
    if (req.container) q.set('container', req.container);
    q.set('stdout', 'true');
    q.set('stderr', String(!req.tty));
    q.set('stdin', String(req.stdin));
    q.set('tty', String(req.tty));
    const base = this.url.pathname.replace(/\/$/, '');
    const path = `${base}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/exec?${q}`;
    const wsUrl = `${this.url.protocol === 'https:' ? 'wss' : 'ws'}://${this.url.host}${path}`;
    let socket: import('ws').WebSocket | undefined;
    let closed = false;
    // What is written before the socket opens (piped stdin) waits for it rather than being lost.
    const queued: Buffer[] = [];
    const done = (async () => {
      const { WebSocket } = await import('ws');
      const headers: Record<string, string> = { 'User-Agent': this.opts.userAgent ?? 'minik9s/0.1.0' };
      if (this.opts.token) headers.Authorization = `Bearer ${this.opts.token}`;
      const ws = new WebSocket(wsUrl, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], {
        headers,
        ca: this.opts.ca,
        cert: this.opts.cert,
        key: this.opts.key,
        rejectUnauthorized: !this.opts.insecureSkipTLSVerify,
      });
      socket = ws;
      if (closed) ws.close();
      ws.on('open', () => {
        for (const f of queued.splice(0)) ws.send(f);
      });
      return new Promise<number>((resolve, reject) => {
        let status: Status | undefined;
        ws.on('unexpected-response', (_req, res) => this.rejectWithStatus(res, reject));
        ws.on('error', (err) => reject(connectionError(this.opts.server, err)));
        ws.on('message', (data: Buffer) => {
          const channel = data[0];
          const body = data.subarray(1).toString('utf8');
          if (channel === 1) io.stdout(body);
          else if (channel === 2) io.stderr(body);
          else if (channel === 3) status = JSON.parse(body) as Status;
        });
        ws.on('close', () => {
          if (!status || status.status === 'Success') return resolve(0);
          const code = Number(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message);
          if (Number.isInteger(code)) return resolve(code);
          reject(new ApiError({ ...status, kind: 'Status', apiVersion: 'v1', code: status.code ?? 500 }));
        });
      });
    })();
    const send = (channel: number, data: Buffer) => {
      const frame = Buffer.concat([Buffer.from([channel]), data]);
      if (socket?.readyState === 1) socket.send(frame);
      else if (!closed && (!socket || socket.readyState === 0)) queued.push(frame);
    };
    return {
      done,
      write: (d) => send(0, Buffer.from(d)),
      // v5's close signal for stdin: the command sees end of input and the session carries on to its end.
      closeStdin: () => send(255, Buffer.from([0])),
      close: () => {
        closed = true;
        send(255, Buffer.from([0]));
        socket?.close();
      },
    };
  }

  /** rejectWithStatus reads a refused request's body and rejects with the Status it carries. */
  private rejectWithStatus(res: http.IncomingMessage, reject: (err: unknown) => void): void {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      try {
        reject(new ApiError(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Status));
      } catch {
        reject(connectionError(this.opts.server, new Error(`HTTP ${res.statusCode}`)));
      }
    });
  }

  /**
   * stream opens a long-running GET (a watch, a followed log) and hands its body to onData as it arrives. An
   * answer other than 2xx rejects `done` with the server's Status; stop() ends it quietly.
   */
  private stream(path: string, accept: string, onData: (chunk: string) => void): ClientWatch {
    const mod = this.url.protocol === 'https:' ? https : http;
    let stopped = false;
    let req: http.ClientRequest | undefined;
    const done = new Promise<void>((resolve, reject) => {
      req = mod.request(this.requestOptions('GET', path, { Accept: accept }), (res) => {
        if ((res.statusCode ?? 0) >= 300) return this.rejectWithStatus(res, reject);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (!stopped) onData(chunk);
        });
        res.on('end', () => resolve());
        res.on('error', (err) => (stopped ? resolve() : reject(connectionError(this.opts.server, err))));
      });
      req.on('error', (err) => (stopped ? resolve() : reject(connectionError(this.opts.server, err))));
      req.end();
    });
    return {
      done,
      stop: () => {
        stopped = true;
        req?.destroy();
      },
    };
  }
}
