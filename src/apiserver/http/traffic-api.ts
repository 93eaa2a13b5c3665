import { badRequest, failure } from '../errors.js';
import type { Burst } from '../../proxy/traffic.js';

/** TRAFFIC_PATH is where the dashboard reads request counts and fires bursts at a Service (simulated clusters). */
export const TRAFFIC_PATH = '/minik9s/v1/traffic';

/** TrafficSource is the simulated cluster's side: requests each pod answered, and the burst generator. */
export interface TrafficSource {
  requestCounts(): Record<string, number>;
  readonly traffic: { state(): Burst | undefined; burst(namespace: string, service: string, count?: number): Burst | string };
}

/** serveTraffic answers GET (counts per pod, the latest burst) and POST {namespace, service, count} (a burst). */
export function serveTraffic(src: TrafficSource | undefined, method: string, body: unknown): unknown {
  if (!src) throw failure(404, 'NotFound', 'this server simulates no traffic');
  if (method === 'GET') return { pods: src.requestCounts(), burst: src.traffic.state() ?? null };
  if (method !== 'POST') throw failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const b = body as { namespace?: unknown; service?: unknown; count?: unknown } | undefined;
  if (typeof b?.namespace !== 'string' || typeof b.service !== 'string') throw badRequest('a burst needs {"namespace": ..., "service": ...}');
  const count = b.count === undefined ? undefined : Number(b.count);
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 1000)) throw badRequest('count must be a whole number from 1 to 1000');
  const r = src.traffic.burst(b.namespace, b.service, count);
  if (typeof r === 'string') throw failure(404, 'NotFound', r);
  return { pods: src.requestCounts(), burst: r };
}
