// A minimal reader for the protobuf wire format (proto2 as emitted by Kubernetes' gogo-protobuf marshalers).
//
// Why by hand rather than protobufjs: decoding needs only four wire types (varint, 64-bit, length-delimited,
// 32-bit), our schemas are already table-driven (./schema.ts) and the JSON mapping Kubernetes needs (omitempty,
// pointer fields, IntOrString, Quantity, Time, inline structs) is not something protobufjs' toObject() does.
// A hand-written reader keeps the package free of a code generator and its runtime, and stays ~100 lines.

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** One field as read off the wire: number, wire type and the undecoded value. */
export type WireValue =
  | { readonly field: number; readonly wire: typeof WIRE_VARINT; readonly value: bigint }
  | { readonly field: number; readonly wire: typeof WIRE_FIXED64; readonly value: Buffer }
  | { readonly field: number; readonly wire: typeof WIRE_BYTES; readonly value: Buffer }
  | { readonly field: number; readonly wire: typeof WIRE_FIXED32; readonly value: Buffer };

export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Reads an unsigned varint of up to 10 bytes as a bigint (64 bits, wrapping like Go's uint64). */
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.buf[this.pos];
      if (b === undefined) throw new WireError(`truncated varint at offset ${this.pos}`);
      this.pos++;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new WireError(`varint longer than 10 bytes at offset ${this.pos}`);
  }

  private take(n: number, what: string): Buffer {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new WireError(`truncated ${what} at offset ${this.pos}: need ${n} bytes, have ${this.buf.length - this.pos}`);
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Reads the next field (tag + value). */
  next(): WireValue {
    const at = this.pos;
    const tag = this.varint();
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (field === 0 || field > 0x1fffffff) throw new WireError(`invalid field number ${field} at offset ${at}`);
    switch (wire) {
      case WIRE_VARINT:
        return { field, wire, value: this.varint() };
      case WIRE_FIXED64:
        return { field, wire, value: this.take(8, 'fixed64') };
      case WIRE_BYTES: {
        const len = this.varint();
        if (len > BigInt(this.buf.length)) throw new WireError(`truncated length-delimited field ${field} at offset ${at}`);
        return { field, wire, value: this.take(Number(len), `length-delimited field ${field}`) };
      }
      case WIRE_FIXED32:
        return { field, wire, value: this.take(4, 'fixed32') };
      default:
        throw new WireError(`unsupported wire type ${wire} for field ${field} at offset ${at}`);
    }
  }

  /** All fields of a message, in wire order. */
  static fields(buf: Buffer): WireValue[] {
    const r = new WireReader(buf);
    const out: WireValue[] = [];
    while (!r.done) out.push(r.next());
    return out;
  }

  /** The varints of a packed repeated scalar field. */
  static packedVarints(buf: Buffer): bigint[] {
    const r = new WireReader(buf);
    const out: bigint[] = [];
    while (!r.done) out.push(r.varint());
    return out;
  }
}
