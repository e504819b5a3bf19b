// A minimal protobuf wire-format reader: just what profile.proto needs (varints, length-delimited
// fields, packed repeated integers), with every read bounds-checked so that a truncated or
// corrupted file ends in a FormatError naming the byte offset, never in a crash or a hang.

/** The input is not what the reader expected; `offset` is where in the (uncompressed) bytes. */
export class FormatError extends Error {
  override name = 'FormatError';
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} at byte ${offset}`);
  }
}

const TWO_32 = 4294967296;

export class Reader {
  pos: number;
  /** Set by readVarint64: the low and high 32 bits of the last varint, for callers that need them. */
  lo = 0;
  hi = 0;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    public end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a JS number: exact below 2^53; int64 negatives (10-byte varints) come out negative. */
  varint(): number {
    const buf = this.buf;
    const p = this.pos;
    if (p < this.end) {
      const b = buf[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return b;
      }
    }
    this.varint64();
    const lo = this.lo;
    const hi = this.hi;
    if (hi & 0x80000000) {
      // Two's complement of a negative int64, computed on the halves so small negatives stay exact.
      const nlo = (~lo + 1) >>> 0;
      const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
      return -(nhi * TWO_32 + nlo);
    }
    return hi * TWO_32 + lo;
  }

  /** A varint as an unsigned 64-bit bigint (addresses, mapping bounds). */
  uint64(): bigint {
    this.varint64();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** Reads a varint into this.lo / this.hi. */
  varint64(): void {
    const buf = this.buf;
    const end = this.end;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (p >= end) throw new FormatError('truncated varint', p);
      b = buf[p++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return this.finish(p, lo, 0);
    }
    if (p >= end) throw new FormatError('truncated varint', p);
    b = buf[p++]!;
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b < 0x80) return this.finish(p, lo, hi);
    for (let shift = 3; shift < 32; shift += 7) {
      if (p >= end) throw new FormatError('truncated varint', p);
      b = buf[p++]!;
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) return this.finish(p, lo, hi);
    }
    throw new FormatError('varint longer than 10 bytes', this.pos);
  }

  private finish(p: number, lo: number, hi: number): void {
    this.pos = p;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** Reads a field key; returns field number * 8 + wire type. */
  key(): number {
    const k = this.varint();
    if (k < 8) throw new FormatError(`invalid field key ${k}`, this.pos);
    return k;
  }

  /** Reads a length prefix and returns the end offset of the bytes it announces. */
  lengthEnd(): number {
    const start = this.pos;
    const n = this.varint();
    if (n < 0 || this.pos + n > this.end) throw new FormatError(`length ${n} runs past the end of its message`, start);
    return this.pos + n;
  }

  bytes(): Uint8Array {
    const end = this.lengthEnd();
    const b = this.buf.subarray(this.pos, end);
    this.pos = end;
    return b;
  }

  /** Skips a field of the given wire type. */
  skip(wireType: number): void {
    const at = this.pos;
    switch (wireType) {
      case 0:
        this.varint64();
        return;
      case 1:
        this.pos += 8;
        break;
      case 2:
        this.pos = this.lengthEnd();
        return;
      case 5:
        this.pos += 4;
        break;
      default:
        throw new FormatError(`unsupported wire type ${wireType}`, at);
    }
    if (this.pos > this.end) throw new FormatError('truncated field', at);
  }

  /** Reads a repeated integer field, packed (wire type 2) or not (wire type 0), into out. */
  repeated(wireType: number, out: number[]): void {
    if (wireType === 0) {
      out.push(this.varint());
      return;
    }
    if (wireType !== 2) throw new FormatError(`unexpected wire type ${wireType} for a repeated integer`, this.pos);
    const end = this.lengthEnd();
    const inner = new Reader(this.buf, this.pos, end);
    while (inner.pos < end) out.push(inner.varint());
    this.pos = end;
  }
}

const utf8 = new TextDecoder('utf-8');

export function decodeUtf8(b: Uint8Array): string {
  // Latin-1 fast path: most profile strings are ASCII.
  if (b.length < 64) {
    let ascii = true;
    for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) { ascii = false; break; }
    if (ascii) return String.fromCharCode.apply(null, b as unknown as number[]);
  }
  return utf8.decode(b);
}
