import { expect } from 'vitest';
import type { Status, KubeObject } from '../../src/api/types.js';
import { ApiError } from '../../src/api/api-error.js';
import { podKind, nsKind, svcKind, epKind, nodeKind, eventKind, deployKind, rsKind, seeded } from '../helpers/fixtures.js';

export { podKind, nsKind, svcKind, epKind, nodeKind, eventKind, deployKind, rsKind, seeded };
import { MemoryStore } from '../../src/store/memory-store.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { Registry } from '../../src/apiserver/registry.js';



/** newRegistry builds a registry over a fresh store on a manual clock, with the given namespaces created. */
export function newRegistry(opts: { historyLimit?: number; namespaces?: string[] } = {}) {
  const clock = new ManualClock();
  const store = new MemoryStore(opts.historyLimit);
  const registry = new Registry(store, clock, seeded());
  for (const name of opts.namespaces ?? ['default']) registry.create(nsKind, undefined, { metadata: { name } });
  return { clock, store, registry };
}

/** apiStatus runs fn, expects it to throw an ApiError, and returns its Status. */
export function apiStatus(fn: () => unknown): Status {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return (err as ApiError).status;
  }
  throw new Error('expected an ApiError, nothing was thrown');
}

/** podBody is a minimal valid pod. */
export function podBody(name: string, extra: { labels?: Record<string, string>; nodeName?: string; image?: string; finalizers?: string[] } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: extra.labels, ...(extra.finalizers ? { finalizers: extra.finalizers } : {}) },
    spec: { nodeName: extra.nodeName, containers: [{ name: 'nginx', image: extra.image ?? 'nginx' }] },
  };
}

/** deploymentBody is a minimal valid Deployment selecting app=<name>. */
export function deploymentBody(name: string, replicas = 1, labels: Record<string, string> = { app: name }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    },
  };
}
