import type http from 'node:http';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KindInfo } from '../../api/kinds.js';
import type { Registry } from '../registry.js';
import type { NodeConnector } from '../node-connector.js';
import type { LogLine } from '../../kubelet/logs.js';
import { badRequest } from '../errors.js';

/** nanoTime prints a log timestamp as the container runtime does: RFC 3339 with nanoseconds. */
function nanoTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
  return `${iso.slice(0, 23)}000000Z`;
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid value for ${name}: ${v}`);
  return n;
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
  const pod = registry.get(podKind, namespace, name) as unknown as Pod;
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const all = [...containers, ...(pod.spec?.initContainers ?? []).map((c) => c.name)];
  let container = q.get('container') ?? '';
  if (!container) {
    if (containers.length !== 1)
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
    container = containers[0]!;
  }
  if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  if (!pod.spec?.nodeName || !nodes) throw badRequest(`pod ${name} does not have a host assigned`);
  const found = nodes.containerLog(pod, container, q.get('previous') === 'true');
  if ('error' in found) throw badRequest(found.error);

  const tail = intParam(q, 'tailLines');
  const since = intParam(q, 'sinceSeconds');
  const limitBytes = intParam(q, 'limitBytes');
  const sinceTime = q.get('sinceTime') ? Date.parse(q.get('sinceTime')!) : undefined;
  const timestamps = q.get('timestamps') === 'true';
  const follow = q.get('follow') === 'true';
  const now = registry.clock.now();
  let lines = found.log.lines().slice();
  if (since !== undefined) lines = lines.filter((l) => l.time >= now - since * 1000);
  if (sinceTime !== undefined && !Number.isNaN(sinceTime)) lines = lines.filter((l) => l.time >= sinceTime);
  if (tail !== undefined) lines = tail === 0 ? [] : lines.slice(-tail);
  const format = (l: LogLine) => (timestamps ? `${nanoTime(l.time)} ${l.text}\n` : `${l.text}\n`);

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', ...(follow ? { 'Transfer-Encoding': 'chunked' } : {}) });
  let sent = 0;
  const write = (text: string): boolean => {
    if (limitBytes !== undefined) {
      if (sent >= limitBytes) return false;
      text = Buffer.from(text).subarray(0, limitBytes - sent).toString();
    }
    sent += Buffer.byteLength(text);
    res.write(text);
    return true;
  };
  for (const l of lines) if (!write(format(l))) break;
  if (!follow) {
    res.end();
    return;
  }
  const stop = found.log.follow(
    (l) => {
      if (!write(format(l))) end();
    },
    () => end(),
  );
  function end(): void {
    stop();
    if (!res.writableEnded) res.end();
  }
  req.on('close', end);
}
