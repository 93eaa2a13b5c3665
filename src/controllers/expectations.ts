/** One owner's outstanding work: creations not yet seen, and the keys of pods whose deletion is not yet seen. */
interface OwnerRecord {
  adds: number;
  readonly dels: Set<string>;
}

/**
 * Expectations tracks, per owner key, the pod creations and deletions a controller has sent but its informer has
 * not yet shown (client-go's ControllerExpectations, with deletions tracked by pod key as in
 * UIDTrackingControllerExpectations). An owner is satisfied, and may be synced again, once nothing is pending.
 */
export class Expectations {
  private readonly records = new Map<string, OwnerRecord>();

  /** set replaces the owner's record with `adds` creations and the given pod deletions (SetExpectations). */
  set(key: string, adds: number, dels: Iterable<string> = []): void {
    this.records.set(key, { adds, dels: new Set(dels) });
  }

  /** expectDeletions adds pod deletions to the owner's record, keeping its pending creations. */
  expectDeletions(key: string, podKeys: Iterable<string>): void {
    let rec = this.records.get(key);
    if (!rec) this.records.set(key, (rec = { adds: 0, dels: new Set() }));
    for (const k of podKeys) rec.dels.add(k);
  }

  /** lowerCreations takes n creations off the owner's record, for creations that failed or were never sent. */
  lowerCreations(key: string, n = 1): void {
    const rec = this.records.get(key);
    if (rec) rec.adds -= n;
  }

  /** creationObserved counts one creation of the owner's pod as seen (CreationObserved); never below zero. */
  creationObserved(key: string): void {
    const rec = this.records.get(key);
    if (rec && rec.adds > 0) rec.adds--;
  }

  /** deletionObserved drops the pod from the owner's pending deletions: seen, or known not to come (DeletionObserved). */
  deletionObserved(key: string, podKey: string): void {
    this.records.get(key)?.dels.delete(podKey);
  }

  /** satisfied: the owner has no record, or nothing in it is pending (SatisfiedExpectations). */
  satisfied(key: string): boolean {
    const rec = this.records.get(key);
    return !rec || (rec.adds <= 0 && rec.dels.size === 0);
  }

  /** delete forgets the owner's record, as when the owner is gone (DeleteExpectations). */
  delete(key: string): void {
    this.records.delete(key);
  }
}
