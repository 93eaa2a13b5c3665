import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * The on-disk framing shared by the write-ahead log and the snapshots: every record is a 4-byte little-endian length,
 * a 4-byte CRC-32 of the payload, then the payload (one JSON document). A torn write (the process died mid-record)
 * or a flipped bit shows up as a short record or a checksum that does not match, and reading stops there.
 */
export const HEADER_BYTES = 8;
/** No record is this large (request bodies are capped at 3 MiB): a length above it is damage, not data. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** frame encodes one record. */
export function frame(payload: string): Buffer {
  const len = Buffer.byteLength(payload);
  const out = Buffer.allocUnsafe(HEADER_BYTES + len);
  out.writeUInt32LE(len, 0);
  out.write(payload, HEADER_BYTES, 'utf8');
  out.writeUInt32LE(crc32(out.subarray(HEADER_BYTES)), 4);
  return out;
}

/** ReadFrames is what could be read of a file: the records, where each one ends, and what stopped the reading. */
export interface ReadFrames {
  records: unknown[];
  /** ends[i] is the byte offset just after records[i]. */
  ends: number[];
  /** The offset after the last good record (the length to cut a damaged file to). */
  good: number;
  problem?: string;
}

/** readFrames reads records until the end of the buffer or the first damaged one. */
export function readFrames(buf: Buffer): ReadFrames {
  const records: unknown[] = [];
  const ends: number[] = [];
  let off = 0;
  const stop = (problem: string): ReadFrames => ({ records, ends, good: off, problem });
  while (off < buf.length) {
    if (buf.length - off < HEADER_BYTES) return stop(`a torn record at byte ${off} (${buf.length - off} bytes of a header)`);
    const len = buf.readUInt32LE(off);
    const sum = buf.readUInt32LE(off + 4);
    if (len > MAX_RECORD_BYTES) return stop(`a record of impossible length (${len} bytes) at byte ${off}`);
    const end = off + HEADER_BYTES + len;
    if (end > buf.length) return stop(`a torn record at byte ${off} (${len} bytes announced, ${buf.length - off - HEADER_BYTES} written)`);
    const body = buf.subarray(off + HEADER_BYTES, end);
    if (crc32(body) !== sum) return stop(`a record whose checksum does not match at byte ${off}`);
    let rec: unknown;
    try {
      rec = JSON.parse(body.toString('utf8'));
    } catch {
      return stop(`an unreadable record at byte ${off}`);
    }
    records.push(rec);
    ends.push(end);
    off = end;
  }
  return { records, ends, good: off };
}

/** WalIO is the disk as the log writes it: replaceable in tests to simulate a full disk or a failing device. */
export interface WalIO {
  /** Writes all of buf at position (a short write is retried; a failure rejects). */
  write(fd: number, buf: Buffer, position: number): Promise<void>;
  /** Makes what was written durable (fdatasync). */
  sync(fd: number): Promise<void>;
}

export const diskIO: WalIO = {
  write(fd, buf, position) {
    return new Promise((resolve, reject) => {
      const step = (off: number) =>
        fs.write(fd, buf, off, buf.length - off, position + off, (err, n) => {
          if (err) reject(err);
          else if (off + n < buf.length) step(off + n);
          else resolve();
        });
      step(0);
    });
  },
  sync(fd) {
    return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  },
};

/** segmentName is a log file's name: the revision of its first record, zero-padded so names sort in order. */
export function segmentName(firstRevision: number): string {
  return `wal-${String(firstRevision).padStart(16, '0')}.log`;
}

/** fsyncDir makes a file's creation, rename or removal in dir durable. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a directory; the files themselves are still synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

interface Waiter {
  revision: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** WalError is a write the log could not make durable; the store refuses writes while it stands. */
export class WalError extends Error {
  constructor(
    override readonly cause: NodeJS.ErrnoException,
    message: string,
  ) {
    super(message);
  }
}

