import { expect } from 'vitest';
import type { KubeObject } from '../../src/api/types.js';
import { mustKind } from '../../src/api/kinds.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';

/** strip removes ANSI escapes from a frame. */
export function strip(frame: string | undefined): string {
  return (frame ?? '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

/**
 * waitFor polls the last frame until `check` passes or the deadline expires. Ink draws asynchronously (input is
 * parsed on a later turn, informer batches are throttled), so tests wait on what the screen shows, never on time.
 */
export async function waitFor(lastFrame: () => string | undefined, check: (frame: string) => boolean, what: string, ms = 5000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const f = strip(lastFrame());
    if (check(f)) return f;
    if (Date.now() > deadline) {
      expect.fail(`timed out waiting for ${what}; last frame:\n${f}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** waitForText waits until the last frame contains every one of texts. */
export function waitForText(lastFrame: () => string | undefined, ...texts: string[]): Promise<string> {
  return waitFor(lastFrame, (f) => texts.every((t) => f.includes(t)), JSON.stringify(texts));
}

/** startCluster boots an in-process cluster on a manual clock with the `hello` Deployment (3 nginx pods) Running. */
export async function startCluster(): Promise<{ cluster: Cluster; clock: ManualClock }> {
  const clock = new ManualClock();
  const cluster = await Cluster.start({ clock });
  const hello: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello', namespace: 'default', labels: { app: 'hello' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'hello' } },
      template: {
        metadata: { labels: { app: 'hello' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      },
    },
  };
  await cluster.client.create(mustKind('apps/v1', 'Deployment'), 'default', hello);
  await clock.advance(10_000);
  return { cluster, clock };
}

/** Keys as a terminal sends them. */
export const KEYS = {
  tab: '\t',
  shiftTab: '\u001B[Z',
  ctrlD: '\u0004',
  ctrlC: '\u0003',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
} as const;

/** selectedLine is the (stripped) line drawn in inverse video: the focused pane's selected row. */
export function selectedLine(frame: string | undefined): string | undefined {
  const line = (frame ?? '').split('\n').find((l) => l.includes('\x1b[7m'));
  return line === undefined ? undefined : strip(line);
}

/** helloPods lists the hello pod names a frame shows, in order, without duplicates. */
export function helloPods(frame: string): string[] {
  return [...new Set(frame.match(/\bhello-[a-z0-9]+-[a-z0-9]{5}\b/g) ?? [])];
}

/** inverseSegments lists the stripped runs of text drawn in inverse video (selected rows, selected buttons). */
export function inverseSegments(frame: string | undefined): string[] {
  return [...(frame ?? '').matchAll(/\x1b\[7m(.*?)\x1b\[27m/g)].map((m) => strip(m[1]));
}

/** selectedButton is the dialog button drawn in inverse video, trimmed ('Cancel' or 'OK'). */
export function selectedButton(frame: string | undefined): string | undefined {
  return inverseSegments(frame)
    .map((s) => s.trim())
    .find((s) => s === 'Cancel' || s === 'OK');
}
