import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PersistentStore, segmentName } from '../../src/store/persistent-store.js';
import { diskIO, frame, readFrames, type WalIO } from '../../src/store/wal.js';
import { LockedError } from '../../src/store/lock.js';
import { StoreError } from '../../src/store/store.js';
import type { KubeObject } from '../../src/api/types.js';

const obj = (name: string, data: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', uid: `uid-${name}` }, data } as KubeObject);

const dirs: string[] = [];
const open: PersistentStore[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'minik9s-store-'));
  dirs.push(d);
  return d;
}
async function openStore(dir: string, opts: Parameters<typeof PersistentStore.open>[1] = {}): Promise<PersistentStore> {
  const s = await PersistentStore.open(dir, opts);
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => {});
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The state as plain data: key → the whole stored object. */
function state(s: PersistentStore): Record<string, unknown> {
  return Object.fromEntries(s.list('/configmaps/').items.map((o) => [o.metadata.name, o]));
}

/** crash drops a store as kill -9 would: no close, no snapshot; only its lock is let go (the kernel does that). */
function crash(s: PersistentStore): void {
  open.splice(open.indexOf(s), 1);
  (s as unknown as { lock: { release(): void } }).lock.release();
}

const segments = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('wal-') && f.endsWith('.log')).sort();
const snapshots = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('snap-') && f.endsWith('.snap')).sort();