/**
 * WalWriter appends records to the log with group commit: every record appended in one turn of the event loop goes
 * to disk in one write and one fdatasync, and whoever waits on sync() is answered when its revision is durable.
 * A failed write (disk full) is cut back off the file, kept, and retried every second; until it succeeds the
 * writer reports the failure and the store refuses new writes, so nothing half-written ever counts.
 */
export class WalWriter {
  private fd: number;
  private size = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingFirst = 0;
  private lastRevision: number;
  private durableRevision: number;
  private readonly waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  /** Bytes made durable since the last markSnapshot() (the store snapshots when it grows large). */
  bytesSinceSnapshot = 0;
  /** Why the last flush failed; cleared when a retry succeeds. */
  failure: WalError | undefined;

  constructor(
    private readonly dir: string,
    revision: number,
    private readonly io: WalIO,
    private readonly segmentBytes: number,
    private readonly onWarning: (msg: string) => void,
  ) {
    this.lastRevision = this.durableRevision = revision;
    this.fd = this.openSegment(revision + 1);
  }

  private openSegment(first: number): number {
    const fd = fs.openSync(path.join(this.dir, segmentName(first)), 'w');
    fsyncDir(this.dir);
    this.size = 0;
    return fd;
  }

  /** append queues one record of a write at revision; it reaches the disk with the next group commit. */
  append(revision: number, payload: string): void {
    const f = frame(payload);
    if (!this.pending.length) this.pendingFirst = revision;
    this.pending.push(f);
    this.pendingBytes += f.length;
    this.lastRevision = revision;
    this.schedule();
  }

  /** sync resolves once every record appended so far is durable, or rejects if the disk refused it. */
  sync(): Promise<void> {
    if (this.durableRevision >= this.lastRevision) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ revision: this.lastRevision, resolve, reject }));
  }

  markSnapshot(): void {
    this.bytesSinceSnapshot = 0;
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.flushing) this.flushing = this.flush().finally(() => (this.flushing = undefined));
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length && !this.closed) {
      const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
      const first = this.pendingFirst;
      const upTo = this.lastRevision;
      this.pending = [];
      this.pendingBytes = 0;
      try {
        if (this.size >= this.segmentBytes) {
          fs.closeSync(this.fd);
          this.fd = this.openSegment(first);
        }
        await this.io.write(this.fd, chunk, this.size);
        await this.io.sync(this.fd);
      } catch (err) {
        this.failed(err as NodeJS.ErrnoException, chunk, first);
        return;
      }
      this.size += chunk.length;
      this.bytesSinceSnapshot += chunk.length;
      this.durableRevision = upTo;
      if (this.failure) this.onWarning(`the write-ahead log can be written again: writes are accepted`);
      this.failure = undefined;
      while (this.waiters.length && this.waiters[0]!.revision <= upTo) this.waiters.shift()!.resolve();
    }
  }

  /**
   * failed handles a write the disk refused: whatever part of it reached the file is cut off, the records go back
   * to the head of the queue (they are in the store's memory already and must reach the disk in order), everyone
   * waiting is told, and a retry comes in a second.
   */
  private failed(err: NodeJS.ErrnoException, chunk: Buffer, first: number): void {
    try {
      fs.ftruncateSync(this.fd, this.size);
    } catch {
      // The next successful write overwrites from `size` anyway.
    }
    this.pending.unshift(chunk);
    this.pendingBytes += chunk.length;
    this.pendingFirst = first;
    const why = err.code === 'ENOSPC' ? 'no space left on device' : err.message;
    if (!this.failure) this.onWarning(`the write-ahead log cannot be written (${why}): writes are refused until it can`);
    this.failure = new WalError(err, `the cluster's store cannot write to disk (${why}); the write may not have been stored, and writes are refused until there is room`);
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
    if (!this.closed) {
      this.retry = setTimeout(() => this.schedule(), 1000);
      this.retry.unref();
    }
  }

  /** close makes what it can durable and closes the file. */
  async close(): Promise<void> {
    if (this.pending.length && !this.failure) this.schedule();
    await new Promise((r) => setImmediate(r));
    await this.flushing;
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    fs.closeSync(this.fd);
  }
}
