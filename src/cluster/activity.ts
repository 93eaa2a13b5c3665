/**
 * Activity counts the cluster's work in flight (queued watch deliveries, controller work, kubelet steps), so
 * that tests on the manual clock can wait until the cluster has settled instead of sleeping.
 */
export class Activity {
  private inFlight = 0;

  begin(): void {
    this.inFlight++;
  }

  end(): void {
    this.inFlight--;
  }

  /** track counts a promise as work in flight until it settles. */
  track<T>(p: Promise<T>): Promise<T> {
    this.begin();
    return p.finally(() => this.end());
  }

  get idle(): boolean {
    return this.inFlight <= 0;
  }

  /** settle resolves once no work has been in flight for two turns of the event loop. */
  async settle(maxTurns = 100_000): Promise<void> {
    let quiet = 0;
    for (let i = 0; i < maxTurns; i++) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.idle) {
        if (++quiet >= 2) return;
      } else quiet = 0;
    }
    throw new Error('cluster did not settle');
  }
}
