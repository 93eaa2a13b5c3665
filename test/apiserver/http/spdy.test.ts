import { describe, it, expect } from 'vitest';
import zlib from 'node:zlib';
import { SpdySession } from '../../../src/apiserver/http/spdy.js';
import { SPDY3_DICTIONARY } from '../../../src/apiserver/http/spdy-dictionary.js';

/** headerBlock lays out and compresses a header block as spdystream does (first block of its zlib stream). */
function headerBlock(h: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  parts.push(u32(Object.keys(h).length));
  for (const [k, v] of Object.entries(h)) parts.push(u32(k.length), Buffer.from(k), u32(v.length), Buffer.from(v));
  return zlib.deflateSync(Buffer.concat(parts), { dictionary: SPDY3_DICTIONARY, level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

function control(type: number, flags: number, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8003, 0);
  h.writeUInt16BE(type, 2);
  h[4] = flags;
  h.writeUIntBE(body.length, 5, 3);
  return Buffer.concat([h, body]);
}

describe('SPDY/3.1 framing (the server half kubectl port-forward talks to)', () => {
  it('reads frames split anyhow, decompresses header blocks with the SPDY/3 dictionary, echoes PINGs, replies in kind', async () => {
    const out: Buffer[] = [];
    const seen: string[] = [];
    const s = new SpdySession((b) => out.push(b), {
      stream: (id, headers, fin) => seen.push(`stream ${id} ${JSON.stringify(headers)} ${fin}`),
      data: (id, data, fin) => seen.push(`data ${id} ${data.toString()} ${fin}`),
      reset: (id) => seen.push(`reset ${id}`),
      goaway: () => seen.push('goaway'),
    });
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    const syn = Buffer.alloc(10);
    syn.writeUInt32BE(1, 0);
    const frames = Buffer.concat([
      control(1, 0, Buffer.concat([syn, headerBlock({ streamtype: 'data', port: '80', requestid: '0' })])),
      Buffer.from([0, 0, 0, 1, 0x01, 0, 0, 5]),
      Buffer.from('hello'),
      control(6, 0, Buffer.from([0, 0, 0, 7])),
      control(3, 0, Buffer.from([0, 0, 0, 1, 0, 0, 0, 5])),
    ]);
    // kubectl's tunnel writes each field as its own WebSocket message: feed byte by byte.
    for (const b of frames) s.feed(Buffer.from([b]));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(['stream 1 {"streamtype":"data","port":"80","requestid":"0"} false', 'data 1 hello true', 'reset 1']);
    // The PING came back unchanged.
    expect(out[0]).toEqual(control(6, 0, Buffer.from([0, 0, 0, 7])));

    await s.reply(1);
    const reply = out[1]!;
    expect([reply[0], reply[1], reply.readUInt16BE(2), reply[4]]).toEqual([0x80, 0x03, 2, 0]);
    expect(reply.readUInt32BE(8)).toBe(1);
    // A zlib stream primed with the dictionary (78 f9, then the dictionary's adler32), holding an empty header block.
    expect(reply.subarray(12, 18).toString('hex')).toBe('78f9e3c6a7c2');
    const plain = zlib.inflateSync(reply.subarray(12), { dictionary: SPDY3_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    expect(plain).toEqual(Buffer.from([0, 0, 0, 0]));
    s.data(1, Buffer.from('hi'), true);
    expect(out[2]).toEqual(Buffer.from([0, 0, 0, 1, 0x01, 0, 0, 2, 0x68, 0x69]));
    s.close();
  });
});