describe('PersistentStore', () => {
  it('brings back every object, uid and resourceVersion after a clean close, and revisions keep growing', async () => {
    const dir = tmp();
    const s = await openStore(dir);
    s.create('/configmaps/default/a', obj('a', { x: '1' }));
    s.create('/configmaps/default/b', obj('b'));
    s.update('/configmaps/default/a', obj('a', { x: '2' }));
    s.create('/configmaps/default/c', obj('c'));
    s.delete('/configmaps/default/c');
    await s.sync();
    const before = state(s);
    const rev = s.revision;
    await s.close();
    open.splice(open.indexOf(s), 1);
    expect(snapshots(dir)).toEqual([`snap-${String(rev).padStart(16, '0')}.snap`]);

    const r = await openStore(dir);
    expect(state(r)).toEqual(before);
    expect(r.revision).toBe(rev);
    expect(r.report).toMatchObject({ objects: 2, revision: rev, snapshot: rev, replayed: 0, warnings: [] });
    expect(r.get('/configmaps/default/a')!.metadata.resourceVersion).toBe(String(rev - 2));
    const next = r.create('/configmaps/default/d', obj('d'));
    expect(Number(next.metadata.resourceVersion)).toBe(rev + 1);
    // A watch from before the restart cannot be resumed (no history survives): 410 Gone for the client.
    expect(() => r.watch('/configmaps/', rev - 1, () => {})).toThrow(StoreError);
  });

  it('after a crash, every write whose sync() resolved is back, from the log alone', async () => {
    const dir = tmp();
    const s = await openStore(dir);
    for (let i = 0; i < 500; i++) s.create(`/configmaps/default/cm-${i}`, obj(`cm-${i}`, { i: String(i) }));
    for (let i = 0; i < 500; i += 3) s.delete(`/configmaps/default/cm-${i}`);
    await s.sync();
    const before = state(s);
    crash(s);
    const r = await openStore(dir);
    expect(r.report.snapshot).toBeUndefined();
    expect(r.report.replayed).toBe(500 + 167);
    expect(state(r)).toEqual(before);
  });

  it('a torn tail (the process died mid-write) is cut off with a warning, and start-up goes on', async () => {
    const dir = tmp();
    const s = await openStore(dir);
    s.create('/configmaps/default/a', obj('a'));
    s.create('/configmaps/default/b', obj('b'));
    await s.sync();
    crash(s);
    const [seg] = segments(dir);
    const file = path.join(dir, seg!);
    const good = fs.statSync(file).size;
    // Half a record: its header and part of its body.
    const half = frame(JSON.stringify({ r: 3, k: '/configmaps/default/c', o: obj('c') }));
    fs.appendFileSync(file, half.subarray(0, half.length - 10));
    const logged: string[] = [];
    const r = await openStore(dir, { log: (l) => logged.push(l) });
    expect(Object.keys(state(r))).toEqual(['a', 'b']);
    expect(r.revision).toBe(2);
    expect(r.report.warnings).toHaveLength(1);
    expect(logged[0]).toMatch(/store: the write-ahead log wal-0+1\.log has a torn record at byte \d+ .*cut off there \(\d+ bytes dropped\), start-up goes on at revision 2/);
    expect(fs.statSync(file).size).toBe(good);
    // Writing goes on, and the next restart reads everything cleanly.
    r.create('/configmaps/default/c', obj('c'));
    await r.sync();
    crash(r);
    const again = await openStore(dir);
    expect(Object.keys(state(again))).toEqual(['a', 'b', 'c']);
    expect(again.report.warnings).toEqual([]);
  });

  it('a flipped bit inside the log is caught by the checksum: the log is cut there, later files set aside', async () => {
    const dir = tmp();
    const s = await openStore(dir, { segmentBytes: 600 });
    for (let i = 0; i < 12; i++) {
      s.create(`/configmaps/default/cm-${i}`, obj(`cm-${i}`));
      await s.sync(); // one group commit each, so the log rolls over to new files
    }
    crash(s);
    const segs = segments(dir);
    expect(segs.length).toBeGreaterThan(2);
    const second = path.join(dir, segs[1]!);
    const bytes = fs.readFileSync(second);
    bytes[bytes.length - 5] ^= 0x20;
    fs.writeFileSync(second, bytes);
    const r = await openStore(dir);
    const kept = r.revision;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(12);
    expect(Object.keys(state(r))).toHaveLength(kept);
    expect(r.report.warnings[0]).toMatch(/checksum does not match/);
    expect(r.report.warnings.slice(1).every((w) => /comes after the damage: set aside/.test(w))).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.damaged')).length).toBe(segs.length - 2);
  });

  it('a damaged snapshot falls back to the one before it, plus the log since', async () => {
    const dir = tmp();
    const s = await openStore(dir);
    s.create('/configmaps/default/a', obj('a'));
    await s.snapshot();
    s.create('/configmaps/default/b', obj('b'));
    s.update('/configmaps/default/a', obj('a', { v: '2' }));
    await s.snapshot();
    s.create('/configmaps/default/c', obj('c'));
    await s.sync();
    const before = state(s);
    crash(s);
    const snaps = snapshots(dir);
    expect(snaps).toHaveLength(2);
    const newest = path.join(dir, snaps[1]!);
    fs.truncateSync(newest, fs.statSync(newest).size - 3);
    const r = await openStore(dir);
    expect(r.report.snapshot).toBe(1);
    expect(r.report.warnings[0]).toMatch(/snapshot snap-0+3\.snap is damaged \(a torn record.*\): set aside, falling back to the one before/);
    expect(state(r)).toEqual(before);
  });

  it('snapshots are written as the log grows, and old log files and snapshots are removed', async () => {
    const dir = tmp();
    const s = await openStore(dir, { segmentBytes: 2000, snapshotBytes: 4000 });
    for (let i = 0; i < 200; i++) {
      if (s.get(`/configmaps/default/cm-${i % 10}`)) s.update(`/configmaps/default/cm-${i % 10}`, obj(`cm-${i % 10}`, { i: String(i) }));
      else s.create(`/configmaps/default/cm-${i % 10}`, obj(`cm-${i % 10}`, { i: String(i) }));
      await s.sync();
    }
    await s.snapshot();
    expect(snapshots(dir).length).toBeLessThanOrEqual(2);
    const segs = segments(dir);
    expect(segs.length).toBeLessThan(20);
    const before = state(s);
    crash(s);
    const r = await openStore(dir);
    expect(state(r)).toEqual(before);
    expect(r.revision).toBe(200);
  });

  it('a full disk refuses writes with a clear error, loses nothing, and writes are accepted again when there is room', async () => {
    const dir = tmp();
    let full = false;
    const io: WalIO = {
      write: (fd, buf, pos) => {
        if (!full) return diskIO.write(fd, buf, pos);
        // Half the bytes land, then the device is full: the writer must cut them off again.
        return diskIO.write(fd, buf.subarray(0, buf.length >> 1), pos).then(() => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        });
      },
      sync: diskIO.sync,
    };
    const logged: string[] = [];
    const s = await openStore(dir, { io, log: (l) => logged.push(l) });
    s.create('/configmaps/default/a', obj('a'));
    await s.sync();
    full = true;
    s.create('/configmaps/default/b', obj('b'));
    await expect(s.sync()).rejects.toThrow(/cannot write to disk \(no space left on device\)/);
    expect(() => s.create('/configmaps/default/c', obj('c'))).toThrow(/no space left on device/);
    expect(logged.some((l) => /cannot be written \(no space left on device\): writes are refused/.test(l))).toBe(true);
    // The log on disk holds exactly the acknowledged write: nothing half-written.
    const [seg] = segments(dir);
    const read = readFrames(fs.readFileSync(path.join(dir, seg!)));
    expect(read.problem).toBeUndefined();
    expect(read.records).toHaveLength(1);
    full = false;
    await new Promise((r) => setTimeout(r, 1300)); // the retry comes a second later
    await s.sync();
    s.create('/configmaps/default/c', obj('c'));
    await s.sync();
    crash(s);
    const r = await openStore(dir);
    expect(Object.keys(state(r))).toEqual(['a', 'b', 'c']);
  });

  it('one directory, one owner: a second open is refused while the first holds it, and allowed after', async () => {
    const dir = tmp();
    const s = await openStore(dir);
    await expect(PersistentStore.open(dir)).rejects.toBeInstanceOf(LockedError);
    await s.close();
    open.splice(open.indexOf(s), 1);
    const again = await openStore(dir);
    expect(again.revision).toBe(0);
  });

  it('group commit: a burst of writes in one turn takes one write and one sync', async () => {
    const dir = tmp();
    let writes = 0;
    let syncs = 0;
    const io: WalIO = { write: (...a) => (writes++, diskIO.write(...a)), sync: (fd) => (syncs++, diskIO.sync(fd)) };
    const s = await openStore(dir, { io });
    const waits = [];
    for (let i = 0; i < 1000; i++) {
      s.create(`/configmaps/default/cm-${i}`, obj(`cm-${i}`));
      waits.push(s.sync());
    }
    await Promise.all(waits);
    expect({ writes, syncs }).toEqual({ writes: 1, syncs: 1 });
  });
});
