import fs from 'node:fs';
import path from 'node:path';
import type { KubeObject } from '../api/types.js';
import { MemoryStore } from './memory-store.js';
import { type StoreEvent, StoreError } from './store.js';
import { encodeObject } from './encode.js';
import { diskIO, frame, fsyncDir, readFrames, segmentName, WalWriter, type WalIO } from './wal.js';
import { lockDir, type DirLock } from './lock.js';

/** PersistOptions tune a PersistentStore; the defaults suit the daemon. */
export interface PersistOptions {
  /** Told about what start-up restored and about any damage found (the daemon's log). */
  log?: (line: string) => void;
  /** The disk (tests simulate a full one). */
  io?: WalIO;
  /** A log file is closed and a new one begun past this size. */
  segmentBytes?: number;
  /** A snapshot is written once this much log was written since the last one. */
  snapshotBytes?: number;
  /** The watch history kept (see MemoryStore). */
  historyLimit?: number;
  /** The directory's lock when the caller took it already (the daemon does, before anything else). */
  lock?: DirLock;
}

/** RestoreReport says what open() found on disk. */
export interface RestoreReport {
  objects: number;
  revision: number;
  snapshot?: number;
  replayed: number;
  warnings: string[];
  ms: number;
}

const SNAPSHOT_RE = /^snap-(\d{16})\.snap$/;
const SEGMENT_RE = /^wal-(\d{16})\.log$/;
const pad = (n: number) => String(n).padStart(16, '0');

/**
 * PersistentStore is the MemoryStore made durable, the way etcd is: every write is appended to a write-ahead log
 * (`wal-*.log`, checksummed records, group commit with fdatasync) and sync() resolves once it is on disk, which
 * the API server awaits before it answers; snapshots (`snap-*.snap`, the whole state at one revision) are written
 * in the background once enough log has piled up, and at close, so that start-up reads one snapshot plus a short
 * log. open() restores the state: the newest snapshot that reads back whole (a damaged one falls back to the one
 * before), then the log after it, cutting off a torn or corrupted tail with a warning.
 */
export class PersistentStore extends MemoryStore {
  private wal!: WalWriter;
  private snapshotting: Promise<void> | undefined;
  private closed = false;
  report!: RestoreReport;

  private constructor(
    readonly dir: string,
    private readonly opts: PersistOptions,
    private readonly lock: DirLock,
  ) {
    super(opts.historyLimit);
  }

