import { mustKind } from '../../src/api/kinds.js';

/** The kinds the tests address, from the one registry of kinds. */
export const podKind = mustKind('v1', 'Pod');
export const nsKind = mustKind('v1', 'Namespace');
export const svcKind = mustKind('v1', 'Service');
export const epKind = mustKind('v1', 'Endpoints');
export const nodeKind = mustKind('v1', 'Node');
export const eventKind = mustKind('v1', 'Event');
export const deployKind = mustKind('apps/v1', 'Deployment');
export const rsKind = mustKind('apps/v1', 'ReplicaSet');

/** seeded is a small deterministic random source (mulberry32), so generated names and IPs repeat run to run. */
export function seeded(seed = 42): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
