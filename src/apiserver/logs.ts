import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KindInfo } from '../api/kinds.js';
import type { Registry } from './registry.js';
import type { NodeConnector } from './node-connector.js';
import type { LogLine } from '../kubelet/logs.js';
import { badRequest } from './errors.js';

/** PodLogOptions are the parameters of GET pods/NAME/log (corev1.PodLogOptions). */
export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339 time; lines before it are left out. */
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
}

/** nanoTime prints a log timestamp as the container runtime does: RFC 3339 with nanoseconds. */
function nanoTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
  return `${iso.slice(0, 23)}000000Z`;
}

/**
 * openPodLog is pods/NAME/log, whatever carries it (HTTP for kubectl, a direct call for the in-process client):
 * it checks the container choice as kube-apiserver does (throwing the same Status errors), writes the lines
 * the options select, and with `follow` keeps writing new lines until the container stops (`end` is called) or
 * the returned stop function is. Without `follow`, `end` is called before it returns.
 */
export function openPodLog(
  registry: Registry,
  podKind: KindInfo,
  nodes: NodeConnector | undefined,
  namespace: string | undefined,
  name: string,
  o: PodLogOptions,
  write: (text: string) => void,
  end: () => void,
): () => void {
  const pod = registry.get(podKind, namespace, name) as unknown as Pod;
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const all = [...containers, ...(pod.spec?.initContainers ?? []).map((c) => c.name)];
  let container = o.container ?? '';
  if (!container) {
    if (containers.length !== 1)
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
    container = containers[0]!;
  }
  if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  if (!pod.spec?.nodeName || !nodes) throw badRequest(`pod ${name} does not have a host assigned`);
  const found = nodes.containerLog(pod, container, !!o.previous);
  if ('error' in found) throw badRequest(found.error);

  const now = registry.clock.now();
  const sinceTime = o.sinceTime ? Date.parse(o.sinceTime) : undefined;
  let lines = found.log.lines().slice();
  if (o.sinceSeconds !== undefined) lines = lines.filter((l) => l.time >= now - o.sinceSeconds! * 1000);
  if (sinceTime !== undefined && !Number.isNaN(sinceTime)) lines = lines.filter((l) => l.time >= sinceTime);
  if (o.tailLines !== undefined) lines = o.tailLines === 0 ? [] : lines.slice(-o.tailLines);
  const format = (l: LogLine) => (o.timestamps ? `${nanoTime(l.time)} ${l.text}\n` : `${l.text}\n`);

  let sent = 0;
  let ended = false;
  const put = (text: string): boolean => {
    if (o.limitBytes !== undefined) {
      if (sent >= o.limitBytes) return false;
      text = Buffer.from(text).subarray(0, o.limitBytes - sent).toString();
    }
    sent += Buffer.byteLength(text);
    write(text);
    return true;
  };
  let stop = () => {};
  const finish = () => {
    if (ended) return;
    ended = true;
    stop();
    end();
  };
  for (const l of lines) if (!put(format(l))) break;
  if (!o.follow) {
    finish();
    return () => {};
  }
  stop = found.log.follow(
    (l) => {
      if (!put(format(l))) finish();
    },
    finish,
  );
  return () => {
    ended = true;
    stop();
  };
}
