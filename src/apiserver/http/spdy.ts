import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './spdy-dictionary.js';

/**
 * SPDY/3.1 framing, the server half, as much as `kubectl port-forward` needs (its streams ride on SPDY, inside a
 * WebSocket or after a plain HTTP upgrade). Written by hand: no maintained npm package speaks SPDY/3.1 as a
 * server over an arbitrary byte stream (the `spdy` package is tied to HTTP/TLS servers and unmaintained).
 *
 * Frames: control frames start with the bit 1, version 3, a type, flags and a 24-bit length; data frames with a
 * 31-bit stream id, flags and a 24-bit length. Header blocks are name/value pairs (32-bit counts and lengths),
 * compressed by one zlib stream per direction for the whole connection, primed with SPDY/3's dictionary.
 */

export const FLAG_FIN = 0x01;

const TYPE = { SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9 } as const;

/** RST_STREAM status codes used here. */
export const RST = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, CANCEL: 5, INTERNAL_ERROR: 6 } as const;

export type Headers = Record<string, string>;

/** SpdyHandlers hear what the client does. */
export interface SpdyHandlers {
  stream(id: number, headers: Headers, fin: boolean): void;
  data(id: number, data: Buffer, fin: boolean): void;
  reset(id: number): void;
  goaway(): void;
}

/** encodeHeaders lays out a header block before compression: count, then length-prefixed names and values. */
function encodeHeaders(h: Headers): Buffer {
  const parts: Buffer[] = [];
  const n = Buffer.alloc(4);
  const entries = Object.entries(h);
  n.writeUInt32BE(entries.length);
  parts.push(n);
  for (const [k, v] of entries) {
    for (const s of [k.toLowerCase(), v]) {
      const b = Buffer.from(s);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      parts.push(len, b);
    }
  }
  return Buffer.concat(parts);
}

function decodeHeaders(b: Buffer): Headers {
  const out: Headers = {};
  let off = 0;
  const count = b.readUInt32BE(off);
  off += 4;
  for (let i = 0; i < count; i++) {
    const nl = b.readUInt32BE(off);
    const name = b.subarray(off + 4, off + 4 + nl).toString();
    off += 4 + nl;
    const vl = b.readUInt32BE(off);
    out[name] = b.subarray(off + 4, off + 4 + vl).toString();
    off += 4 + vl;
  }
  return out;
}

/**
 * ZStream runs one zlib stream (inflate or deflate) for the life of the connection: each block goes in, a sync
 * flush brings out everything it produced. Calls are queued, so blocks come out in order.
 */
class ZStream {
  private readonly z: zlib.Inflate | zlib.Deflate;
  private readonly out: Buffer[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(kind: 'inflate' | 'deflate') {
    this.z = kind === 'inflate' ? zlib.createInflate({ dictionary: SPDY3_DICTIONARY }) : zlib.createDeflate({ dictionary: SPDY3_DICTIONARY, level: 9 });
    this.z.on('data', (d: Buffer) => this.out.push(d));
    this.z.on('error', () => {});
  }

  run(block: Buffer): Promise<Buffer> {
    const next = this.queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          this.z.write(block);
          this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            // 'data' events for this flush have all been emitted by the time the callback runs.
            setImmediate(() => {
              const b = Buffer.concat(this.out.splice(0));
              if (this.z.destroyed) reject(new Error('header compression failed'));
              else resolve(b);
            });
          });
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.z.destroy();
  }
}

/**
 * SpdySession parses the client's frames from a byte stream (feed) and writes the server's (through write).
 * Control frames carrying headers are decompressed in order; everything else is handled as it arrives, after
 * the header blocks before it.
 */
export class SpdySession {
  private buf: Buffer = Buffer.alloc(0);
  private readonly inflate = new ZStream('inflate');
  private readonly deflate = new ZStream('deflate');
  /** Frames are handled in arrival order, whatever waits on zlib. */
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly write: (b: Buffer) => void,
    private readonly on: SpdyHandlers,
  ) {}

  feed(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 8) {
      const len = this.buf.readUIntBE(5, 3);
      if (this.buf.length < 8 + len) break;
      const frame = this.buf.subarray(0, 8 + len);
      this.buf = this.buf.subarray(8 + len);
      this.chain = this.chain.then(() => this.handle(frame)).catch(() => this.close());
    }
  }

  private async handle(f: Buffer): Promise<void> {
    if (this.closed) return;
    const flags = f[4]!;
    const body = f.subarray(8);
    if (!(f[0]! & 0x80)) {
      // No flow control: spdystream neither sends nor honours WINDOW_UPDATE.
      this.on.data(f.readUInt32BE(0) & 0x7fffffff, body, (flags & FLAG_FIN) !== 0);
      return;
    }
    const type = f.readUInt16BE(2);
    switch (type) {
      case TYPE.SYN_STREAM: {
        const id = body.readUInt32BE(0) & 0x7fffffff;
        const headers = decodeHeaders(await this.inflate.run(body.subarray(10)));
        this.on.stream(id, headers, (flags & FLAG_FIN) !== 0);
        return;
      }
      case TYPE.HEADERS:
        await this.inflate.run(body.subarray(4));
        return;
      case TYPE.RST_STREAM:
        this.on.reset(body.readUInt32BE(0) & 0x7fffffff);
        return;
      case TYPE.PING:
        // A ping is answered with the same id.
        this.control(TYPE.PING, 0, body.subarray(0, 4));
        return;
      case TYPE.GOAWAY:
        this.on.goaway();
        return;
      default:
        // SETTINGS, WINDOW_UPDATE: nothing to do (spdystream keeps no flow control either way).
        return;
    }
  }

  private control(type: number, flags: number, body: Buffer): void {
    if (this.closed) return;
    const h = Buffer.alloc(8);
    h.writeUInt16BE(0x8003, 0);
    h.writeUInt16BE(type, 2);
    h[4] = flags;
    h.writeUIntBE(body.length, 5, 3);
    this.write(Buffer.concat([h, body]));
  }

  /** reply accepts a stream the client opened (SYN_REPLY), with headers. */
  async reply(id: number, headers: Headers = {}, fin = false): Promise<void> {
    const block = await this.deflate.run(encodeHeaders(headers));
    const sid = Buffer.alloc(4);
    sid.writeUInt32BE(id & 0x7fffffff);
    this.control(TYPE.SYN_REPLY, fin ? FLAG_FIN : 0, Buffer.concat([sid, block]));
  }

  /** data sends bytes on a stream (in frames of at most 16 KiB); fin ends the server's half. */
  data(id: number, data: Buffer, fin = false): void {
    if (this.closed) return;
    for (let off = 0; off < data.length || (off === 0 && data.length === 0); off += 16384) {
      const part = data.subarray(off, off + 16384);
      const last = off + 16384 >= data.length;
      const h = Buffer.alloc(8);
      h.writeUInt32BE(id & 0x7fffffff, 0);
      h[4] = fin && last ? FLAG_FIN : 0;
      h.writeUIntBE(part.length, 5, 3);
      this.write(Buffer.concat([h, part]));
      if (data.length === 0) break;
    }
  }

  reset(id: number, status: number = RST.CANCEL): void {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(id & 0x7fffffff, 0);
    b.writeUInt32BE(status, 4);
    this.control(TYPE.RST_STREAM, 0, b);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.inflate.close();
    this.deflate.close();
  }
}
