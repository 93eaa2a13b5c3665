import type http from 'node:http';
import type { KindInfo } from '../../api/kinds.js';
import type { Registry } from '../registry.js';
import type { NodeConnector } from '../node-connector.js';
import { openPodLog, type PodLogOptions } from '../logs.js';
import { badRequest } from '../errors.js';

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid value for ${name}: ${v}`);
  return n;
}

/** logOptions reads PodLogOptions from a query string, refusing bad numbers as kube-apiserver does. */
function logOptions(q: URLSearchParams): PodLogOptions {
  return {
    container: q.get('container') ?? undefined,
    follow: q.get('follow') === 'true',
    previous: q.get('previous') === 'true',
    tailLines: intParam(q, 'tailLines'),
    sinceSeconds: intParam(q, 'sinceSeconds'),
    sinceTime: q.get('sinceTime') ?? undefined,
    timestamps: q.get('timestamps') === 'true',
    limitBytes: intParam(q, 'limitBytes'),
  };
}

/**
 * serveLog answers GET pods/NAME/log like kube-apiserver proxying the kubelet: container selection and its
 * errors, tailLines, sinceSeconds, timestamps, limitBytes, previous, and follow (the response stays open and
 * streams new lines until the container stops or the client goes away).
 */
export function serveLog(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  registry: Registry,
  podKind: KindInfo,
  nodes: NodeConnector | undefined,
  namespace: string | undefined,
  name: string,
  q: URLSearchParams,
): void {
  const o = logOptions(q);
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', ...(o.follow ? { 'Transfer-Encoding': 'chunked' } : {}) });
  };
  // Errors are thrown before the first write, so they still become a Status.
  const stop = openPodLog(
    registry,
    podKind,
    nodes,
    namespace,
    name,
    o,
    (text) => {
      start();
      res.write(text);
    },
    () => {
      start();
      if (!res.writableEnded) res.end();
    },
  );
  start();
  req.on('close', () => {
    stop();
    if (!res.writableEnded) res.end();
  });
}