  /** open locks dir (one daemon per profile), restores what it holds, and starts a new log file. */
  static async open(dir: string, opts: PersistOptions = {}): Promise<PersistentStore> {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const lock = opts.lock ?? (await lockDir(dir));
    try {
      const s = new PersistentStore(dir, opts, lock);
      s.restore();
      s.wal = new WalWriter(dir, s.revision, opts.io ?? diskIO, opts.segmentBytes ?? 64 << 20, (m) => s.warn(m));
      return s;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  private warn(line: string): void {
    this.opts.log?.(`store: ${line}`);
  }

  private files(re: RegExp): { name: string; revision: number }[] {
    return fs
      .readdirSync(this.dir)
      .map((name) => ({ name, m: re.exec(name) }))
      .filter((f) => f.m)
      .map((f) => ({ name: f.name, revision: Number(f.m![1]) }))
      .sort((a, b) => a.revision - b.revision);
  }

  /** set aside renames a damaged file so that it is kept for a post-mortem but never read again. */
  private setAside(name: string): void {
    fs.renameSync(path.join(this.dir, name), path.join(this.dir, `${name}.damaged`));
  }

  private restore(): void {
    const started = performance.now();
    const warnings: string[] = [];
    const warn = (m: string) => {
      warnings.push(m);
      this.warn(m);
    };
    const values = new Map<string, KubeObject>();
    let revision = 0;
    let snapshot: number | undefined;
    for (const snap of this.files(SNAPSHOT_RE).reverse()) {
      const problem = readSnapshot(path.join(this.dir, snap.name), snap.revision, values);
      if (!problem) {
        revision = snapshot = snap.revision;
        break;
      }
      values.clear();
      warn(`snapshot ${snap.name} is damaged (${problem}): set aside, falling back to the one before`);
      this.setAside(snap.name);
    }
    const segments = this.files(SEGMENT_RE);
    if (snapshot === undefined && segments.length && segments[0]!.revision > 1)
      warn(`no readable snapshot, and the log starts at revision ${segments[0]!.revision}: what was written before it is lost`);
    let replayed = 0;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      // A file whose successor starts at or before the state's next revision holds nothing newer.
      if (i + 1 < segments.length && segments[i + 1]!.revision <= revision + 1) continue;
      const file = path.join(this.dir, seg.name);
      const read = readFrames(fs.readFileSync(file));
      let cut = read.problem ? { at: read.good, why: read.problem } : undefined;
      for (let j = 0; j < read.records.length; j++) {
        const rec = read.records[j] as { r?: number; k?: string; o?: KubeObject; d?: 1 };
        if (typeof rec.r !== 'number' || typeof rec.k !== 'string' || (!rec.d && !rec.o)) {
          cut = { at: j ? read.ends[j - 1]! : 0, why: `a record of unknown shape at byte ${j ? read.ends[j - 1] : 0}` };
          break;
        }
        if (rec.r <= revision) continue;
        if (rec.r !== revision + 1) {
          cut = { at: j ? read.ends[j - 1]! : 0, why: `revision ${rec.r} follows revision ${revision}` };
          break;
        }
        if (rec.d) values.delete(rec.k);
        else values.set(rec.k, rec.o!);
        revision = rec.r;
        replayed++;
      }
      if (cut) {
        const size = fs.statSync(file).size;
        warn(`the write-ahead log ${seg.name} has ${cut.why}: cut off there (${size - cut.at} bytes dropped), start-up goes on at revision ${revision}`);
        fs.truncateSync(file, cut.at);
        for (const later of segments.slice(i + 1)) {
          warn(`the write-ahead log ${later.name} comes after the damage: set aside`);
          this.setAside(later.name);
        }
        break;
      }
    }
    this.loadState(values, revision);
    this.report = { objects: values.size, revision, snapshot, replayed, warnings, ms: Math.round(performance.now() - started) };
  }

  // Writes are refused up front while the log cannot be written, so that memory and disk cannot drift apart.
  private writable(): void {
    if (this.closed) throw new StoreError('Unavailable', 'the store is closed');
    if (this.wal.failure) throw new StoreError('Unavailable', this.wal.failure.message);
  }

  override create(key: string, value: KubeObject): KubeObject {
    this.writable();
    return super.create(key, value);
  }

  override update(key: string, value: KubeObject, expectedRevision?: number): KubeObject {
    this.writable();
    return super.update(key, value, expectedRevision);
  }

  override delete(key: string, expectedRevision?: number): KubeObject {
    this.writable();
    return super.delete(key, expectedRevision);
  }

  protected override committed(e: StoreEvent): void {
    const k = JSON.stringify(e.key);
    this.wal.append(e.revision, e.type === 'DELETED' ? `{"r":${e.revision},"k":${k},"d":1}` : `{"r":${e.revision},"k":${k},"o":${encodeObject(e.object)}}`);
    if (this.wal.bytesSinceSnapshot >= (this.opts.snapshotBytes ?? 64 << 20) && !this.snapshotting) void this.snapshot().catch(() => {});
  }

  /** sync resolves once every write so far is on disk (the API server answers a write after it). */
  sync(): Promise<void> {
    return this.wal.sync();
  }

  /**
   * snapshot writes the whole state at the current revision to `snap-<revision>.snap` (a temporary file synced
   * and renamed into place), a few thousand records per turn of the event loop, then removes what is no longer
   * needed: all but the two newest snapshots, and the log files older than the older of the two.
   */
  snapshot(): Promise<void> {
    this.snapshotting ??= this.writeSnapshot().finally(() => (this.snapshotting = undefined));
    return this.snapshotting;
  }

  private async writeSnapshot(): Promise<void> {
    const revision = this.revision;
    // Values are immutable: this list is the state at `revision` however long the writing takes.
    const entries = this.entries();
    this.wal.markSnapshot();
    // The log must hold everything up to the snapshot, so that the next log record follows it without a gap.
    await this.wal.sync();
    const final = path.join(this.dir, `snap-${pad(revision)}.snap`);
    if (fs.existsSync(final)) return;
    const tmp = `${final}.tmp`;
    const io = this.opts.io ?? diskIO;
    const fd = fs.openSync(tmp, 'w');
    let pos = 0;
    const put = async (bufs: Buffer[]) => {
      const b = Buffer.concat(bufs);
      await io.write(fd, b, pos);
      pos += b.length;
    };
    try {
      await put([frame(JSON.stringify({ snapshot: 1, revision, count: entries.length }))]);
      for (let i = 0; i < entries.length; i += 2000) {
        const chunk = entries.slice(i, i + 2000).map(([k, o]) => frame(`{"k":${JSON.stringify(k)},"o":${encodeObject(o)}}`));
        await put(chunk);
      }
      await put([frame(JSON.stringify({ end: entries.length }))]);
      await io.sync(fd);
    } catch (err) {
      fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      this.warn(`snapshot at revision ${revision} not written (${(err as Error).message}); the log still holds everything`);
      throw err;
    }
    fs.closeSync(fd);
    fs.renameSync(tmp, final);
    fsyncDir(this.dir);
    this.prune();
  }

  /** prune keeps the two newest snapshots and the log files a restore from the older of them needs. */
  private prune(): void {
    const snaps = this.files(SNAPSHOT_RE);
    for (const s of snaps.slice(0, -2)) fs.rmSync(path.join(this.dir, s.name), { force: true });
    // With one snapshot only, the log is kept whole (it is the fallback if that snapshot is damaged).
    if (snaps.length < 2) return;
    const floor = snaps[snaps.length - 2]!.revision;
    const segments = this.files(SEGMENT_RE);
    for (let i = 0; i + 1 < segments.length; i++) {
      if (segments[i + 1]!.revision - 1 <= floor) fs.rmSync(path.join(this.dir, segments[i]!.name), { force: true });
    }
    for (const name of fs.readdirSync(this.dir)) if (name.endsWith('.tmp')) fs.rmSync(path.join(this.dir, name), { force: true });
  }

  /** close makes every write durable, writes a snapshot (so the next start reads little log) and unlocks. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.snapshotting?.catch(() => {});
      await this.snapshot().catch(() => {});
    } finally {
      this.closed = true;
      await this.wal.close();
      this.lock.release();
    }
  }
}

/**
 * readSnapshot loads a snapshot file into values; the answer is what is wrong with it (a damaged record, a
 * header for another revision, a missing end: a snapshot counts only when it reads back whole), or undefined.
 */
function readSnapshot(file: string, revision: number, values: Map<string, KubeObject>): string | undefined {
  const read = readFrames(fs.readFileSync(file));
  if (read.problem) return read.problem;
  const [head, ...rest] = read.records as Record<string, unknown>[];
  if (!head || head.snapshot !== 1 || head.revision !== revision) return 'no snapshot header for its revision';
  const tail = rest.pop();
  if (!tail || tail.end !== head.count || rest.length !== head.count) return 'it ends early';
  for (const r of rest) {
    if (typeof r.k !== 'string' || !r.o) return 'a record of unknown shape';
    values.set(r.k, r.o as KubeObject);
  }
  return undefined;
}

// `segmentName` is re-exported for tests that damage a particular log file.
export { segmentName };
