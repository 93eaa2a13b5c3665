import type { KubeObject } from '../api/types.js';
import { objectKey, type Informer } from '../client/informer.js';

/** Delta is what happened to a row lately: k9s colours such rows for a moment so change is visible at a glance. */
export type Delta = 'added' | 'modified' | 'deleted';

/** How long a row keeps its delta colour, and a deleted row stays on screen. */
export const DELTA_MS = 3000;

/**
 * RowDeltas follows one informer and remembers, for DELTA_MS, which objects were added, modified or deleted, so
 * the panes can colour those rows and keep a deleted one a moment longer (the pod that was just killed, beside
 * its replacement). The first list is the baseline: nothing in it counts as added. Deltas are kept for the whole
 * cache, so switching namespace never makes rows "appear".
 */
export class RowDeltas<T extends KubeObject> {
  private readonly marks = new Map<string, { delta: Delta; at: number; obj: T }>();

  constructor(
    private readonly informer: Informer<T>,
    private readonly now: () => number = Date.now,
    private readonly ttl = DELTA_MS,
  ) {
    informer.on({
      add: (o) => this.mark(o, 'added'),
      update: (o) => {
        // A row that has just appeared stays "added" while it settles (its status fills in right after).
        const cur = this.marks.get(objectKey(o));
        if (cur?.delta === 'added' && this.fresh(cur.at)) this.mark(o, 'added', cur.at);
        else this.mark(o, 'modified');
      },
      delete: (o) => this.mark(o, 'deleted'),
    });
  }

  private fresh(at: number): boolean {
    return this.now() - at < this.ttl;
  }

  private mark(o: T, delta: Delta, at = this.now()): void {
    if (!this.informer.hasSynced) return; // the first list is the baseline
    this.marks.set(objectKey(o), { delta, at, obj: o });
  }

  /** active tells whether any delta is still fresh (the panes then redraw as they fade). */
  get active(): boolean {
    for (const [key, m] of this.marks) {
      if (this.fresh(m.at)) return true;
      this.marks.delete(key); // faded: forget it, so the next look does not walk it again
    }
    return false;
  }

  /** deltaOf is the row's recent delta, if it is still fresh. */
  deltaOf(key: string): Delta | undefined {
    const m = this.marks.get(key);
    return m && this.fresh(m.at) ? m.delta : undefined;
  }

  /**
   * withGhosts is the cache's objects plus the ones deleted within DELTA_MS (unless the name is in use again),
   * and forgets the marks that have faded.
   */
  withGhosts(items: readonly T[]): T[] {
    const out = [...items];
    for (const [key, m] of this.marks) {
      if (!this.fresh(m.at)) this.marks.delete(key);
      else if (m.delta === 'deleted' && !this.informer.get(key)) out.push(m.obj);
    }
    return out;
  }
}
