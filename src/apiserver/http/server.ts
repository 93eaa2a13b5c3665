import { encodeObject } from '../../store/encode.js';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { KubeObject, WatchEvent } from '../../api/types.js';
import { kindForResource, type KindInfo } from '../../api/kinds.js';
import { ApiError } from '../../api/api-error.js';
import type { Registry, DeleteOptions } from '../registry.js';
import { badRequest, failure, internalError, methodNotAllowed } from '../errors.js';
import { patchTypeOf } from '../patch.js';
import {
  AGGREGATED_DISCOVERY_TYPE,
  aggregatedDiscovery,
  legacyCoreVersions,
  legacyGroup,
  legacyGroupList,
  resourceList,
  versionInfo,
} from './discovery.js';
import { toTable, wantsTable, type IncludeObject } from './tables.js';
import { openapiDocument, openapiIndex } from './openapi.js';
import {
  applyUnknownFieldMessage,
  checkUnknownFields,
  goMapString,
  patchStrictCause,
  patchStrictMessage,
  pruneFields,
  strictDecodingErrors,
  strictDecodingMessage,
  warningHeader,
} from '../../api/schema/field-check.js';
import { serveLog } from './logs.js';
import { CLOCK_PATH, serveClock } from './clock-api.js';
import { FAULTS_PATH, serveFault, type FaultInjector } from './faults-api.js';
import { NODES_PATH, serveNodes, type NodeManager } from './nodes-api.js';
import { ADDONS_PATH, serveAddons, type AddonManager } from './addons-api.js';
import { IMAGES_PATH, serveImages, type ImageStore } from './images-api.js';
import { SERVICES_PATH, serveServices, type ServiceURLs } from './services-api.js';
import { TUNNEL_PATH, serveTunnel, type TunnelHost } from './tunnel-api.js';
import { TRAFFIC_PATH, serveTraffic, type TrafficSource } from './traffic-api.js';
import { METRICS_GROUP, METRICS_VERSION, serveMetrics } from './metrics.js';
import { attachExec } from './exec.js';
import { decodeProtobufObject, isProtobufContentType, ProtobufError } from './protobuf.js';
import type { NodeConnector } from '../node-connector.js';

/** The largest request body accepted, as kube-apiserver's 3 MiB limit. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** How often a quiet watch that allows bookmarks gets one (kube-apiserver sends them about every minute). */
const BOOKMARK_INTERVAL_MS = 60_000;

const ENDPOINTS_WARNING = '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"';

/** ApiServerOptions configure the HTTP front of the API server. */
export interface ApiServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** The Kubernetes version `/version` reports (the cluster's). */
  version?: string;
  /** Told about every request (method, path, status, milliseconds). */
  log?: (line: string) => void;
  /**
   * Serve HTTPS with these PEMs and require a client certificate signed by `ca` (anonymous requests get 401
   * Unauthorized, except the public health and version endpoints). Without it the server speaks plain HTTP and
   * trusts every caller: only in-process tests do that.
   */
  tls?: { key: string; cert: string; ca: string };
  /** Reaches the kubelets, for pods/log. */
  nodes?: NodeConnector;
  /** Switches addons on /minik9s/v1/addons, and says whether metrics.k8s.io is served (the simulated cluster). */
  addons?: AddonManager;
  /** Lists, adds and removes the simulated nodes on /minik9s/v1/nodes (the simulated cluster). */
  nodeManager?: NodeManager;
  /** Carries out fault injections posted to /minik9s/v1/faults (the simulated cluster). */
  faults?: FaultInjector;
  /** Holds the nodes' images for /minik9s/v1/images (the simulated cluster). */
  images?: ImageStore;
  /** Knows the node ports' URLs for /minik9s/v1/services (the hosted cluster's listeners). */
  services?: ServiceURLs;
  /** Opens `minik9s tunnel` for /minik9s/v1/tunnel (LoadBalancer Services on 127.0.0.1). */
  tunnel?: TunnelHost;
  /** Request counts and bursts for /minik9s/v1/traffic (the simulated cluster). */
  traffic?: TrafficSource;
}

/** The paths kube-apiserver's system:public-info-viewer role opens to anyone. */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

const UNAUTHORIZED = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });

/** RunningApiServer is a listening API server. */
export interface RunningApiServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const encode = encodeObject;

interface Route {
  kind: KindInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** parseResourcePath maps `/api/v1/namespaces/ns/pods/name/status` (and the /apis form) to a route. */
export function parseResourcePath(segments: string[]): Route | ApiError | undefined {
  let group = '';
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') {
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    group = segments[1] ?? '';
    version = segments[2];
    rest = segments.slice(3);
  } else return undefined;
  if (!version || rest.length === 0) return undefined;
  let namespace: string | undefined;
  // `namespaces/<ns>/<resource>...` is a namespaced path, unless it is the namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const kind = kindForResource(group, rest[0]!);
  if (!kind || kind.version !== version) return failure(404, 'NotFound', 'the server could not find the requested resource');
  if (namespace !== undefined && !kind.namespaced) return failure(404, 'NotFound', 'the server could not find the requested resource');
  const route: Route = { kind, namespace, name: rest[1], subresource: rest[2] };
  if (rest.length > 3) return failure(404, 'NotFound', 'the server could not find the requested resource');
  if (kind.kind === 'Namespace' && route.name) route.namespace = undefined;
  return route;
}

/** invalidStatus is a 422 Invalid whose message is `<kind> "<name>" is invalid: <field message>`. */
function invalidStatus(kind: string, name: string, fieldMessage: string, field: string, reason: string) {
  return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${fieldMessage}`, { name, kind: kind.split('.')[0], causes: [{ reason, message: fieldMessage.slice(field.length + 2), field }] });
}

/**
 * asStatusError turns a crash while decoding a body of the wrong shape (a number where a list belongs, ...) into
 * the 400 kube-apiserver gives when it cannot decode into the typed object; real bugs stay 500s.
 */
function asStatusError(err: unknown, req: http.IncomingMessage): unknown {
  if (err instanceof TypeError && req.method !== 'GET' && req.method !== 'HEAD')
    return badRequest(`the object in the request cannot be handled: ${err.message}`);
  return err;
}

/**
 * Answers to writes wait for the store to have them on disk (Store.sync): an acknowledged write survives a crash.
 * startApiServer registers the wait for each write request; sendJSON honours it, whatever path answers.
 */
const syncBeforeAnswer = new WeakMap<http.ServerResponse, () => Promise<void>>();

function sendJSON(res: http.ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const sync = syncBeforeAnswer.get(res);
  if (sync) {
    syncBeforeAnswer.delete(res);
    sync().then(
      () => writeJSON(res, code, body, contentType),
      (err) => {
        const e = internalError(err);
        writeJSON(res, e.status.code, e.status);
      },
    );
    return;
  }
  writeJSON(res, code, body, contentType);
}

function writeJSON(res: http.ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

function sendError(res: http.ServerResponse, err: unknown): void {
  const e = err instanceof ApiError ? err : internalError(err);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJSON(res, e.status.code, e.status);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY_BYTES}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY_BYTES}`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** decodeBody reads a JSON, YAML or Kubernetes protobuf request body into a plain object. */
async function decodeBody(buf: Buffer, contentType: string | undefined): Promise<unknown> {
  const ct = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (isProtobufContentType(ct)) {
    try {
      return decodeProtobufObject(buf);
    } catch (err) {
      if (err instanceof ProtobufError) throw failure(err.status, err.reason, err.message);
      throw err;
    }
  }
  if (!ct.endsWith('json') && !ct.endsWith('yaml'))
    throw failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  const text = buf.toString('utf8');
  if (!text.trim()) throw badRequest('the request body is empty');
  if (ct.endsWith('yaml')) {
    const YAML = (await import('yaml')).default; // loaded on the first YAML body only
    try {
      return YAML.parse(text);
    } catch (err) {
      throw badRequest(`error converting YAML to JSON: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

const num = (v: string | null): number | undefined => {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badRequest(`invalid integer value: ${v}`);
  return n;
};

/**
 * startApiServer serves the Kubernetes HTTP API for a registry on 127.0.0.1: discovery, version and health,
 * and every resource path with Tables, watches, patches and Status errors as kube-apiserver answers them.
 */
export function startApiServer(registry: Registry, opts: ApiServerOptions = {}): Promise<RunningApiServer> {
  const watches = new Set<() => void>();
  // metrics.k8s.io is served unless the metrics-server addon is off (always, for a registry without addons).
  const metricsOn = () => opts.addons?.addonEnabled('metrics-server') ?? true;
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = Date.now();
    res.on('finish', () => opts.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    if (opts.tls && !(req.socket as TLSSocket).authorized) {
      const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
      if (!PUBLIC_PATHS.has(path)) {
        req.resume();
        return sendJSON(res, 401, UNAUTHORIZED);
      }
    }
    const store = registry.store;
    if (store.sync && req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') syncBeforeAnswer.set(res, () => store.sync!());
    handle(req, res).catch((err) => sendError(res, asStatusError(err, req)));
  };
  const server = opts.tls
    ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert, ca: opts.tls.ca, requestCert: true, rejectUnauthorized: false }, onRequest)
    : http.createServer(onRequest);
  server.keepAliveTimeout = 60_000;
  const streams = attachExec(server as http.Server, registry, opts.nodes, !!opts.tls);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(`http://127.0.0.1${req.url ?? '/'}`) // never protocol-relative, even for '//...';
    const q = url.searchParams;
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const accept = req.headers.accept;
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';

    if (path === '/healthz' || path === '/livez' || path === '/readyz') return sendJSON(res, 200, 'ok', 'text/plain; charset=utf-8');
    if (path === '/version') return sendJSON(res, 200, versionInfo(opts.version));
    if (path === SERVICES_PATH) return sendJSON(res, 200, serveServices(opts.services, method));
    if (path === TRAFFIC_PATH) {
      const body = method === 'POST' ? await decodeBody(await readBody(req), req.headers['content-type']) : undefined;
      return sendJSON(res, 200, serveTraffic(opts.traffic, method, body));
    }
    if (path === TUNNEL_PATH) {
      syncBeforeAnswer.delete(res); // a stream, not an answer to a write
      return serveTunnel(opts.tunnel, req, res);
    }
    if (path === IMAGES_PATH) {
      const body = method === 'POST' ? await decodeBody(await readBody(req), req.headers['content-type']) : undefined;
      return sendJSON(res, 200, serveImages(opts.images, method, body));
    }
    if (path === ADDONS_PATH) {
      const body = method === 'POST' ? await decodeBody(await readBody(req), req.headers['content-type']) : undefined;
      return sendJSON(res, 200, await serveAddons(opts.addons, method, body));
    }
    if (path === NODES_PATH || path.startsWith(`${NODES_PATH}/`)) {
      const name = path.length > NODES_PATH.length ? decodeURIComponent(path.slice(NODES_PATH.length + 1)) : undefined;
      return sendJSON(res, 200, await serveNodes(opts.nodeManager, method, name));
    }
    if (path === FAULTS_PATH) {
      const body = method === 'POST' ? await decodeBody(await readBody(req), req.headers['content-type']) : undefined;
      return sendJSON(res, 200, await serveFault(opts.faults, method, body));
    }
    if (path === CLOCK_PATH) {
      const body = method === 'POST' ? await decodeBody(await readBody(req), req.headers['content-type']) : undefined;
      return sendJSON(res, 200, serveClock(registry.clock, method, body));
    }
    if (path === '/openapi/v3') return sendJSON(res, 200, openapiIndex());
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapiDocument(path.slice('/openapi/v3/'.length));
      return doc ? sendJSON(res, 200, doc) : sendError(res, failure(404, 'NotFound', 'the server could not find the requested resource'));
    }
    if (path === '/api' || path === '/apis') {
      const core = path === '/api';
      if (accept?.includes('g=apidiscovery.k8s.io') && accept.includes('v=v2'))
        return sendJSON(res, 200, aggregatedDiscovery(core, metricsOn()), AGGREGATED_DISCOVERY_TYPE);
      return sendJSON(res, 200, core ? legacyCoreVersions(`${req.socket.localAddress}:${req.socket.localPort}`) : legacyGroupList(metricsOn()));
    }
    if (segments[0] === 'apis' && segments.length === 2) {
      const g = legacyGroup(segments[1]!, metricsOn());
      return g ? sendJSON(res, 200, g) : sendError(res, failure(404, 'NotFound', 'the server could not find the requested resource'));
    }
    if ((segments[0] === 'api' && segments.length === 2) || (segments[0] === 'apis' && segments.length === 3)) {
      const list = segments[0] === 'api' ? resourceList('', segments[1]!) : resourceList(segments[1]!, segments[2]!, metricsOn());
      return list ? sendJSON(res, 200, list) : sendError(res, failure(404, 'NotFound', 'the server could not find the requested resource'));
    }
    if (segments[0] === 'apis' && segments[1] === METRICS_GROUP && segments[2] === METRICS_VERSION && segments.length > 3) {
      if (!metricsOn()) return sendError(res, failure(404, 'NotFound', 'the server could not find the requested resource'));
      if (method !== 'GET') throw methodNotAllowed();
      return sendJSON(res, 200, serveMetrics(registry, segments.slice(3), q));
    }
    const route = parseResourcePath(segments);
    if (!route) return sendError(res, failure(404, 'NotFound', 'the server could not find the requested resource'));
    if (route instanceof ApiError) return sendError(res, route);
    const { kind, namespace, name, subresource } = route;
    if (kind.kind === 'Endpoints') res.setHeader('Warning', ENDPOINTS_WARNING);
    const dryRun = q.getAll('dryRun').includes('All');
    // Without ?fieldManager= the manager is named after the client, from its User-Agent (`kubectl/v1.35 ...`).
    const userAgent = String(req.headers['user-agent'] ?? '').split('/')[0]!.trim();
    const write = { dryRun, fieldManager: q.get('fieldManager') || userAgent || undefined, subresource };
    const table = wantsTable(accept);
    const include = (q.get('includeObject') ?? 'Metadata') as IncludeObject;
    const now = registry.clock.now();

    if (!name) {
      // Collection.
      switch (method) {
        case 'GET': {
          if (q.get('watch') === 'true' || q.get('watch') === '1') return watch(req, res, kind, namespace, q, table, include);
          const list = registry.list(kind, namespace, {
            labelSelector: q.get('labelSelector') ?? undefined,
            fieldSelector: q.get('fieldSelector') ?? undefined,
            limit: num(q.get('limit')),
            continue: q.get('continue') ?? undefined,
          });
          if (table) return sendJSON(res, 200, toTable(kind, list.items, list.metadata as unknown as Record<string, unknown>, now, include));
          const head = JSON.stringify({ kind: list.kind, apiVersion: list.apiVersion, metadata: list.metadata });
          return sendJSON(res, 200, `${head.slice(0, -1)},"items":[${list.items.map(encode).join(',')}]}`);
        }
        case 'POST': {
          const buf = await readBody(req);
          const body = (await decodeBody(buf, req.headers['content-type'])) as KubeObject;
          validateFields(res, kind, buf, body, req.headers['content-type'], q);
          const created = registry.create(kind, namespace, body, write);
          return sendJSON(res, 201, table ? toTable(kind, [created], {}, now, include) : encode(created));
        }
        case 'DELETE': {
          const buf = await readBody(req);
          const opts = await deleteOptions(buf, q, req.headers['content-type']);
          const list = registry.deleteCollection(kind, namespace, { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined }, opts);
          return sendJSON(res, 200, list);
        }
        default:
          throw methodNotAllowed();
      }
    }

    switch (method) {
      case 'GET': {
        if (subresource === 'scale') return sendJSON(res, 200, registry.getScale(kind, namespace, name));
        if (subresource === 'log' && kind.kind === 'Pod') return serveLog(req, res, registry, kind, opts.nodes, namespace, name, q);
        if (subresource && subresource !== 'status') throw failure(404, 'NotFound', 'the server could not find the requested resource');
        const obj = registry.get(kind, namespace, name);
        return sendJSON(res, 200, table ? toTable(kind, [obj], { resourceVersion: obj.metadata.resourceVersion }, now, include) : encode(obj));
      }
      case 'PUT': {
        const buf = await readBody(req);
        const body = (await decodeBody(buf, req.headers['content-type'])) as KubeObject;
        if (subresource !== 'scale') validateFields(res, kind, buf, body, req.headers['content-type'], q);
        if (subresource === 'scale') return sendJSON(res, 200, registry.updateScale(kind, namespace, name, body, undefined, write));
        return sendJSON(res, 200, encode(registry.update(kind, namespace, name, body, write)));
      }
      case 'PATCH': {
        const type = patchTypeOf(req.headers['content-type']);
        if (!type)
          throw failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
        const body = await decodeBody(await readBody(req), type === 'apply' ? 'application/yaml' : 'application/json');
        if (subresource === 'scale') return sendJSON(res, 200, registry.updateScale(kind, namespace, name, body as KubeObject, type, write));
        if (type === 'apply' && !q.get('fieldManager'))
          throw invalidStatus('PatchOptions.meta.k8s.io', '', 'fieldManager: Required value: is required for apply patch', 'fieldManager', 'FieldValueRequired');
        // Server-side apply creates an absent object, and says so with 201.
        const existed = !!registry.store.get(registry.keyOf(kind, namespace, name));
        if (type === 'apply') {
          // Server-side apply refuses undeclared fields whatever fieldValidation says. kube-apiserver answers
          // that with a 500; here it is a 400, so no input of a client's ever looks like a server failure.
          const unknown = checkUnknownFields(kind, body);
          if (unknown.length) throw badRequest(applyUnknownFieldMessage(kind, namespace ?? '', name, unknown));
        }
        const mode = fieldValidationMode(q);
        const check = (patched: KubeObject) => {
          if (type === 'apply') return;
          const unknown = checkUnknownFields(kind, patched);
          if (!unknown.length) return;
          if (mode !== 'Strict') {
            if (mode === 'Warn') res.setHeader('Warning', unknown.map((u) => warningHeader(`unknown field "${u}"`)));
            pruneFields(patched, unknown);
            return;
          }
          const value = type === 'strategic' ? goMapString(body) : JSON.stringify(patched);
          throw failure(422, 'Invalid', patchStrictMessage(value, unknown), {
            name: '',
            kind: '',
            causes: [{ reason: 'FieldValueInvalid', message: patchStrictCause(value, unknown), field: 'patch' }],
          });
        };
        const out = registry.patch(kind, namespace, name, type, body, { ...write, force: q.get('force') === 'true', check });
        return sendJSON(res, existed || subresource ? 200 : 201, encode(out));
      }
      case 'POST': {
        if (!subresource) throw methodNotAllowed();
        const body = await decodeBody(await readBody(req), req.headers['content-type']) as KubeObject;
        return sendJSON(res, 201, registry.createSubresource(kind, namespace, name, subresource, body));
      }
      case 'DELETE': {
        if (subresource) throw methodNotAllowed();
        const opts = await deleteOptions(await readBody(req), q, req.headers['content-type']);
        return sendJSON(res, 200, encode(registry.delete(kind, namespace, name, opts)));
      }
      default:
        throw methodNotAllowed();
    }
  }

  /** fieldValidationMode reads ?fieldValidation=; absent means Warn, as in kube-apiserver. */
  function fieldValidationMode(q: URLSearchParams): 'Strict' | 'Warn' | 'Ignore' {
    const v = q.get('fieldValidation');
    if (v === null || v === '') return 'Warn';
    if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
    throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict": got ${JSON.stringify(v)}`);
  }

  /**
   * validateFields checks a create or update body for fields the kind's schema does not have (and, in JSON, for
   * duplicate keys): Strict refuses with kube-apiserver's 400, Warn adds Warning headers, Ignore does nothing.
   */
  function validateFields(res: http.ServerResponse, kind: KindInfo, buf: Buffer, body: KubeObject, contentType: string | undefined, q: URLSearchParams): void {
    const mode = fieldValidationMode(q);
    if (isProtobufContentType((contentType ?? '').split(';')[0]!.trim().toLowerCase())) return; // protobuf has no unknown fields
    const ct = (contentType ?? 'application/json').toLowerCase();
    if (mode !== 'Ignore') {
      const problems = ct.includes('json') ? strictDecodingErrors(kind, buf.toString('utf8')).messages : checkUnknownFields(kind, body).map((p) => `unknown field "${p}"`);
      if (problems.length && mode === 'Strict') throw badRequest(strictDecodingMessage(kind, problems));
      if (problems.length) res.setHeader('Warning', problems.map(warningHeader));
    }
    pruneFields(body, checkUnknownFields(kind, body));
  }

  async function deleteOptions(buf: Buffer, q: URLSearchParams, contentType: string | undefined): Promise<DeleteOptions> {
    let body: DeleteOptions & { dryRun?: unknown } = {};
    if (buf.length && buf.toString('utf8').trim()) {
      const parsed = await decodeBody(buf, contentType); // helm sends DeleteOptions as protobuf
      if (typeof parsed !== 'object' || parsed === null) throw badRequest('the DeleteOptions body must be an object');
      body = parsed as DeleteOptions;
    }
    const opts: DeleteOptions = {
      gracePeriodSeconds: num(q.get('gracePeriodSeconds')) ?? body.gracePeriodSeconds,
      propagationPolicy: (q.get('propagationPolicy') as DeleteOptions['propagationPolicy']) ?? body.propagationPolicy,
      preconditions: body.preconditions,
      dryRun: q.getAll('dryRun').includes('All') || (Array.isArray(body.dryRun) && body.dryRun.includes('All')),
    };
    const p = opts.propagationPolicy;
    if (p && p !== 'Background' && p !== 'Foreground' && p !== 'Orphan')
      throw failure(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${p}": supported values: "Foreground", "Background", "Orphan"`);
    return opts;
  }

  function watch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    kind: KindInfo,
    namespace: string | undefined,
    q: URLSearchParams,
    table: boolean,
    include: IncludeObject,
  ): void {
    let first = true;
    const line = (e: WatchEvent): string => {
      if (!table || e.type === 'BOOKMARK' || e.type === 'ERROR') return `{"type":"${e.type}","object":${encode(e.object)}}\n`;
      const t = toTable(kind, [e.object], { resourceVersion: e.object.metadata.resourceVersion }, registry.clock.now(), include, first);
      first = false;
      return `{"type":"${e.type}","object":${JSON.stringify(t)}}\n`;
    };
    // Events wait in `pending` until the store has their writes on disk (a watcher must never see a write that a
    // crash could take back), then go out together: one socket write per group commit, not one per event.
    const pending: string[] = [];
    let started = false;
    let waiting = false;
    const drain = () => {
      waiting = false;
      const text = pending.splice(0).join('');
      if (text && !res.writableEnded) res.write(text);
    };
    const send = (l: string) => {
      pending.push(l);
      if (!started || waiting) return;
      if (!registry.store.sync) return drain();
      waiting = true;
      // On a failing disk the events still go out: the cluster acts on what is in memory, and so may watchers.
      registry.store.sync().then(drain, drain);
    };
    const sink = (e: WatchEvent) => send(line(e));
    const handle = registry.watch(
      kind,
      namespace,
      {
        labelSelector: q.get('labelSelector') ?? undefined,
        fieldSelector: q.get('fieldSelector') ?? undefined,
        resourceVersion: q.get('resourceVersion') ?? undefined,
        allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
        sendInitialEvents: q.get('sendInitialEvents') === 'true',
      },
      sink,
    );
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    started = true;
    send('');
    let timer: NodeJS.Timeout | undefined;
    // Bookmarks let a client resume from a recent revision even when nothing it watches changed.
    const bookmarks =
      q.get('allowWatchBookmarks') === 'true'
        ? setInterval(() => {
            const object = { kind: kind.kind, apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version, metadata: { resourceVersion: String(registry.store.revision) } };
            send(`{"type":"BOOKMARK","object":${JSON.stringify(object)}}\n`);
          }, BOOKMARK_INTERVAL_MS)
        : undefined;
    bookmarks?.unref();
    const end = () => {
      handle.stop();
      if (timer) clearTimeout(timer);
      if (bookmarks) clearInterval(bookmarks);
      watches.delete(end);
      if (!res.writableEnded) res.end();
    };
    watches.add(end);
    const timeout = num(q.get('timeoutSeconds'));
    if (timeout && timeout > 0) timer = setTimeout(end, timeout * 1000);
    req.on('close', end);
    res.on('error', end);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((r) => {
            for (const end of [...watches]) end();
            streams.closeAll();
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
